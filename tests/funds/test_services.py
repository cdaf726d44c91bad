import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funds import selectors, services
from funds.access import visible_loans
from funds.models import LoanStatus, LoanTransaction
from seoul_se.accounts.models import User
from tests.factories import EnterpriseFactory
from tests.funds.factories import START, IntermediaryFactory, ProductFactory, make_loan

pytestmark = pytest.mark.django_db
D = dt.date
HYPOTHESIS = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def post(loan, actor, day, amount, kind="repayment", **kwargs):
    return services.post_transaction(
        loan, actor=actor, kind=kind, value_date=day, amount=amount, **kwargs
    )


def snapshot(loan):
    """Every balance of the loan on a range of dates, plus its schedule state."""
    days = [D(2024, m, 28) for m in range(1, 13)] + [D(2026, 1, 1)]
    balances = [selectors.loan_balance(loan, day) for day in days]
    rows = list(
        loan.instalments.values_list(
            "due_date", "principal", "interest", "principal_paid", "interest_paid", "settled_on"
        )
    )
    return balances, rows


def test_workflow_records_every_transition(staff):
    loan = make_loan(staff, amount=1_200_000)
    assert loan.status == LoanStatus.DISBURSED
    assert list(loan.transitions.values_list("from_status", "to_status")) == [
        ("", "applied"),
        ("applied", "approved"),
        ("approved", "contracted"),
        ("contracted", "disbursed"),
    ]
    with pytest.raises(ValidationError, match="변경할 수 없습니다"):
        services.contract_loan(loan, actor=staff)


def test_product_limits_are_enforced_in_one_place(staff):
    product = ProductFactory(cap=200_000_000, rate=Decimal("0.03"), term_months=60, grace_months=12)
    base = dict(
        actor=staff,
        enterprise=EnterpriseFactory(),
        intermediary=IntermediaryFactory(),
        product=product,
    )
    with pytest.raises(ValidationError) as over_cap:
        services.apply_for_loan(**base, amount=200_000_001, rate=Decimal("0.02"), term_months=60)
    assert "상품 한도(200,000,000원)를 초과" in str(over_cap.value)
    with pytest.raises(ValidationError, match="최고 금리"):
        services.apply_for_loan(**base, amount=1_000_000, rate=Decimal("0.05"), term_months=60)
    with pytest.raises(ValidationError, match="최장 기간"):
        services.apply_for_loan(**base, amount=1_000_000, rate=Decimal("0.02"), term_months=72)
    with pytest.raises(ValidationError, match="거치 기간"):
        services.apply_for_loan(
            **base, amount=1_000_000, rate=Decimal("0.02"), term_months=60, grace_months=24
        )
    loan = services.apply_for_loan(**base, amount=1_000_000, rate=Decimal("0.02"), term_months=60)
    with pytest.raises(ValidationError, match="한도"):
        services.approve_loan(loan, actor=staff, amount=300_000_000)


def test_tranches_never_exceed_the_approved_amount(staff):
    loan = make_loan(staff, amount=1_200_000, disbursed=500_000)
    assert loan.status == LoanStatus.DISBURSING
    with pytest.raises(ValidationError, match="남은 지급 가능액은 700,000원"):
        services.disburse(loan, actor=staff, amount=700_001, on=D(2024, 1, 10))
    services.disburse(loan, actor=staff, amount=700_000, on=D(2024, 1, 10))
    loan.refresh_from_db()
    assert loan.status == LoanStatus.DISBURSED
    assert sum(loan.instalments.values_list("principal", flat=True)) == 1_200_000


def test_bad_postings_are_refused_and_nothing_is_saved(staff):
    loan = make_loan(staff)
    for amount, day, message in [
        (0, D(2024, 2, 2), "0원보다"),
        (-5, D(2024, 2, 2), "0원보다"),
        (100_000, D(2023, 12, 31), "최초 지급일 이전"),
        (100_000, D(2099, 1, 1), "미래 날짜"),
        (5_000_000, D(2024, 2, 2), "초과"),
    ]:
        with pytest.raises(ValidationError, match=message):
            post(loan, staff, day, amount)
    assert not LoanTransaction.objects.filter(loan=loan).exists()


def test_same_idempotency_key_posts_once(staff):
    loan = make_loan(staff)
    first = post(loan, staff, D(2024, 2, 2), 100_000, idempotency_key="k-1")
    again = post(loan, staff, D(2024, 2, 2), 100_000, idempotency_key="k-1")
    assert first.pk == again.pk
    assert loan.transactions.count() == 1
    with pytest.raises(ValidationError, match="다른 내용"):
        post(loan, staff, D(2024, 2, 2), 90_000, idempotency_key="k-1")


