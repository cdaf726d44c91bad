"""Who may see and change which programs records — used by pages AND the API.

- staff (official, centre staff, administrator) and auditors read everything; auditors never write;
- enterprise members see their enterprises' applications (and those where their enterprise is a
  consortium partner), agreements, disbursements and results; members linked to a district
  centre (``districts.access``) likewise see their district's;
- reviewers see only applications of calls they are assigned to, and only after the call closed.
Objects outside a user's scope are 404 (the queryset simply does not contain them).
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from districts.access import district_ids_for
from enterprises.access import enterprise_ids_for
from enterprises.models import Enterprise
from programs import workflow
from programs.models import (
    Agreement,
    Application,
    Attachment,
    Call,
    CallDocument,
    ConsortiumPartner,
    Disbursement,
    Result,
    Review,
    ReviewerAssignment,
    SupplementRequest,
)
from seoul_se.access import READ_ALL_ROLES, STAFF_ROLES
from seoul_se.accounts.models import Role

S = Application.Status


def is_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in STAFF_ROLES)


def reads_all(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in READ_ALL_ROLES)


def visible_calls(user: Any) -> QuerySet[Call]:
    if reads_all(user):
        return Call.objects.all()
    return Call.objects.exclude(status=Call.Status.DRAFT)


def visible_call_documents(user: Any) -> QuerySet[CallDocument]:
    """A call's 공고문 and forms: whoever may see the call downloads them."""
    return CallDocument.objects.filter(call__in=visible_calls(user).values("pk"))


def visible_applications(user: Any) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    if reads_all(user):
        return Application.objects.all()
    if user.role == Role.REVIEWER:
        return Application.objects.filter(
            call__assignments__reviewer=user,
            call__closes_at__lte=timezone.now(),
        ).exclude(status__in=[S.DRAFT, S.WITHDRAWN])
    if user.role == Role.ENTERPRISE_MEMBER:
        ids = enterprise_ids_for(user)
        return Application.objects.filter(
            Q(enterprise_id__in=ids)
            | Q(district_id__in=district_ids_for(user))
            | Q(pk__in=_partner_application_ids(ids))
        )
    return Application.objects.none()


def _own(user: Any, prefix: str = "") -> Q:
    """Records of the user's enterprises or district (``prefix``: the path to the applicant)."""
    return Q(**{f"{prefix}enterprise_id__in": enterprise_ids_for(user)}) | Q(
        **{f"{prefix}district_id__in": district_ids_for(user)}
    )


def _partner_application_ids(enterprise_ids: list[int]) -> Any:
    return ConsortiumPartner.objects.filter(enterprise_id__in=enterprise_ids).values(
        "application_id"
    )


def own_applications(user: Any) -> QuerySet[Application]:
    """Applications of the user's own enterprises or district (the "my applications" page)."""
    return Application.objects.filter(_own(user))


def can_edit_application(user: Any, application: Application) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.ENTERPRISE_MEMBER
        and application.status == S.DRAFT
        and is_applicant(user, application)
    )


def is_applicant(user: Any, application: Application) -> bool:
    if application.district_id is not None:
        return application.district_id in district_ids_for(user)
    return application.enterprise_id in enterprise_ids_for(user)


def visible_attachments(user: Any) -> QuerySet[Attachment]:
    return Attachment.objects.filter(application__in=visible_applications(user).values("pk"))


def _applicant_scoped(user: Any, queryset: QuerySet[Any], prefix: str) -> QuerySet[Any]:
    if not user.is_authenticated:
        return queryset.none()
    if reads_all(user):
        return queryset
    if user.role == Role.ENTERPRISE_MEMBER:
        return queryset.filter(_own(user, prefix))
    return queryset.none()


def visible_agreements(user: Any) -> QuerySet[Agreement]:
    return _applicant_scoped(user, Agreement.objects.all(), "")


def may_record_spending(user: Any, agreement: Agreement) -> bool:
    """Staff, or a member of the recipient enterprise, while the agreement runs."""
    if not user.is_authenticated or agreement.enterprise_id is None:
        return False
    if agreement.application.status not in workflow.PAYABLE:
        return False
    return is_staff(user) or agreement.enterprise_id in enterprise_ids_for(user)


def visible_disbursements(user: Any) -> QuerySet[Disbursement]:
    return _applicant_scoped(user, Disbursement.objects.all(), "agreement__")


def visible_results(user: Any) -> QuerySet[Result]:
    return _applicant_scoped(user, Result.objects.all(), "application__")


def visible_reviews(user: Any) -> QuerySet[Review]:
    """Reviewers see their own reviews; staff and auditors all; enterprises none."""
    if not user.is_authenticated:
        return Review.objects.none()
    if reads_all(user):
        return Review.objects.all()
    if user.role == Role.REVIEWER:
        return Review.objects.filter(reviewer=user)
    return Review.objects.none()


def own_enterprises(user: Any) -> QuerySet[Enterprise]:
    """The enterprises the user may apply for (approved memberships)."""
    return Enterprise.objects.filter(pk__in=enterprise_ids_for(user))


def partner_enterprise_ids(user: Any) -> list[int]:
    """Enterprises whose consortium participation the user may confirm."""
    return enterprise_ids_for(user) if user.role == Role.ENTERPRISE_MEMBER else []


def confirmable_partners(user: Any) -> QuerySet[ConsortiumPartner]:
    return ConsortiumPartner.objects.filter(enterprise_id__in=enterprise_ids_for(user))


def answerable_supplements(user: Any) -> QuerySet[SupplementRequest]:
    """보완요청 to the user's own enterprises' (or district's) applications."""
    return SupplementRequest.objects.filter(_own(user, "application__"))


def own_assignments(user: Any) -> QuerySet[ReviewerAssignment]:
    return ReviewerAssignment.objects.filter(reviewer=user)
