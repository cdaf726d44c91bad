"""Reads about users' logins: second factor and API tokens."""

from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from seoul_se.accounts.models import ApiToken, Role, User

# Roles that reach public money or everyone's records must prove a second factor.
SECOND_FACTOR_ROLES = frozenset(
    {
        Role.OFFICIAL,
        Role.CENTRE_STAFF,
        Role.AUDITOR,
        Role.INTERMEDIARY_STAFF,
        Role.ADMINISTRATOR,
    }
)


def second_factor_enforced(user: User) -> bool:
    return user.role in SECOND_FACTOR_ROLES


def has_second_factor(user: User) -> bool:
    """A confirmed authenticator app (recovery codes alone do not count)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_required(user: User) -> bool:
    """Enforced roles always; enterprise members and reviewers once they opted in."""
    return second_factor_enforced(user) or has_second_factor(user)


def recovery_codes_left(user: User) -> int:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    return device.token_set.count() if device else 0


def active_tokens(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, expires_at__gt=timezone.now()).order_by("-created")


RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "authenticator"
