from django.db import transaction

from seoul_se.accounts.models import Role, User


@transaction.atomic
def register_enterprise_member(*, email: str, name: str, password: str, phone: str = "") -> User:
    """A person signs up; they can then register an enterprise or ask to join one."""
    return User.objects.create_user(
        email=email, password=password, name=name, phone=phone, role=Role.ENTERPRISE_MEMBER
    )
