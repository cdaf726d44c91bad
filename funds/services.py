"""State changes of the fund: loan workflow, disbursements, ledger postings, reversals, monitoring.

Every function takes the acting user, runs in one transaction and raises ``ValidationError`` with
a Korean message; nothing is half-saved. Postings on one loan are serialised by locking the loan
row (``select_for_update``) and every posting replays the loan's ledger (``funds.engine``), so a
back-dated posting or reversal re-allocates the later transactions in date order.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from funds import access, engine
from funds.models import (
    Intermediary,
    Loan,
    LoanDisbursement,
    LoanProduct,
    LoanStatus,
    LoanTransaction,
    LoanTransition,
    OnSiteInspection,
    PrepaymentMode,
    QuarterlyReport,
    ScheduleInstalment,
    TransactionKind,
)
from funds.schedule import MONTHS_PER_PERIOD
from seoul_se.access import require_role
from seoul_se.accounts.models import Role, User
from seoul_se.accounts.services import invite_user, password_setup_url
from seoul_se.core.workflow import StateMachine
from seoul_se.notifications.services import notify

S = LoanStatus
# The loan workflow: allowed transitions are data, in this one place.
MACHINE = StateMachine(
    S,
    {
        S.APPLIED: {S.APPROVED},
        S.APPROVED: {S.CONTRACTED},
        S.CONTRACTED: {S.DISBURSING, S.DISBURSED},
        S.DISBURSING: {S.DISBURSED, S.REPAYING, S.CLOSED, S.WRITTEN_OFF},
        S.DISBURSED: {S.REPAYING, S.CLOSED, S.WRITTEN_OFF},
        S.REPAYING: {S.CLOSED, S.WRITTEN_OFF, S.DISBURSED},
        # A reversal of the last payment reopens a closed loan.
        S.CLOSED: {S.REPAYING, S.DISBURSED},
        S.WRITTEN_OFF: {S.REPAYING},
    },
)
ACTIVE_STATUSES = (S.DISBURSING, S.DISBURSED, S.REPAYING)
PAYMENT_KINDS = (TransactionKind.REPAYMENT, TransactionKind.PREPAYMENT, TransactionKind.PAYOFF)


def transition(loan: Loan, to_status: str, actor: Any, comment: str = "") -> None:
    MACHINE.check(loan.status, to_status)
    LoanTransition.objects.create(
        loan=loan, from_status=loan.status, to_status=to_status, actor=actor, comment=comment
    )
    loan.status = to_status
    loan.save(update_fields=["status"])


# --- application, approval, contract -----------------------------------------------------


def validate_loan_terms(
    product: LoanProduct, amount: int, rate: Decimal, term_months: int, grace_months: int
) -> None:
    """The one place enforcing a product's cap, rate, term and grace period."""
    errors: dict[str, str] = {}
    if amount <= 0:
        errors["amount"] = "융자액은 0원보다 커야 합니다."
    elif amount > product.cap:
        errors["amount"] = f"융자액이 상품 한도({product.cap:,}원)를 초과합니다."
    if rate < 0 or rate > product.rate:
        errors["rate"] = f"금리는 0%에서 상품 최고 금리({product.rate * 100:.2f}%) 사이여야 합니다."
    months = MONTHS_PER_PERIOD[product.frequency]
    if term_months <= 0 or term_months > product.term_months or term_months % months:
        errors["term_months"] = (
            f"기간은 상품 최장 기간({product.term_months}개월) 이내이고 "
            f"상환 주기({months}개월)의 배수여야 합니다."
        )
    if grace_months < 0 or grace_months > product.grace_months or grace_months >= term_months:
        errors["grace_months"] = (
            f"거치 기간은 상품 최장 거치 기간({product.grace_months}개월) 이내이고 "
            "융자 기간보다 짧아야 합니다."
        )
    if errors:
        raise ValidationError(errors)


def _next_number(applied_on: dt.date) -> str:
    prefix = f"SIF-{applied_on.year}-"
    last = (
        Loan.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:05d}"


