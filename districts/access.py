"""Who acts for which district: users linked to a district centre (role 기업 담당자, like
intermediary staff linked to their 수행기관 in funds). Programs scopes district applications
with :func:`district_ids_for`, as it scopes enterprise applications with
``enterprises.access.enterprise_ids_for``."""

from typing import Any

from django.db.models import QuerySet

from districts.models import DistrictCentre
from seoul_se.accounts.models import Role, User


def district_ids_for(user: Any) -> list[int]:
    """The 자치구 (reference ``District`` ids) whose centre the user works for."""
    if not (user and user.is_authenticated and user.role == Role.ENTERPRISE_MEMBER):
        return []
    return list(DistrictCentre.objects.filter(staff=user).values_list("district_id", flat=True))


def staff_of(district_id: int) -> QuerySet[User]:
    """The active users of the district's centre (to notify about its applications)."""
    return User.objects.filter(
        district_centres__district_id=district_id,
        role=Role.ENTERPRISE_MEMBER,
        is_active=True,
    )
