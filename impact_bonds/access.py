"""Who sees and changes which SIB records: the one place for pages and API.

- Officials and administrators read everything, manage contracts and payout rules and may
  enter measurements.
- Centre staff and auditors read everything (auditors change nothing).
- Evaluator staff (users linked to a bond as 평가기관 담당자) read their bonds and enter their
  measurements, whatever their portal role.
- Everyone else sees no SIB.
"""

from typing import Any

from django.db.models import QuerySet

from impact_bonds.models import ImpactBond, Measurement
from seoul_se.access import OFFICIAL_ROLES, READ_ALL_ROLES, has_role
from seoul_se.accounts.models import Role

READ_ROLES = READ_ALL_ROLES
MANAGE_ROLES = OFFICIAL_ROLES


def can_manage(user: Any) -> bool:
    return has_role(user, MANAGE_ROLES)


def visible_bonds(user: Any) -> QuerySet[ImpactBond]:
    if not (user and user.is_authenticated and user.is_active):
        return ImpactBond.objects.none()
    if has_role(user, READ_ROLES):
        return ImpactBond.objects.all()
    return ImpactBond.objects.filter(evaluator_staff=user)


def may_open(user: Any) -> bool:
    """Whether the SIB pages open at all (a role that reads, or evaluator of some bond)."""
    return has_role(user, READ_ROLES) or visible_bonds(user).exists()


def can_measure(user: Any, bond: ImpactBond) -> bool:
    if not (user and user.is_authenticated and user.is_active) or user.role == Role.AUDITOR:
        return False
    return has_role(user, MANAGE_ROLES) or bond.evaluator_staff.filter(pk=user.pk).exists()


def visible_measurements(user: Any) -> QuerySet[Measurement]:
    return Measurement.objects.filter(metric__bond__in=visible_bonds(user))
