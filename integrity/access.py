"""Who sees and decides flags: staff decide, auditors read, nobody else sees them."""

from typing import Any

from django.db.models import QuerySet

from integrity.models import Flag
from seoul_se.access import READ_ALL_ROLES, STAFF_ROLES, has_role


def visible_flags(user: Any) -> QuerySet[Flag]:
    if user.is_authenticated and has_role(user, READ_ALL_ROLES):
        return Flag.objects.all()
    return Flag.objects.none()


def may_decide(user: Any) -> bool:
    return user.is_authenticated and has_role(user, STAFF_ROLES)


def may_run(user: Any) -> bool:
    """Starting a check: staff by hand, and anyone whose upload triggers the check after it."""
    return user.is_authenticated
