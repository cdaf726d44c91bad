"""The loan workflow table (``funds.workflow``): complete, who may do what, what the page
shows, and statuses the ledger derives without backward moves."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from funds import services
from funds.models import LoanStatus
from funds.workflow import LEDGER_DERIVED, LOAN_MACHINE
from tests.core.test_workflow import assert_machine_complete
from tests.funds.factories import make_loan

pytestmark = pytest.mark.django_db
S = LoanStatus
D = dt.date


def names(actions):
    return [action.name for action in actions]


def test_the_loan_table_is_complete():
    assert_machine_complete(LOAN_MACHINE)


def test_the_ledger_derived_statuses_need_no_backward_moves():
    # A reopened payoff or a cancelled write-off is derived, not a move of the table.
    for state in (S.CLOSED, S.WRITTEN_OFF, S.REPAYING, S.DISBURSED):
        assert LOAN_MACHINE.targets(state) <= {S.WRITTEN_OFF}, state
    assert {S.CLOSED, S.WRITTEN_OFF, S.REPAYING} <= LEDGER_DERIVED


def test_who_may_take_which_action(staff, official, auditor, member, make_user):
    worker, stranger = make_user("intermediary_staff"), make_user("intermediary_staff")
    applied = make_loan(staff, disbursed=0)
    applied.status = S.APPLIED  # only the in-memory state: asked, never saved
    assert names(LOAN_MACHINE.allowed_actions(applied, staff)) == ["approve"]
    assert names(LOAN_MACHINE.allowed_actions(applied, official)) == ["approve"]
    contracted = make_loan(staff, disbursed=0)
    contracted.intermediary.staff.add(worker)
    assert contracted.status == S.CONTRACTED
    assert names(LOAN_MACHINE.allowed_actions(contracted, worker)) == ["disburse"]
    assert names(LOAN_MACHINE.allowed_actions(contracted, stranger)) == []
    for reader in (auditor, member):
        assert LOAN_MACHINE.allowed_actions(contracted, reader) == []
    repaying = make_loan(staff)
    assert names(LOAN_MACHINE.allowed_actions(repaying, staff)) == ["write_off"]
    assert LOAN_MACHINE.allowed_actions(repaying, worker) == []


def test_services_refuse_by_the_table(staff, make_user):
    worker = make_user("intermediary_staff")
    loan = make_loan(staff, disbursed=0)
    loan.intermediary.staff.add(worker)
    with pytest.raises(PermissionDenied) as refused:
        services.write_off(loan, actor=worker, on=D(2024, 1, 5), reason="폐업")
    assert refused.value.code == "role_not_allowed"
    with pytest.raises(ValidationError) as not_active:
        services.write_off(loan, actor=staff, on=D(2024, 1, 5), reason="폐업")
    assert not_active.value.code == "not_active"
    other = make_user("intermediary_staff")
    make_loan(staff, disbursed=0).intermediary.staff.add(other)
    with pytest.raises(PermissionDenied) as not_theirs:
        services.disburse(loan, actor=other, amount=1, on=D(2024, 1, 5))
    assert not_theirs.value.code == "not_writable"
    with pytest.raises(ValidationError) as unknown:
        services.act_on_loan(loan, "close", actor=staff)
    assert unknown.value.code == "unknown_action"


def test_a_write_off_and_its_reversal_are_recorded_by_the_machine(staff):
    loan = make_loan(staff)
    txn = services.write_off(loan, actor=staff, on=D(2024, 3, 1), reason="폐업")
    services.reverse_transaction(txn, actor=staff, reason="착오")
    moves = list(loan.transitions.values_list("from_status", "to_status", "actor"))
    assert moves[-2:] == [
        ("disbursed", "written_off", staff.pk),
        ("written_off", "repaying", staff.pk),
    ]
    assert all(t.created_at for t in loan.transitions.all())


def page_actions(client, loan):
    """The workflow buttons on the loan page, each checked to post to a page of this loan."""
    body = client.get(f"/funds/loans/{loan.pk}/").content.decode()
    forms = re.findall(r'<form method="post" action="([^"]*)">(.*?)</form>', body, re.S)
    found = []
    for url, form in forms:
        for name in re.findall(r'data-(?:action|confirm-value)="([a-z_]+)"', form):
            assert url.startswith(f"/funds/loans/{loan.pk}/"), url
            found.append(name)
    return found


def test_the_page_shows_the_machines_actions(client_for, staff, official, auditor, make_user):
    worker = make_user("intermediary_staff")
    loans = [
        make_loan(staff, disbursed=0),  # contracted
        make_loan(staff, amount=1_000_000, disbursed=300_000),  # disbursing
        make_loan(staff),  # disbursed
    ]
    applied = services.apply_for_loan(
        actor=staff,
        enterprise=loans[0].enterprise,
        intermediary=loans[0].intermediary,
        product=loans[0].product,
        amount=1_000,
        rate=loans[0].rate,
        term_months=12,
    )
    approved = services.approve_loan(
        services.apply_for_loan(
            actor=staff,
            enterprise=loans[0].enterprise,
            intermediary=loans[0].intermediary,
            product=loans[0].product,
            amount=1_000,
            rate=loans[0].rate,
            term_months=12,
        ),
        actor=staff,
    )
    loans[0].intermediary.staff.add(worker)
    seen = set()
    for user in (staff, official, auditor, worker):
        client = client_for(user)
        for loan in [applied, approved, *loans]:
            loan.refresh_from_db()
            expected = names(LOAN_MACHINE.allowed_actions(loan, user))
            assert page_actions(client, loan) == expected, (user.role, loan.status)
            seen.update(expected)
    assert seen == {"approve", "contract", "disburse", "write_off"}