def test_posted_transactions_cannot_be_edited_or_deleted(staff):
    loan = make_loan(staff)
    txn = post(loan, staff, D(2024, 2, 2), 100_000)
    txn.amount = 1
    with pytest.raises(ValidationError, match="수정할 수 없습니다"):
        txn.save()
    with pytest.raises(ValidationError, match="삭제할 수 없습니다"):
        LoanTransaction.objects.get(pk=txn.pk).delete()


def test_payoff_closes_and_its_reversal_reopens(staff):
    loan = make_loan(staff)
    post(loan, staff, D(2024, 2, 2), 100_000)
    quote = services.payoff_quote(loan, D(2024, 2, 20))
    assert quote == 1_100_000
    payoff = post(loan, staff, D(2024, 2, 20), quote, kind="payoff")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED
    with pytest.raises(ValidationError, match="완제된 대출"):
        post(loan, staff, D(2024, 3, 4), 100_000)
    with pytest.raises(ValidationError, match="사유"):
        services.reverse_transaction(payoff, actor=staff, reason=" ")
    services.reverse_transaction(payoff, actor=staff, reason="입금 오류")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REPAYING
    assert selectors.loan_balance(loan, D(2024, 12, 31)).outstanding == 1_100_000
    with pytest.raises(ValidationError, match="이미 취소"):
        services.reverse_transaction(payoff, actor=staff, reason="다시")


def test_write_off_and_recovery(staff):
    loan = make_loan(staff)
    post(loan, staff, D(2024, 2, 2), 100_000)
    services.write_off(loan, actor=staff, on=D(2024, 6, 30), reason="폐업")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.WRITTEN_OFF
    balance = selectors.loan_balance(loan, D(2024, 12, 31))
    assert (balance.recovered, balance.written_off, balance.outstanding) == (100_000, 1_100_000, 0)
    with pytest.raises(ValidationError, match="상각"):
        post(loan, staff, D(2024, 7, 2), 100_000)
    with pytest.raises(ValidationError, match="상각일 이전"):
        post(loan, staff, D(2024, 3, 4), 100_000)
    post(loan, staff, D(2024, 9, 2), 300_000, kind="recovery")
    balance = selectors.loan_balance(loan, D(2024, 12, 31))
    assert (balance.recovered, balance.written_off, balance.outstanding) == (400_000, 800_000, 0)


@HYPOTHESIS
@given(
    amounts=st.lists(st.integers(min_value=1, max_value=150_000), min_size=1, max_size=5),
    victim=st.integers(min_value=0, max_value=4),
)
def test_post_then_reverse_restores_every_balance(staff, amounts, victim):
    loan = make_loan(staff, rate="0.03")
    days = [D(2024, 2, 2) + dt.timedelta(days=40 * n) for n in range(len(amounts) + 1)]
    for day, amount in zip(days, amounts, strict=False):
        post(loan, staff, day, amount)
    before = snapshot(loan)
    # A back-dated posting in the middle of the history, then its reversal.
    day = days[min(victim, len(amounts) - 1)] - dt.timedelta(days=3)
    extra = post(loan, staff, max(day, START), 50_000)
    assert snapshot(loan) != before
    services.reverse_transaction(extra, actor=staff, reason="오입금")
    assert snapshot(loan) == before


@HYPOTHESIS
@given(
    amounts=st.lists(st.integers(min_value=1, max_value=200_000), min_size=2, max_size=5),
    order=st.randoms(use_true_random=False),
)
def test_back_dated_replay_equals_posting_in_order(staff, amounts, order):
    days = [D(2024, 2, 2) + dt.timedelta(days=35 * n) for n in range(len(amounts))]
    in_order = make_loan(staff, rate="0.03")
    for day, amount in zip(days, amounts, strict=True):
        post(in_order, staff, day, amount)
    shuffled = make_loan(staff, rate="0.03")
    pairs = list(zip(days, amounts, strict=True))
    order.shuffle(pairs)
    for day, amount in pairs:
        post(shuffled, staff, day, amount)

    def ledger(loan):
        return sorted(
            loan.transactions.values_list(
                "value_date", "amount", "overdue_interest", "interest", "principal"
            )
        )

    assert ledger(in_order) == ledger(shuffled)
    assert snapshot(in_order)[0] == snapshot(shuffled)[0]


# --- intermediary staff ---------------------------------------------------------------------


