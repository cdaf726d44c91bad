"""State changes of public procurement: validated, transactional, by staff only (every change
is in the audit trail through django-auditlog). Enterprises are named by 사업자등록번호 and must
be in the registry; a wrong check digit or an unregistered number is refused."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises import selectors as enterprise_selectors
from enterprises.models import Enterprise
from procurement import access
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


@dataclass(frozen=True)
class ImportedPurchase:
    """One checked row of a purchase report: a new purchase (``purchase`` None) or a new
    amount for the stored purchase with the same natural key."""

    enterprise_id: int
    purchased_on: dt.date
    amount: int
    item: str
    purchase: Purchase | None = None


@transaction.atomic
def import_purchases(
    *, actor: User, institution: Institution, file_name: str, rows: list[ImportedPurchase]
) -> tuple[PurchaseImport | None, list[Purchase]]:
    """Save the created and changed rows of a checked purchase report (the import kind
    ``procurement.purchases`` plans them) as one batch; nothing to save, no batch. Returns the
    batch and the purchases written, in the order of ``rows``."""
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    if not rows:
        return None, []
    for row in rows:
        _positive(row.amount, "amount")
    batch = PurchaseImport.objects.create(
        institution=institution,
        file_name=file_name[:255],
        rows=len(rows),
        total=sum(row.amount for row in rows),
        imported_by=actor,
    )
    written = []
    for row in rows:
        # One save per row (not bulk) so each purchase is in the audit trail.
        purchase = row.purchase or Purchase(
            institution=institution,
            enterprise_id=row.enterprise_id,
            purchased_on=row.purchased_on,
            item=row.item,
            created_by=actor,
        )
        purchase.amount, purchase.source = row.amount, batch
        purchase.save()
        written.append(purchase)
    return batch, written


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
