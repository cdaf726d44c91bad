"""State changes of the KPI app: indicators, manual entries (approval workflow) and recomputation.

Every function takes the acting user (``actor``, keyword-only), validates, raises django
``ValidationError`` with Korean messages (``PermissionDenied`` for a role that may not act) and
saves nothing on error (one transaction each). Manual entries move by ``kpis.workflow``.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kpis import measures, rates
from kpis.access import can_edit
from kpis.models import (
    BusinessArea,
    Direction,
    Indicator,
    IndicatorValue,
    ManualEntry,
    Recomputation,
    Source,
    Unit,
)
from kpis.workflow import COUNTED, ENTRY_MACHINE
from seoul_se.accounts.models import Role, User
from seoul_se.core.models import BackgroundJob
from seoul_se.core.uploads import check_upload
from seoul_se.notifications.services import notify

# How an indicator's actual is obtained and judged.
MEASUREMENT_FIELDS = (
    "unit",
    "direction",
    "cumulative",
    "target",
    "source",
    "measure_key",
    "measure_params",
)
# An indicator's own fields but its business area, in form order.
INDICATOR_DETAIL_FIELDS = ("program", "year", "name", *MEASUREMENT_FIELDS, "note", "order")
INDICATOR_FIELDS = ("area", *INDICATOR_DETAIL_FIELDS)
# Changing any of these invalidates the stored actual/rate until the next recomputation.
VALUE_AFFECTING = {"program", *MEASUREMENT_FIELDS}


# --- indicators ---------------------------------------------------------------------------


def clean_indicator(data: dict[str, Any]) -> dict[str, Any]:
    """Validate indicator data (numbers, unit, measure and its parameters) → cleaned dict."""
    errors: dict[str, list[str]] = defaultdict(list)
    cleaned = dict(data)
    try:
        raw_target = data.get("target")
        cleaned["target"] = (
            None if raw_target in (None, "") else rates.to_decimal(raw_target, "목표")
        )
    except ValueError as exc:
        errors["target"].append(str(exc))
    if data.get("unit") not in Unit.values:
        errors["unit"].append(f"알 수 없는 단위입니다: {data.get('unit')}")
    if data.get("direction", Direction.HIGHER) not in Direction.values:
        errors["direction"].append("방향은 '높을수록 좋음' 또는 '낮을수록 좋음'이어야 합니다.")
    try:
        year = int(data.get("year") or 0)
        if not 2000 <= year <= 2100:
            raise ValueError
        cleaned["year"] = year
    except (TypeError, ValueError):
        errors["year"].append("연도를 확인해 주세요 (2000~2100).")
        year = 0
    if not str(data.get("name") or "").strip():
        errors["name"].append("지표명을 입력해 주세요.")
    program = data.get("program")
    if program is not None and year and measures.program_year_of(program) != year:
        errors["program"].append(
            f"'{program}'은(는) {measures.program_year_of(program)}년 사업입니다. "
            f"{year}년 지표에는 {year}년 사업만 지정할 수 있습니다."
        )
    source = data.get("source", Source.MANUAL)
    if source == Source.COMPUTED:
        try:
            measure = measures.get(str(data.get("measure_key") or ""))
            params = dict(data.get("measure_params") or {})
            declares_program = any(p.name == "program" for p in measure.params)
            if program is not None and declares_program and not params.get("program"):
                params["program"] = program.pk  # the indicator's program scopes the measure
            data = {**data, "measure_params": params}
            if data.get("unit") in Unit.values and data["unit"] not in measure.allowed_units():
                counted = {measures.MONEY: "금액(원, 억원)", measures.RATE: "비율(%)"}.get(
                    measure.unit_kind, "개수"
                )
                errors["unit"].append(
                    f"단위 불일치: '{measure.description}'은(는) {counted}를 "
                    f"집계하므로 '{data['unit']}' 단위를 쓸 수 없습니다."
                )
            if year:
                cleaned["measure_params"] = measures.clean_params(
                    measure, data.get("measure_params"), year
                )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[name].extend(messages)
    elif source == Source.MANUAL:
        cleaned["measure_key"] = ""
        cleaned["measure_params"] = {}
    else:
        errors["source"].append("실적 산출 방식은 자동 집계 또는 직접 입력이어야 합니다.")
    if errors:
        raise ValidationError(dict(errors))
    return cleaned


@transaction.atomic
def create_indicator(*, actor: User, **data: Any) -> Indicator:
    _require(can_edit(actor))
    cleaned = clean_indicator(data)
    indicator = Indicator(
        created_by=actor, **{k: v for k, v in cleaned.items() if k in INDICATOR_FIELDS}
    )
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def update_indicator(indicator: Indicator, *, actor: User, **data: Any) -> Indicator:
    _require(can_edit(actor))
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    merged = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    merged.update(data)
    cleaned = clean_indicator(merged)
    changed = {k for k in INDICATOR_FIELDS if k in cleaned and getattr(indicator, k) != cleaned[k]}
    for name in changed:
        setattr(indicator, name, cleaned[name])
    indicator.full_clean()
    indicator.save()
    if changed & VALUE_AFFECTING:
        IndicatorValue.objects.filter(indicator=indicator).update(stale=True)
    return indicator


# --- manual entries -----------------------------------------------------------------------


@transaction.atomic
def submit_entry(
    indicator: Indicator, *, actor: User, value: Any, unit: str, evidence: Any, note: str = ""
) -> ManualEntry:
    """Staff enter an actual with evidence; it waits for an official's approval."""
    _require(can_edit(actor))
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    if indicator.source != Source.MANUAL:
        errors["__all__"].append(
            ValidationError(
                _("자동 집계 지표에는 실적을 직접 입력할 수 없습니다."), code="computed_indicator"
            )
        )
    try:
        amount = _entry_amount(value)
    except ValueError as exc:
        errors["value"].append(ValidationError(str(exc), code="invalid_value"))
    if unit != indicator.unit:
        errors["unit"].append(
            ValidationError(
                _("단위 불일치: 이 지표의 단위는 '%(unit)s'입니다 (입력: '%(given)s').")
                % {"unit": indicator.unit, "given": unit},
                code="unit_mismatch",
            )
        )
    if not evidence:
        errors["evidence"].append(
            ValidationError(_("증빙 자료를 첨부해 주세요."), code="evidence_required")
        )
    else:
        try:
            check_upload(evidence)  # size and type, judged by content
        except ValidationError as error:
            errors["evidence"].extend(error.error_list)
    if errors:
        raise ValidationError(dict(errors))
    entry = ManualEntry.objects.create(
        indicator=indicator, value=amount, unit=unit, evidence=evidence, note=note, entered_by=actor
    )
    ENTRY_MACHINE.start(entry, actor=actor, comment=note)
    _notify_officials(entry)
    return entry


