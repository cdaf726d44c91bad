"""Measures over the centre's own work: consulting, education, markets, procurement and
social impact bonds (SIB)."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from consulting import selectors as consulting_selectors
from consulting.models import Case
from education import selectors as education_selectors
from education.models import Course
from impact_bonds import selectors as impact_selectors
from kpis.measures.registry import COUNT, MONEY, RATE, Measure, Param, register
from markets import selectors as market_selectors
from markets.models import ChannelKind, EventSeries
from procurement import selectors as procurement_selectors

# A "choice" parameter groups on one field, so one query answers every indicator of the
# measure whatever its choice (e.g. 일상상담 and 컨설팅 alike); without it the measure counts all.


def _choice(name: str, label: str, values: list[str], required: bool = False) -> tuple[Param, ...]:
    return (Param(name, label, "choice", required, tuple(values)),)


CASE_KIND = _choice("case_kind", gettext_noop("상담 구분"), Case.Kind.values)
COURSE_KIND = _choice("course_kind", gettext_noop("과정 구분"), Course.Kind.values)
CHANNEL_KIND = _choice("channel_kind", gettext_noop("채널 유형"), ChannelKind.values)
SERIES = _choice("series", gettext_noop("마켓"), EventSeries.values)


def _placement_label(p: Any) -> str:
    return f"{p.started_on} {p.enterprise} @ {p.channel}"


def _participation_label(p: Any) -> str:
    return f"{p.event.held_on} {p.event.name} · {p.enterprise} {p.sales:,}원"


def _contract_label(c: Any) -> str:
    meeting = c.meeting
    return f"{c.signed_on} {meeting.institution} ← {meeting.enterprise} {c.amount:,}원"


register(
    Measure(
        key="consulting_cases",
        description=gettext_noop("상담·컨설팅 접수 건수 (취소 제외, 구분 지정 시 해당 구분만)"),
        unit_kind=COUNT,
        queryset=consulting_selectors.cases_in_years,
        params=CASE_KIND,
        group_fields={"case_kind": "kind"},
        label=lambda c: (
            f"{c.requested_on} {c.number} {c.enterprise} · {c.get_kind_display()} "
            f"({c.get_field_display()})"
        ),
        related=("enterprise",),
    )
)
register(
    Measure(
        key="education_sessions_held",
        description=gettext_noop("교육 회차 운영 횟수 (과정 구분 지정 시 해당 구분만)"),
        unit_kind=COUNT,
        queryset=education_selectors.sessions_held,
        params=COURSE_KIND,
        group_fields={"course_kind": "course__kind"},
        label=lambda s: f"{s.date} {s.course} · {s.topic}",
        related=("course",),
    )
)
register(
    Measure(
        key="education_courses_run",
        description=gettext_noop("운영한 교육과정 수 (시작일 기준, 과정 구분 지정 시 해당 구분만)"),
        unit_kind=COUNT,
        queryset=education_selectors.courses_run,
        params=COURSE_KIND,
        group_fields={"course_kind": "kind"},
        label=lambda c: f"{c.starts_on}~{c.ends_on} {c.title} ({c.get_kind_display()})",
    )
)
register(
    Measure(
        key="education_participants",
        description=gettext_noop("교육 수강 확정 인원 (과정 구분 지정 시 해당 구분만)"),
        unit_kind=COUNT,
        queryset=education_selectors.participants,
        params=COURSE_KIND,
        group_fields={"course_kind": "course__kind"},
        label=lambda e: f"{e.course} · {e.name}",
        related=("course",),
    )
)
register(
    Measure(
        key="market_enterprises_placed",
        description=gettext_noop("판매 채널에 입점한 기업 수 (채널 유형 지정 시 해당 유형만)"),
        unit_kind=COUNT,
        queryset=market_selectors.placements_between,
        params=CHANNEL_KIND,
        group_fields={"channel_kind": "channel__kind"},
        distinct_field="enterprise_id",
        label=_placement_label,
        related=("enterprise", "channel"),
    )
)
register(
    Measure(
        key="market_stores_placed",
        description=gettext_noop("입점이 이루어진 매장(채널) 수 (채널 유형 지정 시 해당 유형만)"),
        unit_kind=COUNT,
        queryset=market_selectors.placements_between,
        params=CHANNEL_KIND,
        group_fields={"channel_kind": "channel__kind"},
        distinct_field="channel_id",
        label=_placement_label,
        related=("enterprise", "channel"),
    )
)
register(
    Measure(
        key="market_placements",
        description=gettext_noop("입점·방송 건수 (채널 유형 지정 시 해당 유형만)"),
        unit_kind=COUNT,
        queryset=market_selectors.placements_between,
        params=CHANNEL_KIND,
        group_fields={"channel_kind": "channel__kind"},
        label=_placement_label,
        related=("enterprise", "channel"),
    )
)
register(
    Measure(
        key="market_events_held",
        description=gettext_noop("사회적경제 마켓 개최 횟수 (마켓 지정 시 해당 마켓만)"),
        unit_kind=COUNT,
        queryset=market_selectors.events_between,
        params=SERIES,
        group_fields={"series": "series"},
        label=lambda e: f"{e.held_on} {e.name} ({e.place})",
    )
)
register(
    Measure(
        key="market_event_participations",
        description=gettext_noop("사회적경제 마켓 참가 기업 수 (연인원, 마켓 지정 시 해당 마켓만)"),
        unit_kind=COUNT,
        queryset=market_selectors.participations_between,
        params=SERIES,
        group_fields={"series": "event__series"},
        label=_participation_label,
        related=("event", "enterprise"),
    )
)
register(
    Measure(
        key="market_event_sales",
        description=gettext_noop("사회적경제 마켓 매출액 합계 (원, 마켓 지정 시 해당 마켓만)"),
        unit_kind=MONEY,
        queryset=market_selectors.participations_between,
        params=SERIES,
        group_fields={"series": "event__series"},
        sum_field="sales",
        label=_participation_label,
        related=("event", "enterprise"),
    )
)
register(
    Measure(
        key="procurement_purchases",
        description=gettext_noop("공공기관의 사회적경제기업 제품 구매액 합계 (원)"),
        unit_kind=MONEY,
        queryset=procurement_selectors.purchases_between,
        sum_field="amount",
        label=lambda p: (
            f"{p.purchased_on} {p.institution} ← {p.enterprise} {p.amount:,}원 ({p.item})"
        ),
        related=("institution", "enterprise"),
    )
)
register(
    Measure(
        key="matching_contracts",
        description=gettext_noop("공공구매 상담회 매칭 계약액 합계 (원, 누계 지표는 전체 기간)"),
        unit_kind=MONEY,
        queryset=procurement_selectors.contracts_between,
        sum_field="amount",
        label=_contract_label,
        related=("meeting__institution", "meeting__enterprise"),
    )
)
register(
    Measure(
        key="procurement_meeting_enterprises",
        description=gettext_noop("공공구매 1:1 구매상담에 참여한 기업 수"),
        unit_kind=COUNT,
        queryset=procurement_selectors.meetings_between,
        distinct_field="enterprise_id",
        label=lambda m: f"{m.event} · {m.institution} ↔ {m.enterprise}",
        related=("event", "institution", "enterprise"),
    )
)


def _payout_measurements(first: int, last: int) -> QuerySet[Any]:
    """The payout metric is the one the bond's outcome is judged on (one per bond and year)."""
    return impact_selectors.measurements_between(first, last).filter(metric__is_payout_basis=True)


register(
    Measure(
        key="sib_outcome",
        description=gettext_noop("사회성과보상사업 보상 기준 지표 측정값 (%, 사업 번호 지정)"),
        unit_kind=RATE,
        queryset=_payout_measurements,
        params=(Param("bond", gettext_noop("사회성과보상사업 번호"), "number", True),),
        group_fields={"bond": "metric__bond__number"},
        sum_field="value",
        label=lambda m: f"{m.year} {m.metric.bond} · {m.metric.name} {m.value}{m.metric.unit}",
        related=("metric__bond",),
    )
)
