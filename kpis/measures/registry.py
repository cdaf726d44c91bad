"""The measure registry: how a computed indicator's actual is counted from the portal's records.

Each measure is declared once, in code, with a key, a Korean description, its parameters and
*one* queryset builder. From that one declaration the registry derives:

- ``evaluate_many`` — the values for ALL indicators using the measure in one GROUP BY query
  (plus one for indicators without the optional grouping parameter), so a recomputation runs a
  number of queries bounded by the number of measure kinds, not by the number of indicators;
- ``records`` — the records an indicator counted (the drill-down list);
- ``data_version`` — a cheap (count, last id) fingerprint of the measure's data for a year, so
  the dashboard can tell which computed indicators are stale.

Money measures count whole won; an indicator in 억원 shows won ÷ 100,000,000 (exact Decimal).
The measures themselves are declared in the sibling catalogue modules.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, QuerySet, Sum
from django.utils.translation import gettext

from kpis.models import MONEY_UNITS, Unit
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
    return [(m.key, gettext(m.description)) for m in REGISTRY.values()]


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