def _entry_amount(value: Any) -> Decimal:
    """The entered actual as Decimal; digits the column cannot hold are refused here, as the
    database would round them silently or fail."""
    amount = rates.to_decimal(value, "실적")
    field = ManualEntry._meta.get_field("value")
    whole, places = field.max_digits - field.decimal_places, field.decimal_places
    if amount >= Decimal(10) ** whole:
        raise ValueError(f"실적은 정수 부분 {whole}자리까지 입력할 수 있습니다.")
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise ValueError(f"실적은 소수점 아래 {places}자리까지 입력할 수 있습니다.")
    return amount


@transaction.atomic
def act_on_entry(entry: ManualEntry, action: str, *, actor: User, comment: str = "") -> ManualEntry:
    """Take a workflow action on a submitted entry (``kpis.workflow``): an official approves
    it (the actual takes effect) or rejects it with a reason; its author withdraws it."""
    entry = ManualEntry.objects.select_for_update().select_related("indicator").get(pk=entry.pk)
    decided = action in ("approve", "reject")
    fields = (
        {"approved_by": actor if action == "approve" else None, "decided_at": timezone.now()}
        if decided
        else {}
    )
    ENTRY_MACHINE.apply(entry, action, actor=actor, comment=comment, fields=fields)
    if action == "approve":
        apply_manual_value(entry.indicator, entry.value, entry_id=entry.pk)
    if decided:
        notify(
            [entry.entered_by],
            f"성과지표 실적 {'승인' if action == 'approve' else '반려'}: {entry.indicator.name}",
            comment,
            url=f"/kpis/indicators/{entry.indicator_id}",
        )
    return entry


