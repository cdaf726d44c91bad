import pytest

from funds.models import LoanTransaction
from tests.factories import MembershipFactory
from tests.funds.factories import make_loan

pytestmark = pytest.mark.django_db


def test_idempotency_key_header_posts_once(api_for, staff):
    loan = make_loan(staff)
    api = api_for(staff)
    body = {"kind": "repayment", "value_date": "2024-02-02", "amount": 100_000}
    first = api.post(
        f"/api/v1/fund-loans/{loan.pk}/transactions",
        body,
        format="json",
        HTTP_IDEMPOTENCY_KEY="abc",
    )
    again = api.post(
        f"/api/v1/fund-loans/{loan.pk}/transactions",
        body,
        format="json",
        HTTP_IDEMPOTENCY_KEY="abc",
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["principal"] == 100_000
    assert LoanTransaction.objects.count() == 1
    reversal = api.post(
        f"/api/v1/fund-transactions/{first.json()['id']}/reverse", {"reason": "오류"}, format="json"
    )
    assert reversal.status_code == 201 and reversal.json()["amount"] == -100_000


def test_bad_input_answers_one_error_shape(api_for, staff):
    loan = make_loan(staff)
    response = api_for(staff).post(
        f"/api/v1/fund-loans/{loan.pk}/transactions",
        {"kind": "repayment", "value_date": "2024-02-02", "amount": 0},
        format="json",
    )
    assert response.status_code == 400
    assert "0원보다" in str(response.json()["error"])


def test_scoping_and_roles(api_for, staff, member, auditor):
    loan = make_loan(staff)
    other = make_loan(staff)
    MembershipFactory(user=member, enterprise=loan.enterprise)
    api = api_for(member)
    assert [row["id"] for row in api.get("/api/v1/fund-loans").json()["results"]] == [loan.pk]
    assert api.get(f"/api/v1/fund-loans/{other.pk}/schedule").status_code == 404
    assert len(api.get(f"/api/v1/fund-loans/{loan.pk}/schedule").json()) == 12
    assert api.get("/api/v1/fund-status").status_code == 403
    assert (
        api.post(f"/api/v1/fund-loans/{loan.pk}/transactions", {}, format="json").status_code == 403
    )
    assert (
        api_for(auditor).get("/api/v1/fund-status?as_of=2024-12-31").json()["total_lent"]
        == 2_400_000
    )
    assert (
        api_for(auditor)
        .post(f"/api/v1/fund-loans/{loan.pk}/transactions", {}, format="json")
        .status_code
        == 403
    )
    assert api_for(None).get("/api/v1/fund-loans").status_code == 401


def test_balance_endpoints(api_for, official, staff):
    loan = make_loan(staff)
    api = api_for(official)
    balance = api.get(f"/api/v1/fund-loans/{loan.pk}/balance?as_of=2024-12-31").json()
    assert balance["outstanding"] == 1_200_000 and balance["days_past_due"] > 300
    rows = api.get("/api/v1/fund-status/balances?group=product&as_of=2024-12-31").json()
    assert [row["lent"] for row in rows] == [1_200_000]
    assert api.get("/api/v1/fund-status/balances?group=nope").status_code == 400


def test_application_and_workflow_over_the_api(api_for, staff, make_user):
    from decimal import Decimal

    from tests.factories import EnterpriseFactory
    from tests.funds.factories import IntermediaryFactory, ProductFactory

    product = ProductFactory(cap=200_000_000, rate=Decimal("0.03"), term_months=60, grace_months=12)
    body = {
        "enterprise": EnterpriseFactory().pk,
        "intermediary": IntermediaryFactory().pk,
        "product": product.pk,
        "requested_amount": 300_000_000,
        "rate": "0.02",
        "term_months": 60,
        "grace_months": 12,
        "applied_on": "2024-01-02",
    }
    api = api_for(staff)
    refused = api.post("/api/v1/fund-loans", body, format="json")
    assert refused.status_code == 400 and "한도" in str(refused.json())
    created = api.post(
        "/api/v1/fund-loans", {**body, "requested_amount": 150_000_000}, format="json"
    )
    assert created.status_code == 201 and created.json()["status"] == "applied"
    url = f"/api/v1/fund-loans/{created.json()['id']}/workflow"
    worker = make_user("intermediary_staff")
    assert api_for(worker).post(url, {"action": "approve"}, format="json").status_code == 404
    approved = api.post(
        url, {"action": "approve", "amount": 100_000_000, "on": "2024-01-03"}, format="json"
    )
    assert approved.json()["approved_amount"] == 100_000_000
    assert api.post(url, {"action": "approve"}, format="json").status_code == 400
    assert (
        api.post(url, {"action": "contract", "on": "2024-01-04"}, format="json").json()["status"]
        == "contracted"
    )


def test_partial_tranches_through_the_api(api_for, staff):
    loan = make_loan(staff, amount=1_000_000, disbursed=300_000)
    api = api_for(staff)
    url = f"/api/v1/fund-loans/{loan.pk}/disburse"
    second = api.post(url, {"amount": 300_000, "disbursed_on": "2024-01-05"}, format="json")
    assert second.status_code == 201, second.json()
    assert second.json()["status"] == "disbursing"
    over = api.post(url, {"amount": 400_001, "disbursed_on": "2024-01-06"}, format="json")
    assert over.status_code == 400
    assert "남은 지급 가능액은 400,000원" in str(over.json()["error"])
    last = api.post(url, {"amount": 400_000, "disbursed_on": "2024-01-06"}, format="json")
    assert last.json()["status"] == "disbursed"


def test_quarterly_grace_not_in_whole_quarters_is_refused_by_the_api(api_for, staff):
    from tests.factories import EnterpriseFactory
    from tests.funds.factories import IntermediaryFactory, ProductFactory

    product = ProductFactory(frequency="quarterly", term_months=60, grace_months=12)
    response = api_for(staff).post(
        "/api/v1/fund-loans",
        {
            "enterprise": EnterpriseFactory().pk,
            "intermediary": IntermediaryFactory().pk,
            "product": product.pk,
            "requested_amount": 1_000_000,
            "rate": "0.02",
            "term_months": 60,
            "grace_months": 4,
            "applied_on": "2024-01-02",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "3개월" in str(response.json()["error"])


def test_products_over_the_api_show_every_field_the_form_edits(api_for, staff):
    from funds.fields import PRODUCT_FIELDS
    from funds.forms import ProductForm
    from tests.funds.factories import ProductFactory

    product = ProductFactory(overdue_margin="0.0365")
    [row] = api_for(staff).get("/api/v1/fund-products").json()["results"]
    assert row["id"] == product.pk and row["overdue_margin"] == "0.03650"
    assert set(ProductForm.base_fields) == set(PRODUCT_FIELDS) == set(row) - {"id"}
