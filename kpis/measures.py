"""Registered measures: how a computed indicator's actual is counted from the portal's records.

Each measure is declared once, in code, with a key, a Korean description, its parameters and
*one* queryset builder. From that one declaration the registry derives:

- ``evaluate_many`` — the values for ALL indicators using the measure in one GROUP BY query
  (plus one for indicators without the optional grouping parameter), so a recomputation runs a
  number of queries bounded by the number of measure kinds, not by the number of indicators;
- ``records`` — the records an indicator counted (the drill-down list);
- ``data_version`` — a cheap (count, last id) fingerprint of the measure's data for a year, so
  the dashboard can tell which computed indicators are stale.

Money measures count whole won; an indicator in 억원 shows won ÷ 100,000,000 (exact Decimal).
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, QuerySet, Sum

from consulting import selectors as consulting_selectors
from consulting.models import Case
from education import selectors as education_selectors
from education.models import Course
from enterprises import selectors as enterprise_selectors
from funds import selectors as fund_selectors
from impact_bonds import selectors as impact_selectors
from kpis.models import MONEY_UNITS, Unit
from markets import selectors as market_selectors
from markets.models import ChannelKind, EventSeries
from procurement import selectors as procurement_selectors
from programs import selectors as program_selectors

COUNT = "count"
MONEY = "money"
RATE = "rate"  # a measured percentage (SIB outcome), shown only in %
WON_PER_UNIT = {"원": Decimal(1), "억원": Decimal(100_000_000)}
EARLIEST_YEAR = 2000  # cumulative measures count from here (the portal holds nothing older)


@dataclass(frozen=True)
class Param:
    """A declared measure parameter. ``kind`` "program": a programs.Program of the same year;
    "choice": one of ``choices`` (e.g. a course kind); "number": a positive whole number."""

    name: str
    label: str
    kind: str = "program"
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    value: Decimal  # count, or whole won for money measures
    records: int
    last_id: int

    def fingerprint(self, key: str, params: dict[str, Any]) -> str:
        text = json.dumps(
            [key, params, str(self.value), self.records, self.last_id], sort_keys=True
        )
        return hashlib.sha256(text.encode()).hexdigest()


ZERO = Evaluation(Decimal(0), 0, 0)


@dataclass(frozen=True)
class Measure:
    key: str
    description: str
    unit_kind: str
    queryset: Callable[[int, int], QuerySet[Any]]  # records dated in years [first, last]
    params: tuple[Param, ...] = ()
    # param name → ORM path it filters/groups on (e.g. {"program": "call__program_id"})
    group_fields: dict[str, str] = field(default_factory=dict)
    sum_field: str = ""  # money measures: the won field summed
    distinct_field: str = ""  # count distinct values of this field instead of rows
    label: Callable[[Any], str] = str
    related: tuple[str, ...] = ()  # select_related for the drill-down labels

    def allowed_units(self) -> frozenset[str]:
        if self.unit_kind == MONEY:
            return MONEY_UNITS
        if self.unit_kind == RATE:
            return frozenset({Unit.PERCENT.value})
        return frozenset(Unit.values) - MONEY_UNITS - {Unit.PERCENT}

    def _aggregates(self) -> dict[str, Any]:
        if self.sum_field:
            value: Any = Sum(self.sum_field)
        elif self.distinct_field:
            value = Count(self.distinct_field, distinct=True)
        else:
            value = Count("pk")
        return {"kpi_value": value, "kpi_records": Count("pk"), "kpi_last": Max("pk")}

    def evaluate_many(
        self, first: int, last: int, params_list: Iterable[dict[str, Any]]
    ) -> dict[str, Evaluation]:
        """Values for many parameter sets: one grouped query (+1 for the ungrouped total)."""
        wanted = {params_key(p): p for p in params_list}
        results: dict[str, Evaluation] = {}
        grouped = {k: p for k, p in wanted.items() if any(p.get(n) for n in self.group_fields)}
        if len(grouped) < len(wanted):
            row = self.queryset(first, last).aggregate(**self._aggregates())
            results[params_key({})] = _evaluation(row)
        if grouped:
            names = sorted(self.group_fields)
            paths = [self.group_fields[n] for n in names]
            filters = {
                f"{self.group_fields[n]}__in": {p[n] for p in grouped.values() if p.get(n)}
                for n in names
            }
            rows = (
                self.queryset(first, last)
                .filter(**filters)
                .order_by()
                .values(*paths)
                .annotate(**self._aggregates())
            )
            for row in rows:
                key = params_key({n: row[path] for n, path in zip(names, paths, strict=True)})
                results[key] = _evaluation(row)
        return {k: results.get(params_key(_grouping(p, self)), ZERO) for k, p in wanted.items()}

    def records(self, first: int, last: int, params: dict[str, Any]) -> QuerySet[Any]:
        filters = {path: params[n] for n, path in self.group_fields.items() if params.get(n)}
        return self.queryset(first, last).filter(**filters).select_related(*self.related)

    def data_version(self, year: int) -> list[int]:
        row = self.queryset(EARLIEST_YEAR, year).aggregate(n=Count("pk"), last=Max("pk"))
        return [row["n"] or 0, row["last"] or 0]


def _grouping(params: dict[str, Any], measure: Measure) -> dict[str, Any]:
    return {n: params[n] for n in measure.group_fields if params.get(n)}


def _evaluation(row: dict[str, Any]) -> Evaluation:
    return Evaluation(
        value=Decimal(row["kpi_value"] or 0),
        records=row["kpi_records"] or 0,
        last_id=row["kpi_last"] or 0,
    )


def params_key(params: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in params.items() if v not in (None, "")}, sort_keys=True)


REGISTRY: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    if measure.key in REGISTRY:
        raise ValueError(f"duplicate measure key {measure.key}")
    REGISTRY[measure.key] = measure
    return measure


def get(key: str) -> Measure:
    try:
        return REGISTRY[key]
    except KeyError:
        raise ValidationError({"measure_key": f"등록되지 않은 집계 기준입니다: {key}"}) from None


def choices() -> list[tuple[str, str]]:
    return [(m.key, f"{m.description}") for m in REGISTRY.values()]


def to_indicator_unit(value: Decimal, measure: Measure, unit: str) -> Decimal:
    """Money measures count won; show them in the indicator's unit (원 or 억원, exact)."""
    if measure.unit_kind == MONEY:
        return value / WON_PER_UNIT[unit]
    return value