def _notify_officials(entry: ManualEntry) -> None:
    officials = User.objects.filter(role=Role.OFFICIAL, is_active=True).exclude(
        pk=entry.entered_by_id
    )
    notify(
        list(officials),
        f"성과지표 실적 승인 요청: {entry.indicator.name}",
        entry.value_display,
        url=f"/kpis/indicators/{entry.indicator_id}",
        email=False,
    )


def manual_fingerprint(entry_id: int | None, value: Decimal) -> str:
    return _hash(["manual", entry_id, str(Decimal(value).quantize(Decimal("0.0001")))])


def apply_manual_value(
    indicator: Indicator, period_value: Decimal, entry_id: int | None = None
) -> IndicatorValue:
    """Store an approved manual actual now (later cumulative years are marked stale)."""
    earlier = Decimal(0)
    if indicator.cumulative:
        earlier = _series(indicator).filter(year__lt=indicator.year).aggregate(
            s=Sum("value__period_value")
        )["s"] or Decimal(0)
        IndicatorValue.objects.filter(
            indicator__in=_series(indicator).filter(year__gt=indicator.year)
        ).update(stale=True)
    actual = rates.cumulative_actual(period_value, [earlier])
    result = rates.achievement(actual, indicator.target, indicator.direction)
    value, _ = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        defaults={
            "period_value": period_value,
            "actual": actual,
            "achievement_rate": result.rate,
            "achievement_percent": result.percent,
            "records_counted": 1,
            "data_fingerprint": manual_fingerprint(entry_id, period_value),
            "basis": {"source": "manual", "entry": entry_id, "earlier_total": str(earlier)},
            "computed_at": timezone.now(),
            "stale": False,
        },
    )
    return value


def _series(indicator: Indicator) -> Any:
    return Indicator.objects.filter(area_id=indicator.area_id, name=indicator.name)


# --- recomputation ------------------------------------------------------------------------


@dataclass
class _Row:
    indicator: Indicator
    period_value: Decimal | None
    records: int
    fingerprint: str
    basis: dict


