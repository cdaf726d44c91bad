"""State changes of market access: validated, transactional, by staff only (the audit trail
records every change through django-auditlog)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises import selectors as enterprise_selectors
from enterprises.models import Enterprise
from markets import access
from markets.models import (
    EventParticipation,
    MarketEvent,
    PeriodKind,
    Placement,
    SalesChannel,
    SalesReport,
)
from seoul_se.access import require_role
from seoul_se.accounts.models import User

PERIODS = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}


# Who may change these records: the refusal names them (access.MANAGE_ROLES).
MANAGERS_ONLY = gettext_lazy("서울시 담당자 또는 센터 직원만 판로지원 기록을 관리할 수 있습니다.")


def registered_enterprise(business_number: str) -> Enterprise:
    return enterprise_selectors.registered_by_business_number(
        business_number,
        missing=_("등록되지 않은 사업자등록번호입니다. 기업 명부에서 확인해 주세요."),
    )


def _not_negative(amount: int, field: str) -> None:
    if amount < 0:
        raise ValidationError(
            {field: ValidationError(_("매출액은 0원 이상이어야 합니다."), code="negative_sales")}
        )


@transaction.atomic
def create_channel(
    *, actor: User, kind: str, name: str, operator: str = "", opened_on: dt.date | None = None
) -> SalesChannel:
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    channel = SalesChannel(
        kind=kind, name=name.strip(), operator=operator.strip(), opened_on=opened_on
    )
    if SalesChannel.objects.filter(name=channel.name).exists():
        raise ValidationError(
            {
                "name": ValidationError(
                    _("같은 이름의 채널이 이미 있습니다."), code="duplicate_channel"
                )
            }
        )
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def place_enterprise(
    channel: SalesChannel,
    *,
    actor: User,
    business_number: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    products: str = "",
) -> Placement:
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    enterprise = registered_enterprise(business_number)
    if ended_on is not None and ended_on < started_on:
        raise ValidationError(
            {
                "ended_on": ValidationError(
                    _("종료일은 입점일 이후여야 합니다."), code="end_before_start"
                )
            }
        )
    placement = Placement(
        channel=channel,
        enterprise=enterprise,
        started_on=started_on,
        ended_on=ended_on,
        products=products.strip(),
        created_by=actor,
    )
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def end_placement(placement: Placement, *, actor: User, ended_on: dt.date) -> Placement:
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if ended_on < placement.started_on:
        raise ValidationError(
            {
                "ended_on": ValidationError(
                    _("종료일은 입점일 이후여야 합니다."), code="end_before_start"
                )
            }
        )
    placement.ended_on = ended_on
    placement.save(update_fields=["ended_on"])
    return placement


@transaction.atomic
def report_sales(
    placement: Placement, *, actor: User, period_kind: str, year: int, period: int, amount: int
) -> SalesReport:
    """Record (or correct) the sales of one month/quarter; a negative figure is refused."""
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    _not_negative(amount, "amount")
    if period_kind not in PERIODS:
        raise ValidationError(
            {
                "period_kind": ValidationError(
                    _("기간 단위는 월 또는 분기입니다."), code="period_kind"
                )
            }
        )
    if not 1 <= period <= PERIODS[PeriodKind(period_kind)]:
        raise ValidationError(
            {"period": ValidationError(_("월은 1–12, 분기는 1–4입니다."), code="period_range")}
        )
    months = 1 if period_kind == PeriodKind.MONTH else 3
    first_day = dt.date(year, (period - 1) * months + 1, 1)
    last_month = dt.date(year, period * months, 1)
    if last_month < placement.started_on.replace(day=1) or (
        placement.ended_on is not None and first_day > placement.ended_on
    ):
        raise ValidationError(
            _("입점 기간 밖의 매출은 기록할 수 없습니다."), code="outside_placement"
        )
    report, _created = SalesReport.objects.update_or_create(
        placement=placement,
        period_kind=period_kind,
        year=year,
        period=period,
        defaults={"amount": amount, "reported_by": actor},
    )
    return report


@transaction.atomic
def create_event(
    *, actor: User, series: str, name: str, held_on: dt.date, place: str
) -> MarketEvent:
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    event = MarketEvent(series=series, name=name.strip(), held_on=held_on, place=place.strip())
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def record_participation(
    event: MarketEvent, *, actor: User, business_number: str, sales: int
) -> EventParticipation:
    """An enterprise's participation and its sales at the event (recording again corrects)."""
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    _not_negative(sales, "sales")
    enterprise = registered_enterprise(business_number)
    participation, _created = EventParticipation.objects.update_or_create(
        event=event, enterprise=enterprise, defaults={"sales": sales}
    )
    return participation
