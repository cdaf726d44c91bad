"""State changes of public procurement: validated, transactional, by staff only (every change
is in the audit trail through django-auditlog). Enterprises are named by 사업자등록번호 and must
be in the registry; a wrong check digit or an unregistered number is refused."""

import datetime as dt
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises import selectors as enterprise_selectors
from enterprises.models import Enterprise
from procurement import access, importing
from procurement.models import (
    Institution,
    MatchContract,
    MatchmakingEvent,
    Meeting,
    Purchase,
    PurchaseImport,
    PurchaseTarget,
)
from seoul_se.access import require_role
from seoul_se.accounts.models import User

# Who may change these records: the refusal names them (access.MANAGE_ROLES).
MANAGERS_ONLY = gettext_lazy("서울시 담당자 또는 센터 직원만 공공구매 기록을 관리할 수 있습니다.")


def registered_enterprise(business_number: str) -> Enterprise:
    return enterprise_selectors.registered_by_business_number(
        business_number,
        missing=_("등록되지 않은 사업자등록번호입니다. 기업 명부에서 확인해 주세요."),
    )


def _positive(amount: int, field: str) -> None:
    if amount <= 0:
        raise ValidationError(
            {field: ValidationError(_("금액은 1원 이상이어야 합니다."), code="amount_not_positive")}
        )


@transaction.atomic
def create_institution(*, actor: User, name: str, kind: str) -> Institution:
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    institution = Institution(name=name.strip(), kind=kind)
    institution.full_clean()
    institution.save()
    return institution


@transaction.atomic
def set_target(
    *, actor: User, year: int, amount: int, institution: Institution | None = None
) -> PurchaseTarget:
    """The purchase target of ``year`` (city-wide when ``institution`` is None); setting it
    again replaces it."""
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    if amount < 0:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("목표액은 0원 이상이어야 합니다."), code="negative_target"
                )
            }
        )
    target, _created = PurchaseTarget.objects.update_or_create(
        year=year, institution=institution, defaults={"amount": amount}
    )
    return target


@transaction.atomic
def record_purchase(
    *,
    actor: User,
    institution: Institution,
    business_number: str,
    amount: int,
    purchased_on: dt.date,
    item: str,
) -> Purchase:
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    enterprise = registered_enterprise(business_number)
    _positive(amount, "amount")
    purchase = Purchase(
        institution=institution,
        enterprise=enterprise,
        amount=amount,
        purchased_on=purchased_on,
        item=item.strip(),
        created_by=actor,
    )
    purchase.full_clean()
    purchase.save()
    return purchase


def import_purchases(
    *, actor: User, institution: Institution, upload: IO[bytes], file_name: str
) -> tuple[PurchaseImport | None, importing.CheckedReport]:
    """Check the whole report; save all its rows in one transaction, or none when any row is
    wrong (the per-row errors are returned)."""
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    report = importing.check_report(upload, file_name)
    if report.errors:
        return None, report
    with transaction.atomic():
        batch = PurchaseImport.objects.create(
            institution=institution,
            file_name=file_name[:255],
            rows=len(report.rows),
            total=sum(row.amount for row in report.rows),
            imported_by=actor,
        )
        for row in report.rows:
            # One save per row (not bulk_create) so each purchase is in the audit trail.
            Purchase.objects.create(
                institution=institution,
                enterprise=row.enterprise,
                amount=row.amount,
                purchased_on=row.purchased_on,
                item=row.item,
                source=batch,
                created_by=actor,
            )
    return batch, report


@transaction.atomic
def create_event(
    *, actor: User, name: str, starts_on: dt.date, ends_on: dt.date, place: str = ""
) -> MatchmakingEvent:
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    if ends_on < starts_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _("종료일은 시작일 이후여야 합니다."), code="end_before_start"
                )
            }
        )
    event = MatchmakingEvent(name=name.strip(), starts_on=starts_on, ends_on=ends_on, place=place)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def record_meeting(
    event: MatchmakingEvent,
    *,
    actor: User,
    business_number: str,
    institution: Institution,
    note: str = "",
) -> Meeting:
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    enterprise = registered_enterprise(business_number)
    if Meeting.objects.filter(event=event, enterprise=enterprise, institution=institution).exists():
        raise ValidationError(
            _("이 상담회에서 이미 기록된 기업·기관 상담입니다."), code="duplicate_meeting"
        )
    return Meeting.objects.create(
        event=event, enterprise=enterprise, institution=institution, note=note.strip()
    )


@transaction.atomic
def record_contract(
    meeting: Meeting, *, actor: User, amount: int, signed_on: dt.date
) -> MatchContract:
    """A contract resulting from a meeting; it cannot predate the event."""
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    _positive(amount, "amount")
    if signed_on < meeting.event.starts_on:
        raise ValidationError(
            {
                "signed_on": ValidationError(
                    _("계약일은 상담회 시작일 이후여야 합니다."), code="contract_before_event"
                )
            }
        )
    return MatchContract.objects.create(
        meeting=meeting, amount=amount, signed_on=signed_on, created_by=actor
    )