def recompute_year(
    year: int,
    *,
    trigger: str = Recomputation.Trigger.SYSTEM,
    actor: User | None = None,
    job: BackgroundJob | None = None,
    report: Callable[[int, str], None] | None = None,
) -> Recomputation:
    """Recompute every indicator of ``year`` with a bounded number of queries.

    Computed indicators are grouped by (measure, cumulative) and each group is evaluated once
    (one GROUP BY query); manual ones read their latest approved entry (one query); cumulative
    ones add the earlier years of their series (one query); values are bulk-written. Running
    it twice on the same data changes nothing the second time (``changed_count`` 0).
    """
    progress: Callable[[int, str], None] = report or _no_progress
    run = Recomputation.objects.create(
        year=year, trigger=trigger, job=job, requested_by=actor, started_at=timezone.now()
    )
    indicators = list(Indicator.objects.filter(year=year).order_by("pk"))
    progress(10, f"{year}년 지표 {len(indicators)}개")
    rows: dict[int, _Row] = {}
    groups: dict[tuple[str, bool], list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        if indicator.source == Source.COMPUTED and indicator.measure_key in measures.REGISTRY:
            groups[(indicator.measure_key, indicator.cumulative)].append(indicator)
    for step, ((key, cumulative), members) in enumerate(sorted(groups.items()), start=1):
        measure = measures.REGISTRY[key]
        first, last = measures.year_range(year, cumulative)
        found = measure.evaluate_many(first, last, [i.measure_params for i in members])
        for indicator in members:
            evaluation = found[measures.params_key(indicator.measure_params)]
            rows[indicator.pk] = _Row(
                indicator,
                measures.to_indicator_unit(evaluation.value, measure, indicator.unit),
                evaluation.records,
                evaluation.fingerprint(key, indicator.measure_params),
                {
                    "source": "computed",
                    "measure": key,
                    "years": [first, last],
                    "records": evaluation.records,
                    "last_id": evaluation.last_id,
                },
            )
        progress(10 + 60 * step // max(len(groups), 1), f"{measure.description} 집계")
    _manual_rows(year, indicators, rows)
    changed = _write_values(year, indicators, rows, run)
    progress(95, "실적 저장")
    kinds: dict[str, int] = defaultdict(int)
    for indicator in indicators:
        kinds[indicator.measure_key or "manual"] += 1
    run.indicator_count = len(indicators)
    run.changed_count = changed
    run.measure_kinds = dict(kinds)
    run.data_versions = {
        key: measures.REGISTRY[key].data_version(year) for key in {k for k, _ in groups}
    }
    run.data_fingerprint = _hash(sorted(row.fingerprint for row in rows.values()))
    run.finished_at = timezone.now()
    run.save()
    return run


def _manual_rows(year: int, indicators: list[Indicator], rows: dict[int, _Row]) -> None:
    manual_ids = [i.pk for i in indicators if i.source == Source.MANUAL]
    if not manual_ids:
        return
    latest = (
        ManualEntry.objects.filter(indicator_id__in=manual_ids, status__in=COUNTED)
        .order_by("indicator_id", "-decided_at", "-pk")
        .values("indicator_id", "value", "pk")
    )
    seen: set[int] = set()
    by_id = {i.pk: i for i in indicators}
    for entry in latest:
        if entry["indicator_id"] in seen:
            continue
        seen.add(entry["indicator_id"])
        rows[entry["indicator_id"]] = _Row(
            by_id[entry["indicator_id"]],
            entry["value"],
            1,
            manual_fingerprint(entry["pk"], entry["value"]),
            {"source": "manual", "entry": entry["pk"]},
        )


def _earlier_totals(year: int, indicators: Iterable[Indicator]) -> dict[tuple[int, str], Decimal]:
    cumulative = [i for i in indicators if i.cumulative]
    if not cumulative:
        return {}
    rows = (
        IndicatorValue.objects.filter(
            indicator__year__lt=year,
            indicator__area_id__in={i.area_id for i in cumulative},
            indicator__name__in={i.name for i in cumulative},
        )
        .order_by()
        .values("indicator__area_id", "indicator__name")
        .annotate(total=Sum("period_value"))
    )
    return {(r["indicator__area_id"], r["indicator__name"]): r["total"] or Decimal(0) for r in rows}


def _write_values(
    year: int, indicators: list[Indicator], rows: dict[int, _Row], run: Recomputation
) -> int:
    now = timezone.now()
    earlier = _earlier_totals(year, indicators)
    existing = {v.indicator_id: v for v in IndicatorValue.objects.filter(indicator__year=year)}
    to_create: list[IndicatorValue] = []
    to_update: list[IndicatorValue] = []
    for indicator in indicators:
        row = rows.get(indicator.pk)
        current = existing.get(indicator.pk)
        if row is None or row.period_value is None:
            continue  # a manual indicator without an approved entry keeps no value
        prior = earlier.get((indicator.area_id, indicator.name), Decimal(0))
        actual = rates.cumulative_actual(row.period_value, [prior] if indicator.cumulative else [])
        result = rates.achievement(actual, indicator.target, indicator.direction)
        basis = {**row.basis, "earlier_total": str(prior)} if indicator.cumulative else row.basis
        fields = {
            "period_value": row.period_value,
            "actual": actual,
            "achievement_rate": result.rate,
            "achievement_percent": result.percent,
            "records_counted": row.records,
            "data_fingerprint": row.fingerprint,
            "basis": basis,
        }
        if current is None:
            to_create.append(
                IndicatorValue(indicator=indicator, computed_at=now, recomputation=run, **fields)
            )
            continue
        unchanged = (
            not current.stale
            and current.data_fingerprint == row.fingerprint
            and current.actual == actual
            and current.achievement_rate == result.rate
        )
        if unchanged:
            continue
        for name, val in fields.items():
            setattr(current, name, val)
        current.stale = False
        current.computed_at = now
        current.recomputation = run
        to_update.append(current)
    IndicatorValue.objects.bulk_create(to_create, batch_size=1000)
    IndicatorValue.objects.bulk_update(
        to_update,
        [
            "period_value",
            "actual",
            "achievement_rate",
            "achievement_percent",
            "records_counted",
            "data_fingerprint",
            "basis",
            "stale",
            "computed_at",
            "recomputation",
        ],
        batch_size=1000,
    )
    return len(to_create) + len(to_update)


# --- helpers ------------------------------------------------------------------------------


def _no_progress(percent: int, message: str = "") -> None:
    """Progress sink when no background job reports (nightly run, tests)."""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("이 작업을 수행할 권한이 없습니다.")


def _hash(parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def area_named(name: str, order: int = 100) -> BusinessArea:
    area, _ = BusinessArea.objects.get_or_create(name=name, defaults={"order": order})
    return area
