import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from procurement import demo, selectors, services
from procurement.models import InstitutionKind, MatchContract, Purchase, PurchaseImport
from seoul_se.core.imports import services as imports
from seoul_se.core.models import ImportRecord
from tests.factories import EnterpriseFactory, MembershipFactory, valid_business_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution(staff):
    return services.create_institution(actor=staff, name="마포구청", kind=InstitutionKind.DISTRICT)


def _wrong_check_digit(number: str) -> str:
    return number[:9] + str((int(number[9]) + 1) % 10)


def _purchase(actor, institution, business_number, amount=1_000_000, day=dt.date(2019, 5, 1)):
    return services.record_purchase(
        actor=actor,
        institution=institution,
        business_number=business_number,
        amount=amount,
        purchased_on=day,
        item="도시락",
    )


def test_purchase_with_unregistered_or_wrong_check_digit_number_is_refused(staff, institution):
    registered = EnterpriseFactory()
    cases = {
        valid_business_number(4242): "등록되지 않은",
        _wrong_check_digit(registered.business_number): "검증번호",
    }
    for number, message in cases.items():
        with pytest.raises(ValidationError) as info:
            _purchase(staff, institution, number)
        assert message in info.value.message_dict["business_number"][0]
    assert not Purchase.objects.exists()
    formatted = f"{registered.business_number[:3]}-{registered.business_number[3:5]}-{registered.business_number[5:]}"
    purchase = _purchase(staff, institution, formatted)
    assert purchase.enterprise == registered


def test_members_and_auditors_cannot_record(member, auditor, institution):
    enterprise = EnterpriseFactory()
    for user in (member, auditor):
        with pytest.raises(PermissionDenied):
            _purchase(user, institution, enterprise.business_number, 1, dt.date(2019, 1, 1))


