"""The purchase report ("procurement.purchases") on the import framework: natural key (기관,
사업자등록번호, 구매일, 품목), all or nothing, the same file twice, CP949 CSV and .xls = .xlsx,
the row limit."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from procurement import services
from procurement.imports import PurchaseReport
from procurement.models import InstitutionKind, Purchase, PurchaseImport
from seoul_se.core.imports import services as imports
from seoul_se.core.models import ImportRecord
from tests.factories import EnterpriseFactory, sheet_files
from tests.reports.sheets import sheet_file

pytestmark = pytest.mark.django_db
KIND = "procurement.purchases"
HEADER = ["사업자등록번호", "구매일", "구매액(원)", "품목"]


@pytest.fixture
def institution(staff):
    return services.create_institution(actor=staff, name="은평구청", kind=InstitutionKind.DISTRICT)


def xlsx(rows: list[list[object]]) -> bytes:
    return sheet_files(HEADER, rows)[0]


def check(actor, institution, data: bytes, name: str = "report.xlsx"):  # type: ignore[no-untyped-def]
    return imports.dry_run(
        KIND, io.BytesIO(data), name, actor=actor, context={"institution": str(institution.pk)}
    )


def run(actor, institution, data: bytes, name: str = "report.xlsx"):  # type: ignore[no-untyped-def]
    plan, record = check(actor, institution, data, name)
    if plan.ok:
        record = imports.commit_import(record, actor=actor)
    return plan, record


def stored() -> set[tuple[object, ...]]:
    return set(
        Purchase.objects.values_list(
            "institution__name", "enterprise__business_number", "purchased_on", "amount", "item"
        )
    )


def test_a_valid_file_imports_exactly(staff, institution):
    a, b = EnterpriseFactory(), EnterpriseFactory()
    data = xlsx(
        [
            [a.business_number, "2019-03-02", "2,000,000원", "청소 용역"],
            [
                f"{b.business_number[:3]}-{b.business_number[3:5]}-{b.business_number[5:]}",
                dt.date(2019, 4, 1),
                1_500_000,
                "도시락",
            ],
            [a.business_number, "2019.3.2", "1.2억", "인쇄"],
        ]
    )
    plan, record = run(staff, institution, data)
    assert plan.totals == {"create": 3, "change": 0, "unchanged": 0}
    assert record.state == ImportRecord.State.COMMITTED
    assert stored() == {
        ("은평구청", a.business_number, dt.date(2019, 3, 2), 2_000_000, "청소 용역"),
        ("은평구청", b.business_number, dt.date(2019, 4, 1), 1_500_000, "도시락"),
        ("은평구청", a.business_number, dt.date(2019, 3, 2), 120_000_000, "인쇄"),
    }
    batch = PurchaseImport.objects.get()
    assert (batch.rows, batch.total, batch.imported_by) == (3, 123_500_000, staff)
    assert set(Purchase.objects.values_list("source", flat=True)) == {batch.pk}
    assert sorted(record.imported.values_list("row", "outcome")) == [
        (2, "create"),
        (3, "create"),
        (4, "create"),
    ]


def test_one_bad_row_among_ten_thousand_saves_nothing_and_is_named(staff, institution):
    assert PurchaseReport.max_rows == 10_000
    numbers = [e.business_number for e in EnterpriseFactory.create_batch(50)]
    rows: list[list[object]] = [
        [numbers[i % 50], dt.date(2019, 1, 1) + dt.timedelta(days=i // 50), 1_000 + i, "도시락"]
        for i in range(10_000)
    ]
    rows[7_777][2] = "12.5"  # a fraction of a won: sheet row 7,779
    plan, record = run(staff, institution, xlsx(rows))
    assert [(e.row, e.column, e.code) for e in plan.errors] == [
        (7_779, "구매액(원)", "fractional_won")
    ]
    assert record.state == ImportRecord.State.REFUSED and record.rows == 10_000
    with pytest.raises(ValidationError):
        imports.commit_import(record, actor=staff)
    assert not Purchase.objects.exists() and not PurchaseImport.objects.exists()


def test_a_file_over_the_row_limit_is_refused_with_its_code(staff, institution):
    number = EnterpriseFactory().business_number
    rows: list[list[object]] = [
        [number, dt.date(2019, 1, 1), 1_000, f"품목 {i}"] for i in range(10_001)
    ]
    with pytest.raises(ValidationError) as info:
        check(staff, institution, xlsx(rows))
    assert info.value.code == "too_many_rows" and "10,000행" in info.value.messages[0]
    assert not Purchase.objects.exists() and not ImportRecord.objects.exists()


def test_the_same_file_twice_changes_nothing_and_a_correction_changes_the_amount(
    staff, institution
):
    a = EnterpriseFactory()
    services.record_purchase(
        actor=staff,
        institution=institution,
        business_number=a.business_number,
        amount=500_000,
        purchased_on=dt.date(2019, 6, 1),
        item="현수막",
    )
    data = xlsx(
        [
            [a.business_number, "2019-06-01", 500_000, "현수막"],  # entered by hand before
            [a.business_number, "2019-06-02", 700_000, "다과"],
        ]
    )
    plan, _record = run(staff, institution, data)
    assert plan.totals == {"create": 1, "change": 0, "unchanged": 1}
    before = stored()
    plan, record = run(staff, institution, data)
    assert plan.totals == {"create": 0, "change": 0, "unchanged": 2}
    assert stored() == before and Purchase.objects.count() == 2
    assert PurchaseImport.objects.count() == 1 and record.imported.count() == 0
    corrected = xlsx([[a.business_number, "2019-06-02", 750_000, "다과"]])
    plan, record = run(staff, institution, corrected)
    assert plan.totals == {"create": 0, "change": 1, "unchanged": 0}
    assert Purchase.objects.get(item="다과").amount == 750_000
    assert record.imported.get().detail == {"amount": [700_000, 750_000]}


@pytest.mark.parametrize("fmt", ["csv", "xls"])
def test_cp949_csv_and_xls_read_the_same_as_xlsx(staff, institution, fmt):
    a, b = EnterpriseFactory(), EnterpriseFactory()
    rows: list[list[object]] = [
        [a.business_number, "2019-07-01", "3,000,000", "사무용품 (복사지·토너)"],
        [b.business_number, "2019.7.2", "1.5억", "청소 용역"],
        [b.business_number, "2019-07-03", 1_250_000, "도시락"],
    ]
    from_xlsx, _ = check(staff, institution, xlsx(rows))
    other = sheet_file(HEADER, rows, fmt).getvalue()
    from_other, record = check(staff, institution, other, f"report.{fmt}")
    assert from_other.ok and from_xlsx.ok and len(from_xlsx.rows) == 3
    assert [(r.row, r.key, r.outcome, r.values) for r in from_other.rows] == [
        (r.row, r.key, r.outcome, r.values) for r in from_xlsx.rows
    ]
    imports.commit_import(record, actor=staff)
    assert stored() == {
        ("은평구청", a.business_number, dt.date(2019, 7, 1), 3_000_000, "사무용품 (복사지·토너)"),
        ("은평구청", b.business_number, dt.date(2019, 7, 2), 150_000_000, "청소 용역"),
        ("은평구청", b.business_number, dt.date(2019, 7, 3), 1_250_000, "도시락"),
    }
    plan, _ = check(staff, institution, xlsx(rows))
    assert plan.totals == {"create": 0, "change": 0, "unchanged": 3}


def test_hostile_files_a_missing_institution_and_other_roles_are_refused(
    staff, institution, auditor, member
):
    a = EnterpriseFactory()
    with pytest.raises(ValidationError) as info:
        check(staff, institution, b"MZ\x90\x00", "report.exe")
    assert info.value.code == "bad_file_type"
    with pytest.raises(ValidationError) as info:
        check(staff, institution, b"not a zip", "report.xlsx")
    assert "엑셀(.xlsx) 파일이 아닙니다" in info.value.messages[0]
    data = xlsx([[a.business_number, "2019-06-02", 700_000, "다과"]])
    with pytest.raises(ValidationError) as info:
        imports.dry_run(KIND, io.BytesIO(data), "r.xlsx", actor=staff, context={})
    assert info.value.code == "bad_context"
    for user in (auditor, member):
        with pytest.raises(PermissionDenied):
            check(user, institution, data)
    assert not Purchase.objects.exists() and not ImportRecord.objects.exists()
