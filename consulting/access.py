"""Who may see and change which consulting cases: the one place for pages and API of this app.

- Staff (officials, centre staff, administrators) read and manage every case and the expert pool.
- Auditors read every case and change nothing.
- Enterprise members read only their own enterprises' cases (others answer 404), request
  support for their own enterprise, withdraw a request and rate a closed case.
- A user linked to an external expert reads the cases assigned to that expert and records
  their sessions.
- Everyone else (reviewers, intermediary staff): 403.
"""

from typing import Any

from django.db.models import Q, QuerySet

from consulting.models import Case, Expert
from enterprises.access import enterprise_ids_for
from seoul_se.access import READ_ALL_ROLES, STAFF_ROLES, has_role
from seoul_se.accounts.models import Role
from seoul_se.audit.masking import Kind, PersonalDataPolicy

CONSULTING_STAFF_ROLES = STAFF_ROLES
MEMBER_ROLES = frozenset({Role.ENTERPRISE_MEMBER})
CONSULTING_ROLES = READ_ALL_ROLES | MEMBER_ROLES
EXPORT_ROLES = READ_ALL_ROLES


def is_consulting_staff(user: Any) -> bool:
    return has_role(user, CONSULTING_STAFF_ROLES)


def is_expert_user(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.consulting_experts.exists())


def may_open(user: Any) -> bool:
    """Pages and API of the app: its roles, or a user who is an expert of the pool."""
    return has_role(user, CONSULTING_ROLES) or is_expert_user(user)


def visible_cases(user: Any) -> QuerySet[Case]:
    if has_role(user, READ_ALL_ROLES):
        return Case.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return Case.objects.none()
    scope = Q(expert__user=user)
    if has_role(user, MEMBER_ROLES):
        scope |= Q(enterprise_id__in=enterprise_ids_for(user))
    return Case.objects.filter(scope)


def may_request_for(user: Any, enterprise_id: int) -> bool:
    """Staff record for any enterprise; a member requests only for its own."""
    if is_consulting_staff(user):
        return True
    return has_role(user, MEMBER_ROLES) and enterprise_id in enterprise_ids_for(user)


def may_manage(user: Any) -> bool:
    """Assign, close, cancel any case, open follow-ups, keep the expert pool."""
    return is_consulting_staff(user)


def may_record_session(user: Any, case: Case) -> bool:
    if is_consulting_staff(user):
        return True
    return bool(case.expert_id and case.expert and case.expert.user_id == user.pk)


def may_rate(user: Any, case: Case) -> bool:
    """The satisfaction rating is the enterprise's own judgement: only its members give it."""
    return has_role(user, MEMBER_ROLES) and case.enterprise_id in enterprise_ids_for(user)


def may_withdraw(user: Any, case: Case) -> bool:
    return may_rate(user, case)


def visible_experts(user: Any) -> QuerySet[Expert]:
    if has_role(user, READ_ALL_ROLES):
        return Expert.objects.all()
    return Expert.objects.none()


# Experts are people: roles that do not run consulting see their names and e-mails masked.
EXPERT_CONTACT_FIELDS = {"name": Kind.NAME, "email": Kind.EMAIL}


def expert_contact(policy: PersonalDataPolicy, expert: Expert) -> dict[str, Any]:
    """An expert's name and portal e-mail as the policy's user may see them."""
    values = {"name": expert.name, "email": expert.user.email if expert.user else ""}
    return policy.apply(values, EXPERT_CONTACT_FIELDS, owner_id=None)
