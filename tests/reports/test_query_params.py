"""Odd query parameters on the reports page (issue 11, finding 9): ``?job=²`` passed
``isdigit()`` and crashed ``int()``; now it names no job."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("job", ["²", "99999999999999999999", "0", "abc"])
def test_reports_page_with_an_odd_job_shows_none(client_for, official, job):
    response = client_for(official).get("/reports/", {"job": job})
    assert response.status_code == 200
    assert response.context["job"] is None
