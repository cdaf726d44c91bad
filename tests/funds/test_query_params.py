"""Odd query parameters on fund pages (issue 11, finding 9): ``?loan=²`` passed ``isdigit()``
and crashed ``int()`` in the query; now it names no loan (an empty ledger), like "abc"."""

import io

import pytest
from openpyxl import load_workbook

from tests.funds.factories import make_loan

pytestmark = pytest.mark.django_db


def _loan_numbers(response) -> set[str]:
    workbook = load_workbook(io.BytesIO(response.content))
    return {
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("SIF-")
    }


@pytest.mark.parametrize("loan", ["²", "99999999999999999999", "-1", "abc"])
def test_ledger_export_with_an_odd_loan_is_empty(client_for, official, staff, loan):
    make_loan(staff)
    response = client_for(official).get("/funds/ledger.xlsx", {"loan": loan})
    assert response.status_code == 200
    assert _loan_numbers(response) == set()


def test_ledger_export_of_one_loan(client_for, official, staff):
    loan = make_loan(staff)
    make_loan(staff)
    response = client_for(official).get("/funds/ledger.xlsx", {"loan": str(loan.pk)})
    assert _loan_numbers(response) == {loan.number}