def _xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["사업자등록번호", "구매일", "구매액(원)", "품목"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _import(actor, institution, upload, file_name):
    """A purchase report through the import framework: checked, then saved when clean."""
    plan, record = imports.dry_run(
        "procurement.purchases",
        upload,
        file_name,
        actor=actor,
        context={"institution": str(institution.pk)},
    )
    if plan.ok:
        record = imports.commit_import(record, actor=actor)
    return plan, record


def test_import_is_all_or_nothing_with_per_row_errors(staff, institution):
    good = EnterpriseFactory()
    upload = _xlsx(
        [
            [good.business_number, "2019-03-02", 2_000_000, "청소 용역"],
            [_wrong_check_digit(good.business_number), "2019-03-03", 1_000, "복사지"],
            [valid_business_number(999), "2019-03-04", 1_000, "복사지"],
            [valid_business_number(998), "2019-13-40", -5, ""],
        ]
    )
    plan, record = _import(staff, institution, upload, "report.xlsx")
    assert record.state == ImportRecord.State.REFUSED
    assert not Purchase.objects.exists() and not PurchaseImport.objects.exists()
    errors = {(e.row, e.column) for e in plan.errors}
    assert errors == {
        (3, "사업자등록번호"),
        (4, "사업자등록번호"),
        (5, "구매일"),
        (5, "구매액(원)"),
        (5, "품목"),
    }


def test_import_of_valid_xlsx_and_cp949_csv(staff, institution):
    a, b = EnterpriseFactory(), EnterpriseFactory()
    _import(
        staff,
        institution,
        _xlsx([[a.business_number, dt.datetime(2019, 3, 2), 2_000_000, "청소 용역"]]),
        "report.xlsx",
    )
    batch = PurchaseImport.objects.get()
    assert batch.rows == 1 and batch.total == 2_000_000
    csv_text = f'사업자등록번호,구매일,구매액(원),품목\n{b.business_number},2019.04.01,"1,500,000",도시락\n'
    _import(staff, institution, io.BytesIO(csv_text.encode("cp949")), "report.csv")
    assert PurchaseImport.objects.latest("pk").total == 1_500_000
    assert selectors.procurement_total(2019) == 3_500_000


def test_import_refuses_a_file_without_the_columns(staff, institution):
    workbook = Workbook()
    workbook.active.append(["기업", "금액"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(ValidationError) as info:
        _import(staff, institution, buffer, "x.xlsx")
    assert info.value.code == "missing_column"
    assert not Purchase.objects.exists()


def test_yearly_aggregates_and_cumulative_matching(staff, institution):
    enterprise = EnterpriseFactory()
    services.set_target(actor=staff, year=2019, amount=1_000)
    for day, amount in (
        (dt.date(2018, 12, 31), 100),
        (dt.date(2019, 1, 1), 700),
        (dt.date(2019, 6, 1), 310),
    ):
        _purchase(staff, institution, enterprise.business_number, amount, day)
    assert selectors.procurement_total(2019) == 1_010
    overview = {y.year: y for y in selectors.yearly_overview()}
    assert overview[2019].target == 1_000 and overview[2019].rate == Decimal("101.0")
    assert overview[2018].target is None and overview[2018].rate is None

    event = services.create_event(
        actor=staff, name="상담회", starts_on=dt.date(2018, 2, 27), ends_on=dt.date(2018, 2, 28)
    )
    meeting = services.record_meeting(
        event, actor=staff, business_number=enterprise.business_number, institution=institution
    )
    with pytest.raises(ValidationError):
        services.record_meeting(
            event, actor=staff, business_number=enterprise.business_number, institution=institution
        )
    with pytest.raises(ValidationError) as info:
        services.record_contract(meeting, actor=staff, amount=5, signed_on=dt.date(2018, 1, 1))
    assert info.value.error_dict["signed_on"][0].code == "contract_before_event"
    services.record_contract(meeting, actor=staff, amount=500, signed_on=dt.date(2018, 3, 1))
    services.record_contract(meeting, actor=staff, amount=300, signed_on=dt.date(2019, 3, 1))
    assert selectors.matching_contract_total_until(2017) == 0
    assert selectors.matching_contract_total_until(2018) == 500
    assert selectors.matching_contract_total_until(2019) == 800
    assert selectors.contracts_between(2019, 2019).count() == 1
    figures = selectors.event_figures(event)
    assert (figures.institutions, figures.enterprises, figures.contract_total) == (1, 1, 800)


def test_demo_reproduces_the_seed_figures(staff):
    EnterpriseFactory.create_batch(208)
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent
    assert selectors.procurement_total(2019) == 169_000_000_000
    assert selectors.procurement_total(2019) - selectors.procurement_total(2018) == 32_100_000_000
    assert selectors.citywide_target(2019) == 140_000_000_000
    assert selectors.citywide_target(2020) == 170_000_000_000
    assert selectors.matching_contract_total_until(2018) == 8_100_000_000
    from procurement.models import MatchmakingEvent

    figures = selectors.event_figures(MatchmakingEvent.objects.get(name=demo.EVENT_2019))
    assert (figures.institutions, figures.enterprises, figures.contract_total) == (
        54,
        208,
        808_000_000,
    )
    assert MatchContract.objects.filter(signed_on__year=2019).count() == 80


def test_member_sees_only_own_purchases(client, staff, member, institution):
    own, other = EnterpriseFactory(name="내기업"), EnterpriseFactory(name="남의기업")
    MembershipFactory(user=member, enterprise=own)
    for enterprise in (own, other):
        _purchase(staff, institution, enterprise.business_number, 10, dt.date(2019, 1, 1))
    client.force_login(member)
    assert client.get("/procurement/").status_code == 403
    page = client.get("/procurement/purchases/").content.decode()
    assert "내기업" in page and "남의기업" not in page
    rows = client.get("/api/v1/procurement-purchases").json()["results"]
    assert [r["enterprise_name"] for r in rows] == ["내기업"]
    sheet = load_workbook(io.BytesIO(client.get("/procurement/purchases.xlsx").content)).worksheets[
        0
    ]
    assert [r[3] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["내기업"]


def test_auditor_reads_but_cannot_import(client, auditor, institution):
    client.force_login(auditor)
    assert client.get("/procurement/").status_code == 200
    for url in ("/procurement/purchases/import/", "/imports/procurement.purchases/"):
        response = client.post(
            url, {"institution": institution.pk, "file": SimpleUploadedFile("r.csv", b"x")}
        )
        assert response.status_code == 403, url
    assert not ImportRecord.objects.exists()
    api = client.post(
        "/api/v1/procurement-purchases",
        {
            "institution": institution.pk,
            "business_number": "x",
            "amount": 1,
            "purchased_on": "2019-01-01",
            "item": "x",
        },
        content_type="application/json",
    )
    assert api.status_code == 403


def test_import_page_shows_row_errors_and_saves_nothing(client, staff, institution):
    client.force_login(staff)
    csv_text = (
        f"사업자등록번호,구매일,구매액(원),품목\n{valid_business_number(31337)},2019-01-01,10,x\n"
    )
    # The former address leads to the framework's upload page, the institution chosen.
    page = client.get(f"/procurement/purchases/import/?institution={institution.pk}", follow=True)
    assert page.redirect_chain[-1][0] == (
        f"/imports/procurement.purchases/?institution={institution.pk}"
    )
    assert f'<option value="{institution.pk}" selected>' in page.content.decode()
    response = client.post(
        "/imports/procurement.purchases/",
        {"institution": institution.pk, "file": SimpleUploadedFile("r.csv", csv_text.encode())},
        follow=True,
    )
    assert response.status_code == 400  # the record page of a refused file
    assert "등록되지 않은 사업자등록번호" in response.content.decode()
    assert not Purchase.objects.exists()


def test_staff_pages_and_exports_open(client, staff, institution):
    client.force_login(staff)
    for url in (
        "/procurement/",
        "/procurement/years.xlsx",
        "/procurement/institutions.xlsx?year=2019",
        "/procurement/purchases/",
        "/procurement/purchases/new/",
        "/procurement/purchases/import/",
        "/procurement/purchases/template.xlsx",
        "/procurement/events/",
        "/procurement/events.xlsx",
        "/procurement/meetings.xlsx",
        "/procurement/contracts/",
        "/procurement/contracts.xlsx",
        "/api/v1/procurement-years",
    ):
        assert client.get(url, follow=True).status_code == 200, url
