"""The case workflow table (consulting.workflow) and the forms the case page offers from it."""

import datetime as dt
from decimal import Decimal

import pytest

from consulting import services
from consulting.models import Case, CaseTransition
from consulting.workflow import MACHINE
from tests.consulting.factories import CaseFactory, ExpertFactory
from tests.core.test_workflow import assert_machine_complete
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
S = Case.Status


def test_case_machine_is_complete():
    assert_machine_complete(MACHINE)


def _names(case, user):
    return [action.name for action in MACHINE.allowed_actions(case, user)]


def test_who_may_do_what(staff, official, member, auditor, make_user):
    enterprise = MembershipFactory(user=member).enterprise
    expert_user = make_user("reviewer")
    expert = ExpertFactory(user=expert_user)
    requested = CaseFactory(enterprise=enterprise, expert=expert)
    assert _names(requested, staff) == _names(requested, official) == ["assign", "cancel"]
    assert _names(requested, member) == ["withdraw"]
    assert _names(requested, auditor) == _names(requested, expert_user) == []
    assert _names(CaseFactory(), member) == []  # another enterprise's case
    assigned = CaseFactory(enterprise=enterprise, status=S.ASSIGNED, expert=expert)
    assert _names(assigned, staff) == ["start", "cancel"]
    assert _names(assigned, expert_user) == ["start"]
    assert _names(assigned, member) == ["withdraw"]
    started = CaseFactory(enterprise=enterprise, status=S.IN_PROGRESS)
    assert _names(started, staff) == ["close", "cancel"]
    assert _names(started, member) == []
    for final in (S.CLOSED, S.CANCELLED):
        assert _names(CaseFactory(enterprise=enterprise, status=final), staff) == []


def test_moves_are_recorded_by_the_machine(staff, member):
    enterprise = MembershipFactory(user=member).enterprise
    case = services.open_case(actor=member, enterprise=enterprise, field="tax", description="세무")
    services.assign(actor=staff, case=case, assignee=staff)
    services.record_session(
        actor=staff, case=case, held_on=dt.date.today(), hours=Decimal(1), notes=""
    )
    services.assign(actor=staff, case=case, expert=ExpertFactory())  # re-assign: no move
    services.cancel(actor=staff, case=case, reason="기업 요청")
    rows = list(
        CaseTransition.objects.filter(case=case).values_list(
            "from_status", "to_status", "actor", "comment"
        )
    )
    assert rows == [
        ("", S.REQUESTED, member.pk, ""),
        (S.REQUESTED, S.ASSIGNED, staff.pk, ""),
        (S.ASSIGNED, S.IN_PROGRESS, staff.pk, ""),
        (S.IN_PROGRESS, S.CANCELLED, staff.pk, "기업 요청"),
    ]
    assert all(t.created_at for t in case.transitions.all())


def _forms(client_for, user, case):
    # One test client: sign in as ``user`` before each page.
    html = client_for(user).get(f"/consulting/{case.pk}/").content.decode()
    return {
        name
        for name in ("assign", "session", "close", "cancel", "follow_up", "rate")
        if f'name="submit-{name}"' in html
    }


def test_the_page_offers_the_forms_the_machine_allows(client_for, staff, member):
    enterprise = MembershipFactory(user=member).enterprise
    requested = CaseFactory(enterprise=enterprise)
    assert {"assign", "cancel"} <= _forms(client_for, staff, requested)
    assert "close" not in _forms(client_for, staff, requested)
    assert _forms(client_for, member, requested) - {"rate"} == {"cancel"}
    started = CaseFactory(enterprise=enterprise, status=S.IN_PROGRESS, assignee=staff)
    assert {"assign", "session", "close", "cancel"} <= _forms(client_for, staff, started)
    assert _forms(client_for, member, started) - {"rate"} == set()  # started: no withdrawal
    closed = CaseFactory(enterprise=enterprise, status=S.CLOSED)
    assert not {"assign", "close", "cancel"} & _forms(client_for, staff, closed)
    assert _forms(client_for, member, closed) == {"rate"}


def test_a_refused_form_is_shown_again_with_its_error(client_for, staff):
    case = CaseFactory()
    response = client_for(staff).post(f"/consulting/{case.pk}/close/", {"outcome": "끝"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="submit-close"' in html and "상태로 변경할 수 없습니다" in html
