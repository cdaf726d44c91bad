"""Who acts for which district: users linked to a district centre (role 기업 담당자, like
intermediary staff linked to their 수행기관 in funds). Programs scopes district applications
with :func:`district_ids_for`, as it scopes enterprise applications with
``enterprises.access.enterprise_ids_for``."""

from typing import Any

from django.db.models import QuerySet

from districts.models import DistrictCentre, StageApplication
from seoul_se.access import ALL_ROLES, STAFF_ROLES, has_role
from seoul_se.accounts.models import Role, User
from seoul_se.audit.masking import Kind, PersonalDataPolicy

# The centres' contacts are the organisations' (everyone signed in reads them); only the
# head's name is personal.
READ_ROLES = ALL_ROLES
PERSONAL_FIELDS = {"head": Kind.NAME}
# Stage applications: the programs staff, and district centre staff for their own district.
STAGE_ROLES = STAFF_ROLES | {Role.ENTERPRISE_MEMBER}


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


def visible_stage_applications(user: Any) -> QuerySet[StageApplication]:
    queryset = StageApplication.objects.all()
    if has_role(user, STAFF_ROLES):
        return queryset
    return queryset.filter(district_id__in=district_ids_for(user))


def personal_data_policy(user: Any) -> PersonalDataPolicy:
    """Officials and centre staff (and administrators) see the heads' names; others masked."""
    return PersonalDataPolicy(user)


def shown_head(policy: PersonalDataPolicy, centre: DistrictCentre) -> str:
    return str(policy.apply({"head": centre.head}, PERSONAL_FIELDS, owner_id=None)["head"])
