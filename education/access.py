"""Who may see and change what in education: the one place for pages and API of this app.

- Courses and their sessions are public information: every signed-in role of the app reads
  them; citizens' courses are also listed on the public page.
- Staff (officials, centre staff, administrators) create courses and sessions, record
  attendance, issue certificates and see every enrolment. Auditors read everything, change
  nothing.
- Enterprise members enrol themselves in members' courses, and see only their own enrolments
  and those of their enterprises (another's answers 404).
- Citizens enrol without an account on the public page; certificate verification is public.
"""

from typing import Any

from django.db.models import Q, QuerySet

from education.models import Certificate, Course, Enrolment
from enterprises.access import enterprise_ids_for
from seoul_se.access import READ_ALL_ROLES, STAFF_ROLES, has_role
from seoul_se.accounts.models import Role
from seoul_se.audit.masking import Kind, PersonalDataPolicy

EDUCATION_STAFF_ROLES = STAFF_ROLES
MEMBER_ROLES = frozenset({Role.ENTERPRISE_MEMBER})
EDUCATION_ROLES = READ_ALL_ROLES | MEMBER_ROLES
EXPORT_ROLES = READ_ALL_ROLES

PERSONAL_FIELDS = {"name": Kind.NAME, "email": Kind.EMAIL, "phone": Kind.PHONE}


def is_education_staff(user: Any) -> bool:
    return has_role(user, EDUCATION_STAFF_ROLES)


def visible_courses(user: Any) -> QuerySet[Course]:
    if has_role(user, EDUCATION_ROLES):
        return Course.objects.all()
    return Course.objects.none()


def public_courses() -> QuerySet[Course]:
    return Course.objects.filter(audience=Course.Audience.CITIZENS)


def visible_enrolments(user: Any) -> QuerySet[Enrolment]:
    if has_role(user, READ_ALL_ROLES):
        return Enrolment.objects.all()
    if has_role(user, MEMBER_ROLES):
        return Enrolment.objects.filter(
            Q(user=user) | Q(enterprise_id__in=enterprise_ids_for(user))
        )
    return Enrolment.objects.none()


def may_enrol(user: Any, course: Course) -> bool:
    return has_role(user, MEMBER_ROLES) and course.audience == Course.Audience.MEMBERS


def may_cancel(user: Any, enrolment: Enrolment) -> bool:
    return is_education_staff(user) or (
        has_role(user, MEMBER_ROLES) and enrolment.user_id == user.pk
    )


def may_answer_survey(user: Any, enrolment: Enrolment) -> bool:
    """Only the person who took the course answers its survey."""
    return has_role(user, MEMBER_ROLES) and enrolment.user_id == user.pk


def may_download_certificate(user: Any, certificate: Certificate) -> bool:
    return visible_enrolments(user).filter(pk=certificate.enrolment_id).exists()


def personal_data_policy(user: Any) -> PersonalDataPolicy:
    """Staff see every participant in full; a member their enterprises' participants."""
    return PersonalDataPolicy(user, own_ids=lambda: enterprise_ids_for(user))


def personal_data(policy: PersonalDataPolicy, enrolment: Enrolment) -> dict[str, str]:
    values = {field: getattr(enrolment, field) for field in PERSONAL_FIELDS}
    return policy.apply(values, PERSONAL_FIELDS, owner_id=enrolment.enterprise_id)
