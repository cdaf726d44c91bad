import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from funds.models import LoanTransaction
from tests.factories import MembershipFactory
from tests.funds.factories import make_loan

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def loan(staff):
    return make_loan(staff)


@pytest.fixture
def borrower(member, loan):
    MembershipFactory(user=member, enterprise=loan.enterprise)
    return member


@pytest.mark.parametrize("role", ["official", "centre_staff", "auditor", "administrator"])
def test_fund_pages_open_for_readers(make_user, client_for, loan, role):
    client = client_for(make_user(role))
    for url in [
        "/funds/",
        "/funds/?as_of=2019-12-31",
        "/funds/loans/",
        f"/funds/loans/{loan.pk}/",
        "/funds/monitoring/",
        "/funds/intermediaries/",
        "/funds/deposits/",
        "/funds/products/",
        "/funds/partnerships/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["enterprise_member", "reviewer", "intermediary_staff"])
def test_fund_status_is_closed_to_other_roles(make_user, client_for, role):
    assert client_for(make_user(role)).get("/funds/").status_code == 403


def test_fund_status_page_shows_the_seed_layout(client_for, official, loan):
    body = client_for(official).get("/funds/?as_of=2024-12-31").content.decode()
    for label in ["총 융자금", "기업 수", "채권잔액", "회수금액", "예치금", "2024년 12월 31일"]:
        assert label in body


def test_enterprise_sees_only_its_own_loans(client_for, staff, borrower, loan):
    other = make_loan(staff)
    client = client_for(borrower)
    listing = client.get("/funds/loans/").content.decode()
    assert loan.number in listing and other.number not in listing
    page = client.get(f"/funds/loans/{loan.pk}/")
    assert page.status_code == 200 and "거래내역" in page.content.decode()
    assert "상환 기록" not in page.content.decode()
    assert client.get(f"/funds/loans/{other.pk}/").status_code == 404
    assert client.post(f"/funds/loans/{loan.pk}/post/", {}).status_code == 403
    workbook = load_workbook(io.BytesIO(client.get("/funds/ledger.xlsx").content))
    assert [row[0].value for row in workbook["융자"].iter_rows(min_row=2)] == [loan.number]


def test_intermediary_staff_see_and_post_only_their_intermediarys_loans(
    make_user, client_for, staff, loan
):
    worker = make_user("intermediary_staff")
    loan.intermediary.staff.add(worker)
    other = make_loan(staff)
    client = client_for(worker)
    assert client.get(f"/funds/loans/{other.pk}/").status_code == 404
    response = client.post(
        f"/funds/loans/{loan.pk}/post/",
        {
            "post-kind": "repayment",
            "post-value_date": "2024-02-02",
            "post-amount": "100000",
            "post-idempotency_key": "w1",
        },
    )
    assert response.status_code == 302
    assert LoanTransaction.objects.filter(loan=loan).count() == 1
    assert client.post(f"/funds/loans/{other.pk}/post/", {}).status_code == 404
    assert client.get("/funds/loans/new/").status_code == 403


def test_auditor_cannot_post(client_for, auditor, loan):
    response = client_for(auditor).post(
        f"/funds/loans/{loan.pk}/post/",
        {"post-kind": "repayment", "post-value_date": "2024-02-02", "post-amount": "100000"},
    )
    assert response.status_code == 403
    assert not LoanTransaction.objects.exists()


def test_staff_journey_with_korean_errors(client_for, staff, loan):
    client = client_for(staff)
    url = f"/funds/loans/{loan.pk}/post/"
    response = client.post(
        url,
        {"post-kind": "repayment", "post-value_date": "2023-12-01", "post-amount": "100000"},
        follow=True,
    )
    assert "최초 지급일 이전" in response.content.decode()
    form = {
        "post-kind": "repayment",
        "post-value_date": "2024-02-02",
        "post-amount": "100000",
        "post-idempotency_key": "same",
    }
    client.post(url, form)
    client.post(url, form)  # a double submit posts once
    txn = LoanTransaction.objects.get(loan=loan)
    response = client.post(
        f"/funds/transactions/{txn.pk}/reverse/", {"reason": "입금 오류"}, follow=True
    )
    assert "거래를 취소했습니다" in response.content.decode()
    assert LoanTransaction.objects.filter(loan=loan).count() == 2


def test_loan_list_queries_are_constant(client_for, official, staff, django_assert_max_num_queries):
    for _ in range(3):
        make_loan(staff)
    client = client_for(official)
    client.get("/funds/loans/")
    with django_assert_max_num_queries(15):
        client.get("/funds/loans/")


def test_excel_export_neutralises_formula_text(client_for, official, staff):
    loan = make_loan(staff)
    loan.enterprise.name = '=HYPERLINK("x")'
    loan.enterprise.save()
    workbook = load_workbook(io.BytesIO(client_for(official).get("/funds/ledger.xlsx").content))
    names = [row[1].value for row in workbook["융자"].iter_rows(min_row=2)]
    assert names == ['\'=HYPERLINK("x")']


def test_officials_edit_products_staff_cannot(client_for, official, staff):
    assert client_for(official).get("/funds/records/product/new/").status_code == 200
    assert client_for(staff).get("/funds/records/product/new/").status_code == 403


def test_enterprise_panel_lists_loans_only_for_allowed_users(staff, member, reviewer, loan):
    from funds.enterprise_panels import panels

    MembershipFactory(user=member, enterprise=loan.enterprise)
    assert panels(loan.enterprise, reviewer) == []
    [panel] = panels(loan.enterprise, member)
    assert panel.context["loans"] == [loan]
    assert panels(loan.enterprise, staff)[0].title == "사회투자기금 융자"


def test_borrower_submits_a_quarterly_report(client_for, staff, borrower, loan):
    from funds.models import QuarterlyReport

    report = QuarterlyReport.objects.create(loan=loan, year=2024, quarter=1, due_on=D(2024, 4, 30))
    client = client_for(borrower)
    response = client.post(
        f"/funds/reports/{report.pk}/submit/", {"summary": "매출 증가, 고용 유지"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.submitted_on is not None and report.summary == "매출 증가, 고용 유지"
    other = QuarterlyReport.objects.create(
        loan=make_loan(staff), year=2024, quarter=1, due_on=D(2024, 4, 30)
    )
    assert client.get(f"/funds/reports/{other.pk}/submit/").status_code == 404


def test_staff_manage_intermediary_staff_on_the_page(client_for, staff, make_user, auditor):
    from tests.funds.factories import IntermediaryFactory

    intermediary = IntermediaryFactory(name="한국사회투자")
    worker = make_user("intermediary_staff", name="김직원")
    url = f"/funds/intermediaries/{intermediary.pk}/staff/"
    client = client_for(staff)
    page = client.post(url, {"email": worker.email}, follow=True).content.decode()
    assert "김직원님을 한국사회투자 직원으로 등록했습니다" in page and worker.email in page
    refused = client.post(url, {"email": staff.email}, follow=True).content.decode()
    assert "수행기관 직원 역할" in refused
    client.post(url, {"remove": worker.pk})
    assert not intermediary.staff.exists()
    assert client_for(auditor).post(url, {"email": worker.email}).status_code == 403
    assert client_for(worker).post(url, {"email": worker.email}).status_code == 403
    assert not intermediary.staff.exists()


def test_product_form_refuses_a_quarterly_grace_not_in_whole_quarters(client_for, official):
    from funds.models import LoanProduct

    form = {
        "code": "q-grace",
        "name": "분기 상환 상품",
        "category": "enterprise",
        "cap": "100000000",
        "rate": "0.02",
        "term_months": "60",
        "grace_months": "4",
        "repayment_method": "equal_principal",
        "frequency": "quarterly",
        "overdue_margin": "0.03",
        "is_active": "on",
    }
    response = client_for(official).post("/funds/records/product/new/", form)
    assert response.status_code == 200
    assert "3개월" in response.content.decode()
    assert not LoanProduct.objects.filter(code="q-grace").exists()
    form["grace_months"] = "6"
    assert client_for(official).post("/funds/records/product/new/", form).status_code == 302
    assert LoanProduct.objects.get(code="q-grace").grace_months == 6


def test_staff_record_a_second_partial_tranche_on_the_page(client_for, staff):
    loan = make_loan(staff, amount=1_000_000, disbursed=300_000)
    client = client_for(staff)
    url = f"/funds/loans/{loan.pk}/disburse/"
    form = {"disburse-amount": "300000", "disburse-on": "2024-01-05"}
    assert "지급을 기록했습니다" in client.post(url, form, follow=True).content.decode()
    over = client.post(url, {**form, "disburse-amount": "400001"}, follow=True)
    assert "남은 지급 가능액은 400,000원" in over.content.decode()
    loan.refresh_from_db()
    assert loan.status == "disbursing"
    assert sum(loan.disbursements.values_list("amount", flat=True)) == 600_000


def test_intermediary_staff_contacts_are_masked_for_auditors_and_logged_for_officials(
    client_for, official, auditor, make_user
):
    from seoul_se.audit.models import AccessLog
    from tests.funds.factories import IntermediaryFactory

    intermediary = IntermediaryFactory(name="한국사회투자")
    worker = make_user("intermediary_staff", name="김직원", email="kimjik@invest.kr")
    intermediary.staff.add(worker)

    masked = client_for(auditor).get("/funds/intermediaries/").content.decode()
    assert "김*원" in masked and "ki****@invest.kr" in masked
    assert "김직원" not in masked and "kimjik@invest.kr" not in masked
    assert not AccessLog.objects.exists()

    full = client_for(official).get("/funds/intermediaries/").content.decode()
    assert "김직원" in full and "kimjik@invest.kr" in full
    log = AccessLog.objects.get()
    assert (log.actor, log.action, log.target, log.record_ids) == (
        official,
        AccessLog.Action.LIST,
        "accounts.user",
        [worker.pk],
    )
