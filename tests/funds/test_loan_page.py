"""The loan page before a posting (next instalment, payoff quote) and a transaction's own page,
where it is reversed after a confirmation."""

import datetime as dt
import re

import pytest

from funds import engine, quotes, services
from funds.models import LoanTransaction
from funds.services import ledger
from seoul_se.core import confirm
from tests.factories import MembershipFactory
from tests.funds.factories import make_loan

pytestmark = pytest.mark.django_db
D = dt.date


def won(amount: int) -> str:
    return f"{amount:,}원"


@pytest.fixture
def loan(staff):
    loan = make_loan(staff, amount=12_000_000, rate="0.02", term=12)
    first = loan.instalments.get(number=1)  # due 2 February, paid on the day
    services.post_transaction(
        loan, actor=staff, kind="repayment", value_date=D(2024, 2, 2), amount=first.total
    )
    return loan


@pytest.fixture
def repayment(loan):
    return LoanTransaction.objects.get(loan=loan, kind="repayment")


def engine_quote(loan, on):
    postings = [ledger.as_posting(t) for t in ledger.live_transactions(loan) if t.value_date <= on]
    return engine.quote_payoff(ledger.loan_terms(loan), ledger.tranches(loan), postings, on)


def test_the_page_shows_the_next_instalment(client_for, staff, loan):
    body = client_for(staff).get(f"/funds/loans/{loan.pk}/?as_of=2024-02-10").content.decode()
    unpaid = loan.instalments.filter(settled_on__isnull=True).order_by("due_date").first()
    assert unpaid.number == 2 and unpaid.interest > 0  # the first was paid on 2 February
    shown = re.search(r'data-testid="next-instalment">(.*?)</dl>', body, re.S).group(1)
    assert "2024년 3월 4일" in shown  # 2 March 2024 is a Saturday: the next business day
    for testid, amount in [
        ("next-principal", unpaid.principal),
        ("next-interest", unpaid.interest),
        ("next-total", unpaid.principal + unpaid.interest),
    ]:
        assert f'data-testid="{testid}">{won(amount)}</dd>' in shown


def test_a_late_instalment_is_the_next_one_and_marked(loan):
    shown = quotes.next_instalment(loan, D(2024, 4, 10))
    assert (shown.number, shown.overdue) == (2, True)
    assert quotes.next_instalment(loan, D(2024, 2, 10)).overdue is False


def test_the_payoff_quote_is_the_engines(client_for, member, staff, loan):
    MembershipFactory(user=member, enterprise=loan.enterprise)
    client = client_for(member)
    for day in [D(2024, 2, 20), D(2024, 7, 15)]:
        body = client.get(f"/funds/loans/{loan.pk}/?payoff-on={day:%Y-%m-%d}").content.decode()
        quote = engine_quote(loan, day)
        assert quote == quotes.payoff_quote(loan, day) == services.payoff_quote(loan, day)
        assert f"<strong>{won(quote)}</strong>" in body
    # and a payoff of exactly that amount closes the loan
    services.post_transaction(
        loan,
        actor=staff,
        kind="payoff",
        value_date=D(2024, 2, 20),
        amount=engine_quote(loan, D(2024, 2, 20)),
    )
    loan.refresh_from_db()
    assert loan.status == "closed"


def test_a_quote_before_the_first_disbursement_is_refused(client_for, staff, loan):
    body = client_for(staff).get(f"/funds/loans/{loan.pk}/?payoff-on=2023-12-01").content.decode()
    assert (
        "첫 지급일 이후의 날짜를 입력해 주세요." in body
        and 'data-testid="payoff-quote"' not in body
    )


def test_the_loan_page_links_each_transaction_instead_of_inline_reversals(client_for, staff, loan):
    body = client_for(staff).get(f"/funds/loans/{loan.pk}/").content.decode()
    assert "/reverse/" not in body and 'name="reason"' not in body
    for txn in loan.transactions.all():
        assert f'href="/funds/transactions/{txn.pk}/"' in body


