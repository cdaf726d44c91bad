"""The OpenAPI schema describes what the loan endpoints answer (issue 11, finding 9): the
schedule and the statement are plain arrays (not pages) and the balance has its own fields."""

import pytest

from tests.funds.factories import make_loan

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_for, official):
    response = api_for(official).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _response_schema(schema, path):
    content = schema["paths"][path]["get"]["responses"]["200"]["content"]
    return content["application/json"]["schema"]


def _component(schema, ref):
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


@pytest.mark.parametrize(
    ("endpoint", "item"),
    [("schedule", "Instalment"), ("statement", "Transaction")],
)
def test_schedule_and_statement_are_arrays_in_the_schema_and_the_answer(
    schema, api_for, official, staff, endpoint, item
):
    described = _response_schema(schema, f"/api/v1/fund-loans/{{id}}/{endpoint}")
    assert described["type"] == "array"
    assert described["items"] == {"$ref": f"#/components/schemas/{item}"}
    loan = make_loan(staff)
    answer = api_for(official).get(f"/api/v1/fund-loans/{loan.pk}/{endpoint}").json()
    assert isinstance(answer, list)


def test_balance_schema_names_exactly_the_fields_answered(schema, api_for, official, staff):
    balance = _component(
        schema, _response_schema(schema, "/api/v1/fund-loans/{id}/balance")["$ref"]
    )
    loan = make_loan(staff)
    answer = api_for(official).get(f"/api/v1/fund-loans/{loan.pk}/balance").json()
    assert (
        set(balance["properties"])
        == set(answer)
        == {
            "as_of",
            "lent",
            "recovered",
            "written_off",
            "outstanding",
            "interest_received",
            "days_past_due",
        }
    )
    assert set(balance["required"]) == set(answer)
