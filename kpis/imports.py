"""The yearly KPI plan table ("kpis.plan"): targets and actuals of a year's indicators.

Natural key: (지표명, 연도) — with 사업 분야 when one name is used in two areas that year. Only
existing indicators are planned (they are created with their unit and direction on the KPI
pages). A target is written through ``services.update_indicator``; an actual only for a
directly entered (manual) indicator, through ``services.apply_manual_value`` — the file takes
the place of an approved entry, so the kind is for the roles that approve entries (officials).
Empty target or actual cells leave the stored value alone.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kpis import services
from kpis.access import APPROVE_ROLES
from kpis.models import Indicator, Source
from seoul_se.core.imports.kinds import (
    Column,
    ImportKind,
    Plan,
    PlannedRow,
    RowError,
    Rows,
    duplicate_errors,
    register,
)
from seoul_se.core.imports.parsing import parse_number, parse_text
from seoul_se.core.text import parse_integer


def _year(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        year = parse_integer(value)
    except ValidationError as exc:
        raise ValidationError(
            _("연도는 2024처럼 네 자리로 입력해 주세요."), code="bad_year"
        ) from exc
    if not 2000 <= year <= 2100:
        raise ValidationError(_("연도는 2024처럼 네 자리로 입력해 주세요."), code="bad_year")
    return year


def _non_negative(value: Any) -> Decimal:
    number = parse_number(value)
    if number < 0:
        raise ValidationError(_("0 이상의 숫자로 입력해 주세요."), code="negative_number")
    # A number cell arrives as a float (30.0), a text or CSV cell as "30": trailing zeros are
    # dropped (in the text, so no digit is ever rounded) for every format to record one change.
    text = format(number, "f")
    return Decimal(text.rstrip("0").rstrip(".") if "." in text else text)


NAME = Column(
    "indicator", "지표명", lambda v: parse_text(v, 200), aliases=("성과지표", "지표", "성과지표명")
)
COLUMNS = (
    Column(
        "area",
        "사업 분야",
        lambda v: parse_text(v, 100),
        required=False,
        help="같은 연도에 같은 이름의 지표가 두 분야에 있을 때만 필요합니다.",
        aliases=("사업분야", "분야"),
        example="공공시장 확대지원",
        width=22,
    ),
    Column(
        NAME.key, NAME.title, NAME.parse, aliases=NAME.aliases, example="공공구매 실적", width=30
    ),
    Column("year", "연도", _year, aliases=("년도", "기준연도"), example=2024, width=8),
    Column(
        "target",
        "목표",
        _non_negative,
        required=False,
        help="지표의 단위로(억원 지표는 억원 단위). 비우면 목표를 바꾸지 않습니다.",
        aliases=("목표치", "목표값"),
        example=120,
    ),
    Column(
        "actual",
        "실적",
        _non_negative,
        required=False,
        help="직접 입력 지표의 당해 실적. 자동 집계 지표는 비워 둡니다.",
        aliases=("실적치", "실적값"),
        example="",
    ),
)


class KpiPlan(ImportKind):
    name = "kpis.plan"
    label = gettext_lazy("연도별 성과지표 목표·실적")
    roles = frozenset(APPROVE_ROLES)
    columns = COLUMNS
    natural_key_doc = gettext_lazy(
        "지표명과 연도(같은 이름이 두 분야에 있으면 사업 분야까지)가 같으면 같은 지표입니다."
    )
    template_name = "성과지표_목표실적_양식.xlsx"
    max_rows = 10_000

    def plan(self, rows: Rows, *, actor: Any, scope: dict[str, Any]) -> Plan:
        plan = Plan(self.name)
        rows, plan.errors = duplicate_errors(
            rows, lambda v: (v.get("area") or "", v["indicator"], v["year"]), NAME
        )
        years = {values["year"] for _, values in rows}
        by_key: dict[tuple[str, int], list[Indicator]] = {}
        indicators = Indicator.objects.filter(year__in=years).select_related("area", "value")
        for indicator in indicators:
            by_key.setdefault((indicator.name, indicator.year), []).append(indicator)
        for number, values in rows:
            indicator, error = _find(by_key, values)
            if error:
                plan.errors.append(
                    RowError(
                        number, NAME.title, error.code or "", error.messages[0], values["indicator"]
                    )
                )
                continue
            assert indicator is not None
            changes, error = _changes(indicator, values)
            if error:
                plan.errors.append(
                    RowError(
                        number, "실적", error.code or "", error.messages[0], str(values["actual"])
                    )
                )
                continue
            values["pk"], values["changes"] = indicator.pk, changes
            plan.rows.append(
                PlannedRow(
                    number,
                    (indicator.name, indicator.year),
                    "change" if changes else "unchanged",
                    values,
                    f"{indicator.year} {indicator.area.name} · {indicator.name}"
                    + _described(changes),
                )
            )
        return plan

    def commit(self, plan: Plan, *, actor: Any, record: Any) -> None:
        for row in plan.rows:
            if row.outcome != "change":
                continue
            indicator = Indicator.objects.get(pk=row.values["pk"])
            changes = row.values["changes"]
            if "target" in changes:
                indicator = services.update_indicator(
                    indicator, actor=actor, target=row.values["target"]
                )
            if "actual" in changes:
                services.apply_manual_value(indicator, row.values["actual"])
            record.link(indicator, "change", row.row, changes)


LABELS = {"target": gettext_lazy("목표"), "actual": gettext_lazy("실적")}


def _described(changes: dict[str, list[str]]) -> str:
    parts = [f"{LABELS[key]} {before or '-'} → {after}" for key, (before, after) in changes.items()]
    return " — " + ", ".join(parts) if parts else ""


def _find(
    by_key: dict[tuple[str, int], list[Indicator]], values: dict[str, Any]
) -> tuple[Indicator | None, ValidationError | None]:
    found = by_key.get((values["indicator"], values["year"]), [])
    if values.get("area"):
        found = [i for i in found if i.area.name == values["area"]]
    if not found:
        return None, ValidationError(
            _("그 연도에 등록된 지표가 아닙니다. 지표를 먼저 만든 뒤 올려 주세요."),
            code="unknown_indicator",
        )
    if len(found) > 1:
        return None, ValidationError(
            _("같은 이름의 지표가 여러 사업 분야에 있습니다. 사업 분야를 적어 주세요."),
            code="ambiguous_indicator",
        )
    return found[0], None


def _changes(
    indicator: Indicator, values: dict[str, Any]
) -> tuple[dict[str, list[str]], ValidationError | None]:
    changes: dict[str, list[str]] = {}
    target = values.get("target")
    if target is not None and target != indicator.target:
        changes["target"] = [str(indicator.target or ""), str(target)]
    actual = values.get("actual")
    stored = getattr(getattr(indicator, "value", None), "period_value", None)
    if actual is not None and actual != stored:
        if indicator.source != Source.MANUAL:
            return changes, ValidationError(
                _("자동 집계 지표의 실적은 파일로 바꿀 수 없습니다. 실적 칸을 비워 두세요."),
                code="computed_actual",
            )
        changes["actual"] = [str(stored if stored is not None else ""), str(actual)]
    return changes, None


register(KpiPlan())
