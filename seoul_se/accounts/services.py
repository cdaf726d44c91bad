import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from auditlog.context import auditlog_value, set_actor
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from seoul_se.accounts import selectors
from seoul_se.accounts.lockout import normalise_email
from seoul_se.accounts.models import ApiToken, Role, User

RECOVERY_CODE_COUNT = 10


@contextmanager
def _acting(actor: User) -> Iterator[None]:
    """Name ``actor`` in the audit trail. Inside a request the audit middleware's context (with
    the client address) is kept and only gets the actor if it has none (login, token, link)."""
    try:
        context = auditlog_value.get()
    except LookupError:
        with set_actor(actor):
            yield
        return
    if context.get("actor") is None:
        context["actor"] = actor
    yield


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Sign-up confirmation links: they stop working once the account is active."""

    key_salt = "seoul_se.accounts.activation"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


activation_token_generator = ActivationTokenGenerator()


# --- sign-up ------------------------------------------------------------------------------


@transaction.atomic
def sign_up(*, email: str, name: str, password: str, phone: str = "") -> None:
    """A person asks for an enterprise-member account; the answer never tells whether the address
    is registered. A new (or never confirmed) address gets a confirmation link; the owner of an
    existing account gets a notice instead."""
    email = normalise_email(email)
    user = User.objects.filter(email=email).first()
    if user is not None and (user.is_active or user.last_login is not None):
        make_password(password)  # same work as a new sign-up: the timing tells nothing either
        _mail(
            user, _("[서울시 사회적경제 포털] 가입 시도 안내"), "accounts/email_signup_exists.txt"
        )
        return
    if user is None:
        user = User(email=email, role=Role.ENTERPRISE_MEMBER, is_active=False)
    # An unconfirmed account is only a claim: whoever proves the mailbox sets the password.
    user.name, user.phone = name, phone
    user.set_password(password)
    user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = reverse(
        "accounts:activate",
        kwargs={"uidb64": uid, "token": activation_token_generator.make_token(user)},
    )
    _mail(user, _("[서울시 사회적경제 포털] 가입 확인"), "accounts/email_activate.txt", link=link)


@transaction.atomic
def activate(*, user: User, token: str) -> None:
    if user.is_active or not activation_token_generator.check_token(user, token):
        raise ValidationError(
            _("링크가 만료되었거나 잘못되었습니다. 다시 가입해 주세요."), code="invalid_link"
        )
    user.is_active = True
    with _acting(user):
        user.save()


def _mail(user: User, subject: str, template: str, **context: Any) -> None:
    context.update(user=user, portal_url=settings.PORTAL_URL)
    send_mail(subject, render_to_string(template, context), None, [user.email])


@transaction.atomic
def register_enterprise_member(*, email: str, name: str, password: str, phone: str = "") -> User:
    """An active enterprise-member account (staff rosters and tests; people use ``sign_up``)."""
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


# --- API tokens ---------------------------------------------------------------------------


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_api_token(*, actor: User) -> tuple[ApiToken, str]:
    """A new token for ``actor`` (who has just proved password and, if required, second factor).
    Returns the record and the key, which is never stored."""
    key = secrets.token_urlsafe(32)
    with _acting(actor):
        token = ApiToken.objects.create(
            user=actor,
            digest=token_digest(key),
            prefix=key[:8],
            auth_hash=actor.get_session_auth_hash(),
            expires_at=timezone.now() + timedelta(hours=settings.TOKEN_TTL),
        )
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken, actor: User) -> None:
    """The owner or an administrator ends a token."""
    if token.user_id != actor.pk and actor.role != Role.ADMINISTRATOR:
        raise PermissionDenied(_("다른 사용자의 토큰은 폐기할 수 없습니다."))
    with _acting(actor):
        token.delete()


@transaction.atomic
def revoke_all_api_tokens(*, user: User, actor: User) -> int:
    """Every token of ``user`` ends (logout, password change, administrator)."""
    if user.pk != actor.pk and actor.role != Role.ADMINISTRATOR:
        raise PermissionDenied(_("다른 사용자의 토큰은 폐기할 수 없습니다."))
    tokens = list(ApiToken.objects.filter(user=user))
    with _acting(actor):
        for token in tokens:  # one by one so each revocation is in the audit trail
            token.delete()
    return len(tokens)


def token_is_valid(token: ApiToken) -> bool:
    user = token.user
    return (
        token.expires_at > timezone.now()
        and user.is_active
        and secrets.compare_digest(token.auth_hash, user.get_session_auth_hash())
    )


# --- second factor ------------------------------------------------------------------------


@transaction.atomic
def start_totp_setup(*, actor: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one per user; a new secret each start)."""
    if selectors.has_second_factor(actor):
        raise ValidationError(_("2단계 인증이 이미 설정되어 있습니다."), code="otp_exists")
    with _acting(actor):
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        return TOTPDevice.objects.create(
            user=actor, name=selectors.TOTP_DEVICE_NAME, confirmed=False
        )


