"""Who sees and changes KPIs — used by pages and API alike.

Officials, centre staff and administrators see everything and maintain indicators; auditors
read everything; enterprise members and reviewers see nothing internal (403). Only officials
(and administrators) approve manual entries, never their own.
"""

from typing import Any

from django.db.models import QuerySet

from kpis.models import Indicator, IndicatorValue, ManualEntry
from seoul_se.access import OFFICIAL_ROLES, READ_ALL_ROLES, STAFF_ROLES, has_role

READ_ROLES = READ_ALL_ROLES
EDIT_ROLES = STAFF_ROLES
APPROVE_ROLES = OFFICIAL_ROLES


def can_read(user: Any) -> bool:
    return has_role(user, READ_ROLES)


def can_edit(user: Any) -> bool:
    return has_role(user, EDIT_ROLES)


def can_approve(user: Any) -> bool:
    return has_role(user, APPROVE_ROLES)


def indicators_for(user: Any) -> QuerySet[Indicator]:
    return Indicator.objects.all() if can_read(user) else Indicator.objects.none()


def values_for(user: Any) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.all() if can_read(user) else IndicatorValue.objects.none()


def entries_for(user: Any) -> QuerySet[ManualEntry]:
    return ManualEntry.objects.all() if can_read(user) else ManualEntry.objects.none()
