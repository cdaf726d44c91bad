"""Who may see and change which enterprises: the one place for pages and API of this app.

- Staff (officials, centre staff, administrators) read and change every enterprise.
- Auditors read every enterprise and change nothing.
- Enterprise members read and edit only enterprises where their membership is approved; any
  other enterprise answers 404 (its existence is not disclosed).
- Reviewers and intermediary staff have no registry access at all (403).

Other apps scope their enterprise-owned records with :func:`enterprise_ids_for`.
"""

from typing import Any

from django.db.models import QuerySet

from enterprises.models import (
    Certification,
    ChangeRequest,
    Enterprise,
    EnterpriseMembership,
    YearlyFigures,
)
from seoul_se.access import READ_ALL_ROLES, STAFF_ROLES, has_role
from seoul_se.accounts.models import Role
from seoul_se.audit.masking import Kind, PersonalDataPolicy

# Roles that may open registry pages / API at all (members only see their own enterprises).
REGISTRY_ROLES = READ_ALL_ROLES | {Role.ENTERPRISE_MEMBER}
# Roles that edit any enterprise, verify, import and decide requests.
REGISTRY_STAFF_ROLES = STAFF_ROLES
# Roles that may write through pages/API (members only their own, identity fields by request).
REGISTRY_WRITE_ROLES = STAFF_ROLES | {Role.ENTERPRISE_MEMBER}
ONBOARDING_ROLES = frozenset({Role.ENTERPRISE_MEMBER})


def enterprise_ids_for(user: Any) -> list[int]:
    """Enterprises the user belongs to (approved memberships only)."""
    if not (user and user.is_authenticated):
        return []
    return list(
        EnterpriseMembership.objects.filter(
            user=user, status=EnterpriseMembership.Status.APPROVED
        ).values_list("enterprise_id", flat=True)
    )


def is_registry_staff(user: Any) -> bool:
    return has_role(user, REGISTRY_STAFF_ROLES)


def visible_enterprises(user: Any) -> QuerySet[Enterprise]:
    if has_role(user, READ_ALL_ROLES):
        return Enterprise.objects.all()
    if has_role(user, {Role.ENTERPRISE_MEMBER}):
        return Enterprise.objects.filter(
            memberships__user=user, memberships__status=EnterpriseMembership.Status.APPROVED
        )
    return Enterprise.objects.none()


def editable_enterprises(user: Any) -> QuerySet[Enterprise]:
    if has_role(user, STAFF_ROLES):
        return Enterprise.objects.all()
    if has_role(user, {Role.ENTERPRISE_MEMBER}):
        return visible_enterprises(user)
    return Enterprise.objects.none()


def can_edit_enterprise(user: Any, enterprise: Enterprise) -> bool:
    if has_role(user, STAFF_ROLES):
        return True
    return has_role(user, {Role.ENTERPRISE_MEMBER}) and enterprise.pk in enterprise_ids_for(user)


def visible_change_requests(user: Any) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(enterprise__in=visible_enterprises(user))


def visible_certifications(user: Any) -> QuerySet[Certification]:
    return Certification.objects.filter(enterprise__in=visible_enterprises(user))


def visible_yearly_figures(user: Any) -> QuerySet[YearlyFigures]:
    return YearlyFigures.objects.filter(enterprise__in=visible_enterprises(user))


def editable_yearly_figures(user: Any) -> QuerySet[YearlyFigures]:
    """Figures the user may enter or correct (the service still keeps confirmed ones for staff)."""
    return YearlyFigures.objects.filter(enterprise__in=editable_enterprises(user))


# An enterprise's personal data (the representative is a person; phone, e-mail and address
# often are the representative's own): masked for roles that do not need it.
PERSONAL_FIELDS = {
    "representative": Kind.NAME,
    "phone": Kind.PHONE,
    "email": Kind.EMAIL,
    "address": Kind.ADDRESS,
}


def personal_data_policy(user: Any) -> PersonalDataPolicy:
    """Staff see every enterprise's personal data, members their own; others see it masked."""
    return PersonalDataPolicy(user, own_ids=lambda: enterprise_ids_for(user))


def personal_data(policy: PersonalDataPolicy, enterprise: Enterprise) -> dict[str, str]:
    """The enterprise's personal fields as the policy's user may see them."""
    values = {field: getattr(enterprise, field) for field in PERSONAL_FIELDS}
    return policy.apply(values, PERSONAL_FIELDS, owner_id=enterprise.pk)