def test_loan_actions_ask_first(client_for, staff):
    applied = make_loan(staff, disbursed=0)
    body = client_for(staff).get(f"/funds/loans/{applied.pk}/").content.decode()
    token = re.search(r'name="_confirm" value="([^"]+)"[^>]*data-testid="action-disburse"', body)
    step = confirm.read(token.group(1))
    assert step.url == f"/funds/loans/{applied.pk}/disburse/"
    assert (step.name, step.value) == ("action", "disburse")


# --- the transaction page ------------------------------------------------------------------


def test_staff_see_the_transaction_and_may_reverse_it(client_for, staff, repayment):
    body = client_for(staff).get(f"/funds/transactions/{repayment.pk}/").content.decode()
    assert "상환" in body and won(repayment.amount) in body and staff.name in body
    assert won(repayment.principal) in body and won(repayment.interest) in body
    assert 'data-testid="reversal-state">유효' in body
    assert 'formaction="/confirm"' in body and 'data-testid="reverse"' in body
    token = re.search(r'name="_confirm" value="([^"]+)"', body).group(1)
    assert confirm.read(token).url == f"/funds/transactions/{repayment.pk}/reverse/"


def test_reversing_on_the_page(client_for, staff, loan, repayment):
    client = client_for(staff)
    response = client.post(
        f"/funds/transactions/{repayment.pk}/reverse/", {"reason": "입금자 착오"}, follow=True
    )
    body = response.content.decode()
    assert "거래를 취소했습니다" in body and 'data-testid="reversal-state">취소됨' in body
    assert "입금자 착오" in body and 'data-testid="reverse"' not in body
    reversal = LoanTransaction.objects.get(reversal_of=repayment)
    reversal_page = client.get(f"/funds/transactions/{reversal.pk}/").content.decode()
    assert 'data-testid="reversal-state">취소 거래' in reversal_page
    assert 'data-testid="reverse"' not in reversal_page  # a reversal is not reversed again


def test_a_reason_is_required(client_for, staff, repayment):
    response = client_for(staff).post(f"/funds/transactions/{repayment.pk}/reverse/", {})
    assert response.status_code == 302
    assert not LoanTransaction.objects.filter(reversal_of=repayment).exists()


def test_the_borrower_reads_but_may_not_reverse(client_for, member, repayment, loan):
    MembershipFactory(user=member, enterprise=loan.enterprise)
    client = client_for(member)
    body = client.get(f"/funds/transactions/{repayment.pk}/").content.decode()
    assert won(repayment.amount) in body
    assert 'data-testid="reverse"' not in body and repayment.posted_by.name not in body
    response = client.post(f"/funds/transactions/{repayment.pk}/reverse/", {"reason": "x"})
    assert response.status_code == 403
    assert not LoanTransaction.objects.filter(reversal_of=repayment).exists()


def test_other_loans_transactions_are_not_found(client_for, make_user, member, staff, repayment):
    MembershipFactory(user=member, enterprise=make_loan(staff).enterprise)  # another borrower
    worker = make_user("intermediary_staff")
    make_loan(staff).intermediary.staff.add(worker)  # another loan's intermediary
    for user in [member, worker]:
        client = client_for(user)
        assert client.get(f"/funds/transactions/{repayment.pk}/").status_code == 404
    response = client_for(worker).post(
        f"/funds/transactions/{repayment.pk}/reverse/", {"reason": "x"}
    )
    assert response.status_code == 404
    assert not LoanTransaction.objects.filter(reversal_of=repayment).exists()


def test_the_lending_intermediary_may_reverse(client_for, make_user, loan, repayment):
    worker = make_user("intermediary_staff")
    loan.intermediary.staff.add(worker)
    client = client_for(worker)
    assert (
        'data-testid="reverse"'
        in client.get(f"/funds/transactions/{repayment.pk}/").content.decode()
    )
    client.post(f"/funds/transactions/{repayment.pk}/reverse/", {"reason": "착오"})
    assert LoanTransaction.objects.filter(reversal_of=repayment).exists()


def test_auditors_read_only(client_for, auditor, repayment):
    client = client_for(auditor)
    body = client.get(f"/funds/transactions/{repayment.pk}/").content.decode()
    assert 'data-testid="reverse"' not in body
    response = client.post(f"/funds/transactions/{repayment.pk}/reverse/", {"reason": "x"})
    assert response.status_code == 403