@transaction.atomic
def apply_for_loan(
    *,
    actor: Any,
    enterprise: Any,
    intermediary: Intermediary,
    product: LoanProduct,
    amount: int,
    rate: Decimal,
    term_months: int,
    grace_months: int = 0,
    purpose: str = "",
    applied_on: dt.date | None = None,
) -> Loan:
    if not product.is_active:
        raise ValidationError({"product": "사용하지 않는 상품입니다."})
    validate_loan_terms(product, amount, rate, term_months, grace_months)
    applied_on = applied_on or timezone.localdate()
    loan = Loan.objects.create(
        number=_next_number(applied_on),
        enterprise=enterprise,
        intermediary=intermediary,
        product=product,
        requested_amount=amount,
        rate=rate,
        term_months=term_months,
        grace_months=grace_months,
        repayment_method=product.repayment_method,
        frequency=product.frequency,
        overdue_margin=product.overdue_margin,
        purpose=purpose,
        applied_on=applied_on,
        created_by=actor,
    )
    LoanTransition.objects.create(
        loan=loan, from_status="", to_status=S.APPLIED, actor=actor, comment="융자 신청"
    )
    return loan


def _locked(loan: Loan) -> Loan:
    return Loan.objects.select_for_update().select_related("product").get(pk=loan.pk)


@transaction.atomic
def approve_loan(
    loan: Loan,
    *,
    actor: Any,
    amount: int | None = None,
    on: dt.date | None = None,
    comment: str = "",
) -> Loan:
    loan = _locked(loan)
    amount = loan.requested_amount if amount is None else amount
    validate_loan_terms(loan.product, amount, loan.rate, loan.term_months, loan.grace_months)
    transition(loan, S.APPROVED, actor, comment)
    loan.approved_amount = amount
    loan.approved_on = on or timezone.localdate()
    loan.save(update_fields=["approved_amount", "approved_on"])
    return loan


@transaction.atomic
def contract_loan(loan: Loan, *, actor: Any, on: dt.date | None = None, comment: str = "") -> Loan:
    loan = _locked(loan)
    on = on or timezone.localdate()
    if loan.approved_on and on < loan.approved_on:
        raise ValidationError({"on": "약정일은 승인일 이후여야 합니다."})
    transition(loan, S.CONTRACTED, actor, comment)
    loan.contracted_on = on
    loan.save(update_fields=["contracted_on"])
    return loan


@transaction.atomic
def disburse(loan: Loan, *, actor: Any, amount: int, on: dt.date) -> LoanDisbursement:
    """A tranche; the total never exceeds the approved amount. The schedule is rebuilt on the
    total disbursed from the first disbursement date, and the ledger replayed."""
    loan = _locked(loan)
    if loan.status not in (S.CONTRACTED, S.DISBURSING):
        raise ValidationError("약정을 마친 대출(또는 분할 지급 중인 대출)만 지급할 수 있습니다.")
    if amount <= 0:
        raise ValidationError({"amount": "지급액은 0원보다 커야 합니다."})
    if loan.contracted_on and on < loan.contracted_on:
        raise ValidationError({"on": "지급일은 약정일 이후여야 합니다."})
    already = loan.disbursements.aggregate(total=Sum("amount"))["total"] or 0
    assert loan.approved_amount is not None
    if already + amount > loan.approved_amount:
        raise ValidationError(
            {
                "amount": f"지급 누계가 승인액({loan.approved_amount:,}원)을 초과합니다. "
                f"남은 지급 가능액은 {loan.approved_amount - already:,}원입니다."
            }
        )
    disbursement = LoanDisbursement.objects.create(
        loan=loan, disbursed_on=on, amount=amount, created_by=actor
    )
    full = already + amount == loan.approved_amount
    transition(loan, S.DISBURSED if full else S.DISBURSING, actor, f"{amount:,}원 지급")
    replay(loan)
    return disbursement


# --- the ledger ---------------------------------------------------------------------------


def loan_terms(loan: Loan) -> engine.Terms:
    return engine.Terms(
        annual_rate=Decimal(loan.rate),
        term_months=loan.term_months,
        grace_months=loan.grace_months,
        method=loan.repayment_method,
        frequency=loan.frequency,
        overdue_margin=Decimal(loan.overdue_margin),
    )


def _tranches(loan: Loan) -> list[engine.Tranche]:
    return [
        engine.Tranche(disbursed_on, amount)
        for disbursed_on, amount in loan.disbursements.values_list("disbursed_on", "amount")
    ]


