from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from seoul_se.accounts.models import Role, User


@transaction.atomic
def register_enterprise_member(*, email: str, name: str, password: str, phone: str = "") -> User:
    """A person signs up; they can then register an enterprise or ask to join one."""
    return User.objects.create_user(
        email=email, password=password, name=name, phone=phone, role=Role.ENTERPRISE_MEMBER
    )


@transaction.atomic
def invite_user(*, email: str, name: str, role: str, organisation: str = "") -> User:
    """An account without a password: the person sets one through ``password_setup_url``."""
    return User.objects.create_user(
        email=email, password=None, name=name, role=role, organisation=organisation
    )


def password_setup_url(user: User) -> str:
    """The password-reset link for ``user``; it also works for an invited account that has no
    password yet (the token is bound to the current password, so it expires once one is set)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
