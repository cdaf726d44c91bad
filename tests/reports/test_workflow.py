"""The settlement workflow table (reports.workflow) and the buttons the pages offer from it."""

import pytest
from django.urls import reverse

from reports import services
from reports.workflow import SETTLEMENT_MACHINE
from tests.core.test_workflow import assert_machine_complete
from tests.reports.factories import make_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    return make_budget(2024)


def test_settlement_machine_is_complete():
    assert_machine_complete(SETTLEMENT_MACHINE)


def _names(budget, user):
    return [action.name for action in SETTLEMENT_MACHINE.allowed_actions(budget, user)]


def test_who_may_do_what(budget, staff, auditor, official, administrator):
    assert _names(budget, staff) == ["submit"]
    assert _names(budget, administrator) == ["submit"]
    assert _names(budget, official) == _names(budget, auditor) == []
    services.act_on_settlement(budget, "submit", actor=staff)
    budget.refresh_from_db()
    assert _names(budget, auditor) == ["review"]
    assert _names(budget, official) == ["return"]
    services.act_on_settlement(budget, "review", actor=auditor)
    budget.refresh_from_db()
    assert _names(budget, official) == ["return", "confirm"]
    assert _names(budget, staff) == []


def test_confirm_records_two_steps(budget, staff, auditor, official):
    services.act_on_settlement(budget, "submit", actor=staff)
    services.act_on_settlement(budget, "review", actor=auditor)
    locked = services.act_on_settlement(budget, "confirm", actor=official, comment="확정")
    assert locked.status == "locked"
    assert list(budget.transitions.values_list("from_status", "to_status", "actor"))[-2:] == [
        ("reviewed", "confirmed", official.pk),
        ("confirmed", "locked", official.pk),
    ]


def test_page_buttons_come_from_allowed_actions(client, budget, staff, auditor, official):
    url = reverse("reports:budget", args=[budget.pk])
    client.force_login(staff)
    assert 'name="action" value="submit"' in client.get(url).content.decode()
    services.act_on_settlement(budget, "submit", actor=staff)
    assert 'name="action" value="submit"' not in client.get(url).content.decode()
    client.force_login(official)
    body = client.get(url).content.decode()
    assert 'name="action" value="return"' in body and 'value="confirm"' not in body
    client.force_login(auditor)
    assert 'name="action" value="review"' not in client.get(url).content.decode()
    findings = client.get(reverse("reports:findings", args=[budget.pk])).content.decode()
    assert 'name="action" value="review"' in findings
    services.act_on_settlement(budget, "review", actor=auditor)
    findings = client.get(reverse("reports:findings", args=[budget.pk])).content.decode()
    assert 'name="action" value="review"' not in findings
