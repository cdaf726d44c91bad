"""Who sees which budget, settlement and report records (pages and API alike).

Budgets and settlements are the city's and the centre's accounts: officials, centre staff,
administrators and auditors read all of them; enterprise members, reviewers and intermediary
staff see none (403 on the pages).
"""

from typing import Any

from django.db.models import QuerySet

from reports.models import Budget, Expenditure, GeneratedReport
from seoul_se.access import READ_ALL_ROLES, STAFF_ROLES, has_role
from seoul_se.accounts.models import Role

READ_ROLES = READ_ALL_ROLES
RECORD_ROLES = STAFF_ROLES  # record revenue/expenditure and budget changes
GENERATE_ROLES = READ_ALL_ROLES  # auditors may generate workbooks (a whitelisted POST)
FINDING_ROLES = frozenset({Role.AUDITOR})


def can_read(user: Any) -> bool:
    return has_role(user, READ_ROLES)


def budgets_for(user: Any) -> QuerySet[Budget]:
    return Budget.objects.all() if can_read(user) else Budget.objects.none()


def expenditures_for(user: Any) -> QuerySet[Expenditure]:
    return Expenditure.objects.all() if can_read(user) else Expenditure.objects.none()


def reports_for(user: Any) -> QuerySet[GeneratedReport]:
    return GeneratedReport.objects.all() if can_read(user) else GeneratedReport.objects.none()