def live_transactions(loan: Loan) -> list[LoanTransaction]:
    """Transactions the replay applies: not reversals and not reversed, in date order."""
    return list(
        loan.transactions.filter(reversed_by__isnull=True)
        .exclude(kind=TransactionKind.REVERSAL)
        .order_by("value_date", "pk")
    )


def as_posting(txn: LoanTransaction) -> engine.Posting:
    return engine.Posting(
        txn.pk, txn.kind, txn.value_date, txn.amount, txn.prepayment_mode or engine.SHORTEN_TERM
    )


def _store_schedule(loan: Loan, rows: list[engine.Row]) -> None:
    stored = list(loan.instalments.order_by("number"))
    same_shape = len(stored) == len(rows) and all(
        (s.due_date, s.principal, s.interest, s.is_grace, s.is_prepayment)
        == (r.due_date, r.principal, r.interest, r.grace, r.is_prepayment)
        for s, r in zip(stored, rows, strict=True)
    )
    if not same_shape:
        loan.instalments.all().delete()
        ScheduleInstalment.objects.bulk_create(instalment_objects(loan.pk, rows))
        return
    changed = []
    for s, r in zip(stored, rows, strict=True):
        if (s.principal_paid, s.interest_paid, s.settled_on) != (
            r.principal_paid,
            r.interest_paid,
            r.settled_on,
        ):
            s.principal_paid, s.interest_paid, s.settled_on = (
                r.principal_paid,
                r.interest_paid,
                r.settled_on,
            )
            changed.append(s)
    if changed:
        ScheduleInstalment.objects.bulk_update(
            changed, ["principal_paid", "interest_paid", "settled_on"]
        )


def instalment_objects(loan_id: int, rows: Iterable[engine.Row]) -> list[ScheduleInstalment]:
    return [
        ScheduleInstalment(
            loan_id=loan_id,
            number=r.number,
            due_date=r.due_date,
            principal=r.principal,
            interest=r.interest,
            is_grace=r.grace,
            is_prepayment=r.is_prepayment,
            principal_paid=r.principal_paid,
            interest_paid=r.interest_paid,
            settled_on=r.settled_on,
        )
        for r in rows
    ]


def replay(loan: Loan) -> engine.Result:
    """Re-derive the schedule and every live transaction's allocation (call under the lock)."""
    live = live_transactions(loan)
    try:
        result = engine.replay(loan_terms(loan), _tranches(loan), [as_posting(t) for t in live])
    except engine.LedgerError as exc:
        raise ValidationError(str(exc)) from exc
    changed = []
    for txn in live:
        a = result.allocations[txn.pk]
        values = (a.overdue_interest, a.interest, a.principal, a.written_off)
        if values != (txn.overdue_interest, txn.interest, txn.principal, txn.written_off):
            txn.overdue_interest, txn.interest, txn.principal, txn.written_off = values
            changed.append(txn)
    if changed:
        # Only the derived allocation changes; the posted kind/date/amount never do.
        LoanTransaction.objects.bulk_update(
            changed, ["overdue_interest", "interest", "principal", "written_off"]
        )
    _store_schedule(loan, result.rows)
    return result


def _sync_status(loan: Loan, result: engine.Result, actor: Any, comment: str) -> None:
    """Move the workflow after a posting: repaid in full → closed; reopened by a reversal."""
    if loan.status == S.WRITTEN_OFF and not result.written_off:
        transition(loan, S.REPAYING, actor, comment)
    elif result.written_off and loan.status != S.WRITTEN_OFF:
        transition(loan, S.WRITTEN_OFF, actor, comment)
    elif not result.written_off:
        paid_something = loan.transactions.filter(
            reversed_by__isnull=True, kind__in=PAYMENT_KINDS
        ).exists()
        fully_disbursed = result.disbursed == loan.approved_amount
        if result.outstanding == 0 and loan.status != S.CLOSED:
            transition(loan, S.CLOSED, actor, comment)
        elif result.outstanding > 0 and loan.status == S.CLOSED:
            transition(loan, S.REPAYING if paid_something else S.DISBURSED, actor, comment)
        elif paid_something and loan.status in (S.DISBURSED, S.DISBURSING) and fully_disbursed:
            transition(loan, S.REPAYING, actor, comment)
        elif loan.status == S.REPAYING and not paid_something:
            transition(loan, S.DISBURSED, actor, comment)