@override_settings(PORTAL_URL="https://portal.example.kr")
def test_a_new_address_is_invited_and_scoped_to_its_intermediary(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    loan = make_loan(staff)
    other_loan = make_loan(staff, intermediary=IntermediaryFactory())
    with django_capture_on_commit_callbacks(execute=True):
        user = services.add_intermediary_staff(
            loan.intermediary, actor=staff, email=" New.Person@Example.kr ", name="신입 직원"
        )
    assert (user.email, user.role, user.has_usable_password()) == (
        "new.person@example.kr",
        "intermediary_staff",
        False,
    )
    assert list(visible_loans(user)) == [loan] and other_loan not in visible_loans(user)
    (mail,) = mailoutbox
    link = next(line for line in mail.body.splitlines() if line.startswith("https://"))
    assert link.startswith("https://portal.example.kr/accounts/")
    # The link lets the invited person set a password (Django's reset-confirm page).
    page = Client().get(link.removeprefix("https://portal.example.kr"), follow=True)
    assert page.status_code == 200 and "new_password1" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_intermediary_staff(loan.intermediary, actor=staff, email=user.email)
    assert User.objects.filter(email=user.email).count() == 1 and len(mailoutbox) == 1


def test_intermediary_staff_rules(staff, official, member, make_user):
    first, second = IntermediaryFactory(), IntermediaryFactory()
    worker = make_user("intermediary_staff")
    services.add_intermediary_staff(first, actor=official, email=worker.email.upper())
    with pytest.raises(ValidationError, match=r"이미 .* 직원입니다"):
        services.add_intermediary_staff(second, actor=staff, email=worker.email)
    with pytest.raises(ValidationError, match="수행기관 직원 역할"):
        services.add_intermediary_staff(first, actor=staff, email=member.email)
    with pytest.raises(ValidationError, match="이름"):
        services.add_intermediary_staff(first, actor=staff, email="nobody@example.kr")
    with pytest.raises(PermissionDenied):
        services.add_intermediary_staff(first, actor=member, email="x@example.kr", name="x")
    services.remove_intermediary_staff(first, actor=staff, user_id=worker.pk)
    services.add_intermediary_staff(second, actor=staff, email=worker.email)
    assert list(worker.fund_intermediaries.all()) == [second]


def test_any_number_of_partial_tranches_up_to_the_loan(staff):
    loan = make_loan(staff, amount=1_000_000, disbursed=300_000)
    services.disburse(loan, actor=staff, amount=300_000, on=D(2024, 1, 5))
    services.disburse(loan, actor=staff, amount=300_000, on=D(2024, 1, 9))
    loan.refresh_from_db()
    assert loan.status == LoanStatus.DISBURSING
    with pytest.raises(ValidationError) as over:
        services.disburse(loan, actor=staff, amount=100_001, on=D(2024, 1, 10))
    assert over.value.error_dict["amount"][0].code == "over_approved_amount"
    assert "남은 지급 가능액은 100,000원" in str(over.value)
    services.disburse(loan, actor=staff, amount=100_000, on=D(2024, 1, 10))
    loan.refresh_from_db()
    assert loan.status == LoanStatus.DISBURSED
    assert list(loan.disbursements.values_list("amount", flat=True)) == [
        300_000,
        300_000,
        300_000,
        100_000,
    ]
    # Staying partly disbursed is no state change: only real moves are recorded.
    assert list(loan.transitions.values_list("from_status", "to_status"))[3:] == [
        ("contracted", "disbursing"),
        ("disbursing", "disbursed"),
    ]
    assert sum(loan.instalments.values_list("principal", flat=True)) == 1_000_000
    with pytest.raises(ValidationError, match="지급할 수 있습니다"):
        services.disburse(loan, actor=staff, amount=1, on=D(2024, 1, 11))


def test_quarterly_grace_must_be_whole_quarters(staff):
    product = ProductFactory(frequency="quarterly", term_months=60, grace_months=12)
    base = dict(
        actor=staff,
        enterprise=EnterpriseFactory(),
        intermediary=IntermediaryFactory(),
        product=product,
        amount=1_000_000,
        rate=Decimal("0.02"),
        term_months=60,
    )
    with pytest.raises(ValidationError) as refused:
        services.apply_for_loan(**base, grace_months=4)
    assert refused.value.error_dict["grace_months"][0].code == "grace_not_whole_periods"
    assert "3개월" in str(refused.value)
    loan = services.apply_for_loan(**base, grace_months=6)
    assert loan.grace_months == 6
    with pytest.raises(ValidationError) as bad_product:
        services.validate_product(frequency="quarterly", term_months=60, grace_months=4)
    assert bad_product.value.error_dict["grace_months"][0].code == "grace_not_whole_periods"
    services.validate_product(frequency="monthly", term_months=60, grace_months=4)
