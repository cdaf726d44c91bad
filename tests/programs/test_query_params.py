"""Odd query parameters on program pages (issue 11, finding 9): a year no date can hold or a
"digit" ``int()`` refuses falls back to the page's default instead of a 500."""

import pytest
from django.utils import timezone

from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["0", "99999", "99999999999999999999", "²", "-1", "abc"])
def test_complexes_page_falls_back_to_this_year(client_for, staff, year):
    response = client_for(staff).get("/programs/complexes/", {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_complexes_page_keeps_a_valid_year(client_for, staff):
    response = client_for(staff).get("/programs/complexes/", {"year": "2019"})
    assert response.context["year"] == 2019


@pytest.mark.parametrize("call", ["²", "99999999999999999999", "-1"])
def test_application_list_with_an_odd_call_shows_the_form_error(client_for, staff, call):
    CallFactory()
    response = client_for(staff).get("/programs/applications/", {"call": call})
    assert response.status_code == 200
    assert response.context["filters"].errors["call"]