def _check_not_before_write_off(loan: Loan, value_date: dt.date) -> None:
    write_off = (
        loan.transactions.filter(kind=TransactionKind.WRITE_OFF, reversed_by__isnull=True)
        .order_by("value_date")
        .first()
    )
    if write_off and value_date < write_off.value_date:
        raise ValidationError("상각일 이전 날짜의 거래는 상각을 취소한 뒤에 기록할 수 있습니다.")


@transaction.atomic
def post_transaction(
    loan: Loan,
    *,
    actor: Any,
    kind: str,
    value_date: dt.date,
    amount: int,
    idempotency_key: str | None = None,
    prepayment_mode: str = "",
    reason: str = "",
) -> LoanTransaction:
    """Post a repayment, prepayment, payoff or write-off recovery; the same key posts once."""
    loan = _locked(loan)
    if idempotency_key:
        existing = LoanTransaction.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if (existing.loan_id, existing.kind, existing.value_date, existing.amount) != (
                loan.pk,
                kind,
                value_date,
                amount,
            ):
                raise ValidationError(
                    "같은 요청 키(Idempotency-Key)가 다른 내용의 거래에 이미 사용되었습니다."
                )
            existing.was_repeat = True  # type: ignore[attr-defined]  # the API answers 200
            return existing
    if kind not in (*PAYMENT_KINDS, TransactionKind.RECOVERY):
        raise ValidationError({"kind": "기록할 수 없는 거래 구분입니다."})
    if amount <= 0:
        raise ValidationError({"amount": "상환액은 0원보다 커야 합니다."})
    if loan.status == S.CLOSED:
        raise ValidationError("완제된 대출에는 상환을 기록할 수 없습니다.")
    if loan.status not in (*ACTIVE_STATUSES, S.WRITTEN_OFF):
        raise ValidationError("지급되지 않은 대출에는 상환을 기록할 수 없습니다.")
    first = loan.disbursements.order_by("disbursed_on").values_list("disbursed_on", flat=True)
    if first and value_date < first[0]:
        raise ValidationError({"value_date": "최초 지급일 이전 날짜로 상환을 기록할 수 없습니다."})
    if value_date > timezone.localdate():
        raise ValidationError({"value_date": "미래 날짜로 상환을 기록할 수 없습니다."})
    _check_not_before_write_off(loan, value_date)
    if kind == TransactionKind.PREPAYMENT and prepayment_mode not in PrepaymentMode.values:
        raise ValidationError(
            {"prepayment_mode": "중도상환 방식(기간 단축/납입액 감소)을 선택해 주세요."}
        )
    try:
        with transaction.atomic():
            txn = LoanTransaction.objects.create(
                loan=loan,
                kind=kind,
                value_date=value_date,
                amount=amount,
                idempotency_key=idempotency_key or None,
                prepayment_mode=prepayment_mode if kind == TransactionKind.PREPAYMENT else "",
                reason=reason,
                posted_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError("같은 요청 키(Idempotency-Key)가 이미 사용되었습니다.") from exc
    result = replay(loan)
    _sync_status(loan, result, actor, f"{txn.get_kind_display()} {amount:,}원 ({value_date})")
    txn.refresh_from_db()
    return txn


@transaction.atomic
def write_off(loan: Loan, *, actor: Any, on: dt.date, reason: str) -> LoanTransaction:
    loan = _locked(loan)
    if not reason.strip():
        raise ValidationError({"reason": "상각 사유를 입력해 주세요."})
    if loan.status not in ACTIVE_STATUSES:
        raise ValidationError("상환 중인 대출만 상각할 수 있습니다.")
    _check_not_before_write_off(loan, on)
    later = loan.transactions.filter(value_date__gt=on, reversed_by__isnull=True).exclude(
        kind=TransactionKind.REVERSAL
    )
    if later.exists():
        raise ValidationError("상각일 이후의 거래가 있어 상각할 수 없습니다.")
    state = engine.replay(
        loan_terms(loan),
        _tranches(loan),
        [as_posting(t) for t in live_transactions(loan) if t.value_date <= on],
    )
    txn = LoanTransaction.objects.create(
        loan=loan,
        kind=TransactionKind.WRITE_OFF,
        value_date=on,
        amount=state.outstanding,
        reason=reason,
        posted_by=actor,
    )
    result = replay(loan)
    _sync_status(loan, result, actor, f"상각: {reason}")
    txn.refresh_from_db()
    return txn


@transaction.atomic
def reverse_transaction(txn: LoanTransaction, *, actor: Any, reason: str) -> LoanTransaction:
    """Cancel a posted transaction by a reversal entry (same value date, negated allocation);
    later transactions are replayed without it."""
    loan = _locked(txn.loan)
    txn = LoanTransaction.objects.select_for_update().get(pk=txn.pk)
    if not reason.strip():
        raise ValidationError({"reason": "취소 사유를 입력해 주세요."})
    if txn.kind == TransactionKind.REVERSAL:
        raise ValidationError("취소 거래는 다시 취소할 수 없습니다.")
    if LoanTransaction.objects.filter(reversal_of=txn).exists():
        raise ValidationError("이미 취소된 거래입니다.")
    if txn.kind != TransactionKind.WRITE_OFF:
        _check_not_before_write_off(loan, txn.value_date)
    reversal = LoanTransaction.objects.create(
        loan=loan,
        kind=TransactionKind.REVERSAL,
        value_date=txn.value_date,
        amount=-txn.amount,
        overdue_interest=-txn.overdue_interest,
        interest=-txn.interest,
        principal=-txn.principal,
        written_off=-txn.written_off,
        reversal_of=txn,
        reason=reason,
        posted_by=actor,
    )
    result = replay(loan)
    _sync_status(loan, result, actor, f"거래 취소: {reason}")
    return reversal


def payoff_quote(loan: Loan, on: dt.date) -> int:
    """The amount that closes the loan on ``on`` (dues + running interest + all principal)."""
    postings = [as_posting(t) for t in live_transactions(loan) if t.value_date <= on]
    tranches = _tranches(loan)
    if not tranches:
        return 0
    try:
        return engine.quote_payoff(loan_terms(loan), tranches, postings, on)
    except engine.LedgerError as exc:
        raise ValidationError(str(exc)) from exc


# --- monitoring ---------------------------------------------------------------------------


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


REPORT_DAYS_AFTER_QUARTER = 30
# Quarterly written reports are tracked in the portal from 2020 Q1 (seed 000: 분기별 서면보고 및
# 연 1회 현장점검 의무화 from 2020).
MONITORING_START = (2020, 1)


def ensure_quarterly_reports(today: dt.date) -> int:
    """Create the report rows due for active loans up to ``today`` (quarters since disbursement)."""
    loans = Loan.objects.filter(status__in=ACTIVE_STATUSES).prefetch_related("disbursements")
    existing = set(QuarterlyReport.objects.values_list("loan_id", "year", "quarter"))
    new = []
    for loan in loans:
        disbursed = [d.disbursed_on for d in loan.disbursements.all()]
        if not disbursed:
            continue
        year, quarter = max(
            (min(disbursed).year, (min(disbursed).month - 1) // 3 + 1), MONITORING_START
        )
        while True:
            due = quarter_end(year, quarter) + dt.timedelta(days=REPORT_DAYS_AFTER_QUARTER)
            if due > today:
                break
            if (loan.pk, year, quarter) not in existing:
                new.append(QuarterlyReport(loan=loan, year=year, quarter=quarter, due_on=due))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    QuarterlyReport.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
    return len(new)


@transaction.atomic
def submit_quarterly_report(
    report: QuarterlyReport, *, actor: Any, summary: str, on: dt.date | None = None
) -> QuarterlyReport:
    if not summary.strip():
        raise ValidationError({"summary": "보고 내용을 입력해 주세요."})
    report.submitted_on = on or timezone.localdate()
    report.summary = summary
    report.save(update_fields=["submitted_on", "summary"])
    return report


@transaction.atomic
def record_inspection(
    loan: Loan, *, actor: Any, inspected_on: dt.date, inspector: str, findings: str
) -> OnSiteInspection:
    if not inspector.strip():
        raise ValidationError({"inspector": "점검자를 입력해 주세요."})
    inspection, _ = OnSiteInspection.objects.update_or_create(
        loan=loan,
        year=inspected_on.year,
        defaults={"inspected_on": inspected_on, "inspector": inspector, "findings": findings},
    )
    return inspection


REMINDER_INTERVAL = dt.timedelta(days=7)


def send_monitoring_reminders(today: dt.date | None = None) -> dict[str, int]:
    """E-mail borrowers whose quarterly report is overdue (at most weekly) and tell the
    intermediary's staff which active loans have no on-site inspection this year."""
    from enterprises.models import EnterpriseMembership
    from seoul_se.notifications.services import notify

    today = today or timezone.localdate()
    ensure_quarterly_reports(today)
    now = timezone.now()
    overdue = QuarterlyReport.objects.filter(
        due_on__lt=today, submitted_on__isnull=True, loan__status__in=ACTIVE_STATUSES
    ).exclude(reminded_at__gt=now - REMINDER_INTERVAL)
    overdue = overdue.select_related("loan__enterprise")
    reminded = 0
    for report in overdue:
        members = [
            m.user
            for m in EnterpriseMembership.objects.filter(
                enterprise_id=report.loan.enterprise_id,
                status=EnterpriseMembership.Status.APPROVED,
            ).select_related("user")
        ]
        with transaction.atomic():
            notify(
                members,
                f"[사회투자기금] {report.year}년 {report.quarter}분기 서면보고 제출 기한이 지났습니다",
                f"융자 {report.loan.number}의 분기 서면보고 기한은 {report.due_on}입니다. "
                "포털에서 제출해 주세요.",
            )
            QuarterlyReport.objects.filter(pk=report.pk).update(reminded_at=now)
        reminded += 1
    from funds.selectors import loans_missing_inspection

    missing = loans_missing_inspection(today.year)
    by_intermediary: dict[int, list[str]] = {}
    for loan in missing:
        by_intermediary.setdefault(loan.intermediary_id, []).append(loan.number)
    for intermediary in Intermediary.objects.filter(pk__in=by_intermediary).prefetch_related(
        "staff"
    ):
        numbers = by_intermediary[intermediary.pk]
        notify(
            list(intermediary.staff.all()),
            f"[사회투자기금] {today.year}년 현장점검 미실시 융자 {len(numbers)}건",
            "연 1회 현장점검이 필요한 융자: " + ", ".join(numbers[:50]),
            email=False,
        )
    return {"reminded": reminded, "missing_inspections": len(missing)}


MAIN_FUND_NAME = "서울시 사회투자기금"


def main_fund() -> Any:
    from funds.models import Fund

    fund, _ = Fund.objects.get_or_create(
        name=MAIN_FUND_NAME, defaults={"legal_basis": "사회투자기금의 설치 및 운용에 관한 조례"}
    )
    return fund


# --- intermediary staff ---------------------------------------------------------------------


@transaction.atomic
def add_intermediary_staff(
    intermediary: Intermediary, *, actor: Any, email: str, name: str = ""
) -> User:
    """Link a person to the intermediary: they then see and post only its loans. A new address
    gets an account (role 수행기관 직원) and an e-mail with a link to set a password."""
    require_role(actor, access.INTERMEDIARY_STAFF_MANAGE_ROLES)
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    invited = user is None
    if user is None:
        if not name.strip():
            raise ValidationError({"name": "새 사용자이므로 이름을 입력해 주세요."})
        user = invite_user(
            email=email,
            name=name.strip(),
            role=Role.INTERMEDIARY_STAFF,
            organisation=intermediary.name,
        )
    elif user.role != Role.INTERMEDIARY_STAFF:
        raise ValidationError(
            {
                "email": f"{user.email}은(는) '{user.get_role_display()}' 사용자입니다. "
                "수행기관 직원 역할의 사용자만 등록할 수 있습니다."
            }
        )
    # One institution per person: their loan scope must be unambiguous.
    other = user.fund_intermediaries.exclude(pk=intermediary.pk).first()
    if other is not None:
        raise ValidationError(
            {"email": f"이미 {other.name} 직원입니다. 먼저 그 기관에서 해제해 주세요."}
        )
    if not intermediary.staff.filter(pk=user.pk).exists():
        intermediary.staff.add(user)
        notify(
            [user],
            f"{intermediary.name} 직원으로 등록되었습니다",
            "아래 링크에서 비밀번호를 정한 뒤 로그인해 주세요." if invited else "",
            password_setup_url(user) if invited else reverse("funds:loan_list"),
        )
    return user


@transaction.atomic
def remove_intermediary_staff(intermediary: Intermediary, *, actor: Any, user_id: int) -> None:
    require_role(actor, access.INTERMEDIARY_STAFF_MANAGE_ROLES)
    intermediary.staff.remove(user_id)