def year_range(year: int, cumulative: bool) -> tuple[int, int]:
    return (EARLIEST_YEAR if cumulative else year, year)


def clean_params(measure: Measure, params: Any, year: int) -> dict[str, Any]:
    """Validate parameters against the measure's declaration; a program must be of ``year``."""
    if params in (None, ""):
        params = {}
    if not isinstance(params, dict):
        raise ValidationError({"measure_params": "집계 매개변수는 JSON 객체여야 합니다."})
    declared = {p.name: p for p in measure.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise ValidationError(
            {"measure_params": f"이 집계 기준에 없는 매개변수입니다: {', '.join(unknown)}"}
        )
    cleaned: dict[str, Any] = {}
    for param in measure.params:
        raw = params.get(param.name)
        if raw in (None, ""):
            if param.required:
                raise ValidationError({"measure_params": f"'{param.label}'을(를) 지정해 주세요."})
            continue
        cleaned[param.name] = PARAM_CHECKS[param.kind](param, raw, year)
    return cleaned


def _check_program(param: Param, raw: Any, year: int) -> int:
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise ValidationError(
            {"measure_params": f"'{param.label}'은(는) 사업 번호여야 합니다."}
        ) from None
    program = program_selectors.program_or_none(pk)
    if program is None:
        raise ValidationError({"measure_params": f"사업 #{pk}을(를) 찾을 수 없습니다."})
    program_year = program_year_of(program)
    if program_year != year:
        raise ValidationError(
            {
                "measure_params": (
                    f"'{program}'은(는) {program_year}년 사업입니다. "
                    f"{year}년 지표에는 {year}년 사업만 지정할 수 있습니다."
                )
            }
        )
    return pk


def _check_choice(param: Param, raw: Any, year: int) -> str:
    if raw not in param.choices:
        raise ValidationError(
            {
                "measure_params": (
                    f"'{param.label}'은(는) {', '.join(param.choices)} 중 하나여야 합니다."
                )
            }
        )
    return str(raw)


def _check_number(param: Param, raw: Any, year: int) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or isinstance(raw, bool):
        raise ValidationError(
            {"measure_params": f"'{param.label}'은(는) 1 이상의 정수여야 합니다."}
        )
    return number


PARAM_CHECKS: dict[str, Callable[[Param, Any, int], Any]] = {
    "program": _check_program,
    "choice": _check_choice,
    "number": _check_number,
}


def program_year_of(program: Any) -> int:
    return int(program.year)


# --- the measures -------------------------------------------------------------------------


def _program_param(required: bool = False) -> tuple[Param, ...]:
    return (Param("program", "지원사업", "program", required),)


# Each measure counts the records its owning app's selector returns for the years [first, last].
register(
    Measure(
        key="applications_selected",
        description="지원사업 선정 건수 (사업 지정 시 해당 사업만)",
        unit_kind=COUNT,
        queryset=program_selectors.selected_between,
        params=_program_param(),
        group_fields={"program": "call__program_id"},
        label=lambda a: f"{a.enterprise} · {a.call} ({a.get_status_display()})",
        related=("enterprise", "call"),
    )
)
register(
    Measure(
        key="program_disbursements",
        description="지원사업 교부액 합계 (원, 사업 지정 시 해당 사업만)",
        unit_kind=MONEY,
        queryset=program_selectors.disbursements_between,
        params=_program_param(),
        group_fields={"program": "agreement__program_id"},
        sum_field="amount",
        label=lambda d: f"{d.paid_on} {d.agreement.enterprise} {d.amount:,}원",
        related=("agreement__enterprise",),
    )
)
register(
    Measure(
        key="workshops_held",
        description="같이살림 주민 워크숍 개최 횟수",
        unit_kind=COUNT,
        queryset=program_selectors.workshops_between,
        label=lambda w: f"{w.held_on} {w.complex} · {w.topic or w.facilitator} ({w.attendance}명)",
        related=("complex",),
    )
)
register(
    Measure(
        key="enterprises_with_loan",
        description="사회투자기금 융자금을 지급받은 기업 수",
        unit_kind=COUNT,
        queryset=fund_selectors.disbursements_between,
        distinct_field="loan__enterprise_id",
        label=lambda d: f"{d.disbursed_on} {d.loan.enterprise} ({d.loan.number}) {d.amount:,}원",
        related=("loan__enterprise",),
    )
)
register(
    Measure(
        key="amount_lent",
        description="사회투자기금 융자 지급액 합계 (원)",
        unit_kind=MONEY,
        queryset=fund_selectors.disbursements_between,
        sum_field="amount",
        label=lambda d: f"{d.disbursed_on} {d.loan.enterprise} ({d.loan.number}) {d.amount:,}원",
        related=("loan__enterprise",),
    )
)
register(
    Measure(
        key="village_new_designations",
        description="마을기업 신규 지정 건수",
        unit_kind=COUNT,
        queryset=enterprise_selectors.village_designations_between,
        label=lambda c: f"{c.valid_from} {c.enterprise}",
        related=("enterprise",),
    )
)
register(
    Measure(
        key="enterprises_supported",
        description="협약을 체결한 지원 기업 수 (사업 지정 시 해당 사업만)",
        unit_kind=COUNT,
        queryset=program_selectors.agreements_signed_between,
        params=_program_param(),
        group_fields={"program": "program_id"},
        distinct_field="enterprise_id",
        label=lambda a: f"{a.signed_on} {a.enterprise} · {a.program} {a.award_amount:,}원",
        related=("enterprise", "program"),
    )
)


# --- the centre's own work (consulting, education, markets, procurement, SIB) -------------
# A "choice" parameter groups on one field, so one query answers every indicator of the
# measure whatever its choice (e.g. 일상상담 and 컨설팅 alike); without it the measure counts all.


def _choice(name: str, label: str, values: list[str], required: bool = False) -> tuple[Param, ...]:
    return (Param(name, label, "choice", required, tuple(values)),)


CASE_KIND = _choice(
    "case_kind", "상담 구분 (daily: 일상상담, consulting: 컨설팅)", Case.Kind.values
)
COURSE_KIND = _choice("course_kind", "과정 구분", Course.Kind.values)
CHANNEL_KIND = _choice("channel_kind", "채널 유형", ChannelKind.values)
SERIES = _choice("series", "마켓", EventSeries.values)


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
        description="상담·컨설팅 접수 건수 (취소 제외, 구분 지정 시 해당 구분만)",
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
        description="교육 회차 운영 횟수 (과정 구분 지정 시 해당 구분만)",
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
        description="운영한 교육과정 수 (시작일 기준, 과정 구분 지정 시 해당 구분만)",
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
        description="교육 수강 확정 인원 (과정 구분 지정 시 해당 구분만)",
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
        description="판매 채널에 입점한 기업 수 (채널 유형 지정 시 해당 유형만)",
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
        description="입점이 이루어진 매장(채널) 수 (채널 유형 지정 시 해당 유형만)",
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
        description="입점·방송 건수 (채널 유형 지정 시 해당 유형만)",
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
        description="사회적경제 마켓 개최 횟수 (마켓 지정 시 해당 마켓만)",
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
        description="사회적경제 마켓 참가 기업 수 (연인원, 마켓 지정 시 해당 마켓만)",
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
        description="사회적경제 마켓 매출액 합계 (원, 마켓 지정 시 해당 마켓만)",
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
        description="공공기관의 사회적경제기업 제품 구매액 합계 (원)",
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
        description="공공구매 상담회 매칭 계약액 합계 (원, 누계 지표는 전체 기간)",
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
        description="공공구매 1:1 구매상담에 참여한 기업 수",
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
        description="사회성과보상사업 보상 기준 지표 측정값 (%, 사업 번호 지정)",
        unit_kind=RATE,
        queryset=_payout_measurements,
        params=(Param("bond", "사회성과보상사업 번호", "number", True),),
        group_fields={"bond": "metric__bond__number"},
        sum_field="value",
        label=lambda m: f"{m.year} {m.metric.bond} · {m.metric.name} {m.value}{m.metric.unit}",
        related=("metric__bond",),
    )
)
