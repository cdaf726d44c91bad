"""The yearly KPI plan table ("kpis.plan"): targets and manual actuals by (지표명, 연도)."""

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from kpis.imports import KpiPlan
from kpis.models import Indicator, IndicatorValue, Source
from seoul_se.core.imports import services
from seoul_se.core.models import ImportRecord
from tests.kpis.factories import BusinessAreaFactory, IndicatorFactory
from tests.reports.sheets import sheet_file

pytestmark = pytest.mark.django_db
HEADER = ["사업 분야", "지표명", "연도", "목표", "실적"]


def plan_file(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(data: bytes, actor):  # type: ignore[no-untyped-def]
    plan, record = services.dry_run("kpis.plan", io.BytesIO(data), "plan.xlsx", actor=actor)
    if plan.ok:
        record = services.commit_import(record, actor=actor)
    return plan, record


def test_targets_and_manual_actuals_are_written_once(official):
    manual = IndicatorFactory(name="공공구매 실적", year=2024, target=Decimal("100"))
    computed = IndicatorFactory(
        name="신규 대출",
        year=2024,
        source=Source.COMPUTED,
        measure_key="amount_lent",
        unit="억원",
        target=None,
    )
    data = plan_file([["", "공공구매 실적", 2024, "120", 95], ["", "신규 대출", "2024", 30, None]])
    plan, record = run(data, official)
    assert plan.totals == {"create": 0, "change": 2, "unchanged": 0}
    assert record.state == ImportRecord.State.COMMITTED
    manual.refresh_from_db()
    computed.refresh_from_db()
    assert manual.target == Decimal("120") and computed.target == Decimal("30")
    assert IndicatorValue.objects.get(indicator=manual).period_value == Decimal("95")
    assert {o.object_id for o in record.imported.all()} == {str(manual.pk), str(computed.pk)}
    plan, record = run(data, official)
    assert plan.totals == {"create": 0, "change": 0, "unchanged": 2}
    assert record.imported.count() == 0


def test_bad_rows_save_nothing_and_are_named(official):
    kept = IndicatorFactory(name="교육 수료", year=2024, target=Decimal("10"))
    IndicatorFactory(name="자동", year=2024, source=Source.COMPUTED)
    area = BusinessAreaFactory(name="다른 분야")
    IndicatorFactory(name="교육 수료", year=2024, area=area)
    data = plan_file(
        [
            ["", "없는 지표", 2024, 1, None],
            [kept.area.name, "교육 수료", 2024, 20, None],
            ["", "자동", 2024, None, 5],
            ["", "교육 수료", 2024, 5, None],  # two areas: ambiguous
            ["", "교육 수료", "이천", 5, None],
            [kept.area.name, "교육 수료", 2024, 30, None],  # the same key twice
        ]
    )
    plan, record = run(data, official)
    found = {(e.row, e.column): e.code for e in plan.errors}
    assert found == {
        (2, "지표명"): "unknown_indicator",
        (4, "실적"): "computed_actual",
        (5, "지표명"): "ambiguous_indicator",
        (6, "연도"): "bad_year",
        (7, "지표명"): "duplicate_in_file",
    }
    assert record.state == ImportRecord.State.REFUSED
    kept.refresh_from_db()
    assert kept.target == Decimal("10")


def test_only_officials_import_the_plan(staff, member):
    data = plan_file([["", "x", 2024, 1, None]])
    for user in (staff, member):
        with pytest.raises(PermissionDenied):
            services.dry_run("kpis.plan", io.BytesIO(data), "plan.xlsx", actor=user)
    assert not Indicator.objects.exists()


def stored_plan():  # type: ignore[no-untyped-def]
    """Every indicator's stored target and actual, and the audit entries: what an import writes."""
    return (
        sorted(Indicator.objects.values_list("pk", "target", "updated_at")),
        sorted(IndicatorValue.objects.values_list("indicator", "period_value", "computed_at")),
        LogEntry.objects.count(),
    )


def test_the_same_file_twice_changes_nothing(official):
    IndicatorFactory(name="공공구매 실적", year=2024, target=Decimal("100"))
    IndicatorFactory(name="판로 지원", year=2024, target=None)
    data = plan_file([["", "공공구매 실적", 2024, "120", 95], ["", "판로 지원", 2024, 7, "3.5"]])
    plan, record = run(data, official)
    assert plan.totals == {"create": 0, "change": 2, "unchanged": 0}
    before = stored_plan()
    plan, record = run(data, official)
    assert plan.totals == {"create": 0, "change": 0, "unchanged": 2}
    assert record.state == ImportRecord.State.COMMITTED and record.imported.count() == 0
    assert stored_plan() == before


def test_one_bad_row_among_ten_thousand_saves_nothing(official):
    assert KpiPlan.max_rows >= 10_000
    area = BusinessAreaFactory(name="대량 분야")
    indicators = Indicator.objects.bulk_create(
        IndicatorFactory.build_batch(10_000, area=area, year=2024, target=Decimal("1"))
    )
    rows = [["", indicator.name, 2024, 2, n] for n, indicator in enumerate(indicators)]
    rows[6_543][3] = "-2"
    before = stored_plan()
    plan, record = services.dry_run(
        "kpis.plan", sheet_file(HEADER, rows), "plan.xlsx", actor=official
    )
    assert [(e.row, e.column, e.code) for e in plan.errors] == [(6_545, "목표", "negative_number")]
    assert record.rows == 10_000 and record.state == ImportRecord.State.REFUSED
    with pytest.raises(ValidationError):
        services.commit_import(record, actor=official)
    assert stored_plan() == before


@pytest.mark.parametrize("fmt", ["csv", "xls"])
def test_cp949_csv_and_xls_read_as_xlsx(official, fmt):
    area = BusinessAreaFactory(name="공공시장 확대지원")
    IndicatorFactory(name="공공구매 실적", year=2024, area=area, target=Decimal("100"))
    IndicatorFactory(name="공공구매 실적", year=2024, target=Decimal("5"))
    IndicatorFactory(name="교육 수료", year=2025, target=None)
    rows = [
        ["공공시장 확대지원", "공공구매 실적", 2024, "1,200.5", "95"],
        ["", "교육 수료", "2025", 30, None],
    ]
    plan, _record = services.dry_run(
        "kpis.plan", sheet_file(HEADER, rows, fmt), f"plan.{fmt}", actor=official
    )
    reference, _record = services.dry_run(
        "kpis.plan", sheet_file(HEADER, rows), "plan.xlsx", actor=official
    )
    assert plan.ok and reference.ok, plan.errors
    expected = [(r.row, r.key, r.outcome, r.values) for r in reference.rows]
    assert [(r.row, r.key, r.outcome, r.values) for r in plan.rows] == expected
    assert [r.values["changes"] for r in plan.rows] == [
        {"target": ["100.00", "1200.5"], "actual": ["", "95"]},
        {"target": ["", "30"]},
    ]