@transaction.atomic
def confirm_totp_setup(*, actor: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """The first code from the app confirms the device; returns it and fresh recovery codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).first()
    if device is None or not device.verify_token(code.strip()):
        raise ValidationError(
            _("인증 코드가 올바르지 않습니다. 앱에 표시된 6자리 숫자를 입력하세요."),
            code="otp_invalid",
        )
    with _acting(actor):
        device.confirmed = True
        device.save()
    return device, regenerate_recovery_codes(actor=actor)


@transaction.atomic
def regenerate_recovery_codes(*, actor: User) -> list[str]:
    """New one-time recovery codes; earlier ones stop working. Shown to the owner once."""
    with _acting(actor):
        device, _created = StaticDevice.objects.get_or_create(
            user=actor, name=selectors.RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def reset_second_factor(*, user: User, actor: User) -> None:
    """An administrator removes a user's authenticator and recovery codes (lost phone); an
    enforced role sets up a new one at the next login. Their API tokens end too."""
    if actor.role != Role.ADMINISTRATOR:
        raise PermissionDenied(_("2단계 인증 초기화는 시스템 관리자만 할 수 있습니다."))
    with _acting(actor):
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.filter(user=user):
                device.delete()
    revoke_all_api_tokens(user=user, actor=actor)


def verify_second_factor(user: User, code: str) -> Any:
    """The device that accepts ``code`` (authenticator code or an unused recovery code)."""
    code = code.strip().replace(" ", "")
    if not code:
        return None
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.devices_for_user(user).select_for_update():
                if device.verify_token(code):
                    return device
    return None


# --- retention ------------------------------------------------------------------------------

# Login records answer "who tried which account from where" for at least a year.
MIN_LOGIN_RECORD_RETENTION_DAYS = 365
# An expired token is kept a while so its owner can see it ended (it authenticates nothing).
EXPIRED_TOKEN_KEEP_DAYS = 30


@transaction.atomic
def purge_login_records(*, now: datetime | None = None) -> dict[str, int]:
    """Delete django-axes attempts, failure and access logs older than
    ``LOGIN_RECORD_RETENTION_DAYS`` and API tokens expired more than 30 days ago (nightly)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    days = int(settings.LOGIN_RECORD_RETENTION_DAYS)
    if days < MIN_LOGIN_RECORD_RETENTION_DAYS:
        raise ImproperlyConfigured(
            f"LOGIN_RECORD_RETENTION_DAYS must be at least {MIN_LOGIN_RECORD_RETENTION_DAYS}."
        )
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    deleted = {
        model._meta.label_lower: model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    }
    expired = ApiToken.objects.filter(expires_at__lt=now - timedelta(days=EXPIRED_TOKEN_KEEP_DAYS))
    deleted["accounts.apitoken"] = expired.delete()[0]
    return deleted
