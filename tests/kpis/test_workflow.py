"""The manual-entry workflow table (kpis.workflow) and the actions pages and API offer from it."""

import pytest
from django.urls import reverse

from kpis import services
from kpis.models import ManualEntry
from kpis.workflow import ENTRY_MACHINE
from tests.core.test_workflow import assert_machine_complete
from tests.kpis.factories import IndicatorFactory, evidence

pytestmark = pytest.mark.django_db


def test_entry_machine_is_complete():
    assert_machine_complete(ENTRY_MACHINE)


def _submitted(author):
    return services.submit_entry(
        IndicatorFactory(), actor=author, value="1", unit="건", evidence=evidence()
    )


def _names(entry, user):
    return [action.name for action in ENTRY_MACHINE.allowed_actions(entry, user)]


def test_who_may_do_what(staff, official, auditor, administrator, make_user):
    by_staff = _submitted(staff)
    assert _names(by_staff, official) == ["approve", "reject"]
    assert _names(by_staff, administrator) == ["approve", "reject"]
    assert _names(by_staff, staff) == ["withdraw"]
    assert _names(by_staff, make_user("centre_staff")) == []
    assert _names(by_staff, auditor) == []
    by_official = _submitted(official)
    assert _names(by_official, official) == ["withdraw"]  # never decides their own
    services.act_on_entry(by_staff, "approve", actor=official)
    by_staff.refresh_from_db()
    assert _names(by_staff, official) == _names(by_staff, staff) == []


def test_the_page_shows_the_actions_of_the_machine(client_for, staff, official, auditor):
    entry = _submitted(staff)
    url = reverse("kpis:indicator", args=[entry.indicator_id])
    act = reverse("kpis:entry_act", args=[entry.pk])
    html = client_for(official).get(url).content.decode()
    assert f'action="{act}"' in html and 'value="approve"' in html and 'value="reject"' in html
    assert 'name="comment"' in html and 'value="withdraw"' not in html
    html = client_for(staff).get(url).content.decode()
    assert 'value="withdraw"' in html and 'value="approve"' not in html
    assert 'name="comment"' not in html
    assert f'action="{act}"' not in client_for(auditor).get(url).content.decode()


def test_page_actions_go_through_the_machine(client_for, staff, official, make_user):
    entry = _submitted(staff)
    act = reverse("kpis:entry_act", args=[entry.pk])
    response = client_for(official).post(act, {"action": "reject", "comment": ""}, follow=True)
    assert "반려 사유를 입력해 주세요." in response.content.decode()
    assert (
        client_for(make_user("centre_staff")).post(act, {"action": "withdraw"}).status_code == 403
    )
    assert client_for(staff).post(act, {"action": "approve"}).status_code == 403
    client_for(staff).post(act, {"action": "withdraw"})
    entry.refresh_from_db()
    assert entry.status == ManualEntry.Status.WITHDRAWN
    assert list(entry.transitions.values_list("to_status", "actor")) == [
        ("submitted", staff.pk),
        ("withdrawn", staff.pk),
    ]


def test_the_api_lists_the_actions_of_the_user(api_for, staff, official):
    entry = _submitted(staff)
    url = f"/api/v1/kpi-entries/{entry.pk}"
    assert api_for(official).get(url).json()["actions"] == [
        {"name": "approve", "label": "승인"},
        {"name": "reject", "label": "반려"},
    ]
    assert api_for(staff).get(url).json()["actions"] == [{"name": "withdraw", "label": "철회"}]
