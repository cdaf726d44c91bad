"""The application workflow is one table (``programs.workflow.MACHINE``): complete, who may do
what, and the pages and services ask it rather than re-encoding it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from programs import selectors, services, workflow
from tests.core.test_workflow import assert_machine_complete
from tests.factories import EnterpriseFactory, MembershipFactory


def _names(application, user):
    return [action.name for action in workflow.MACHINE.allowed_actions(application, user)]


def test_machine_is_complete():
    assert_machine_complete(workflow.MACHINE)
    assert workflow.MANUAL <= set(workflow.MACHINE.actions)


def test_who_may_do_what(submitted, applicant, staff, official, auditor, reviewer):
    outsider = MembershipFactory(
        enterprise=EnterpriseFactory(), user__role="enterprise_member"
    ).user
    assert _names(submitted, staff) == ["withdraw", "screen", "ineligible"]
    assert [a.name for a in workflow.manual_actions(submitted, staff)] == ["screen", "ineligible"]
    assert _names(submitted, applicant) == ["withdraw"]
    assert _names(submitted, outsider) == []
    assert _names(submitted, auditor) == _names(submitted, reviewer) == []
    assert workflow.manual_actions(submitted, official) == workflow.manual_actions(submitted, staff)


def test_selection_is_for_officials(in_review, staff, official):
    assert _names(in_review, official) == ["select", "reserve", "reject"]
    assert _names(in_review, staff) == []


def test_procedure_moves_are_not_taken_by_hand(selected, staff):
    with pytest.raises(ValidationError) as refused:
        services.act_on_application(selected, "sign", actor=staff)
    assert refused.value.code == "own_procedure"
    with pytest.raises(ValidationError) as unknown:
        services.act_on_application(selected, "approve", actor=staff)
    assert unknown.value.code == "unknown_action"


def test_outsider_cannot_withdraw(submitted):
    outsider = MembershipFactory(
        enterprise=EnterpriseFactory(), user__role="enterprise_member"
    ).user
    with pytest.raises(PermissionDenied):
        services.withdraw_application(submitted, actor=outsider)


def test_page_actions_come_from_the_machine(client_for, submitted, staff, applicant, auditor):
    url = reverse("programs:application_detail", args=[submitted.pk])
    html = client_for(staff).get(url).content.decode()
    offered = [f'value="{a.name}"' for a in workflow.manual_actions(submitted, staff)]
    assert offered == ['value="screen"', 'value="ineligible"']
    assert all(option in html for option in offered) and 'value="review"' not in html
    mine = client_for(applicant).get(url).content.decode()
    assert 'name="action"' not in mine
    assert reverse("programs:application_withdraw", args=[submitted.pk]) in mine
    assert 'name="action"' not in client_for(auditor).get(url).content.decode()
    response = client_for(staff).post(
        reverse("programs:application_transition", args=[submitted.pk]), {"action": "screen"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "screening"
    assert list(submitted.transitions.values_list("to_status", "actor")) == [
        ("submitted", applicant.pk),
        ("screening", staff.pk),
    ]


def test_committed_budget_has_one_definition(selected, in_review):
    dashboard = selectors.call_dashboard(selected.call)
    assert selectors.committed_amount(selected.call) == dashboard.committed == 70_000_000
