"""Odd query parameters on the access-log review (issue 11, finding 9): a month whose bounds
no datetime can hold is the form's error, not a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("month", ["9999-12", "0001-01"])
def test_review_of_an_impossible_month_shows_the_form_error(client_for, official, month):
    response = client_for(official).get("/audit/access/review/", {"month": month})
    assert response.status_code == 200
    assert response.context["month_form"].errors["month"]


def test_review_of_the_last_possible_month(client_for, official):
    response = client_for(official).get("/audit/access/review/", {"month": "9999-11"})
    assert response.status_code == 200
