"""A loan's life before the ledger decides: application, approval, contract and tranches.

The moves go through the loan workflow (``funds.workflow.LOAN_MACHINE``): it checks who may take
them from which state and records every status change.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from funds.models import Intermediary, Loan, LoanDisbursement, LoanProduct, LoanStatus
from funds.schedule import MONTHS_PER_PERIOD
from funds.services.ledger import locked, replay, write_off
from funds.workflow import LOAN_MACHINE, require_action
from seoul_se.accounts.models import User

S = LoanStatus


def _grace_error(months: int) -> ValidationError:
    # The schedule counts grace in whole repayment periods; a remainder would be dropped.
    return ValidationError(
        _("거치 기간은 상환 주기(%(months)s개월)의 배수여야 합니다.") % {"months": months},
        code="grace_not_whole_periods",
    )


def validate_loan_terms(
    product: LoanProduct, amount: int, rate: Decimal, term_months: int, grace_months: int
) -> None:
    """The one place enforcing a product's cap, rate, term and grace period."""
    errors: dict[str, ValidationError] = {}
    if amount <= 0:
        errors["amount"] = ValidationError(
            _("융자액은 0원보다 커야 합니다."), code="amount_not_positive"
        )
    elif amount > product.cap:
        errors["amount"] = ValidationError(
            _("융자액이 상품 한도(%(cap)s원)를 초과합니다.") % {"cap": f"{product.cap:,}"},
            code="over_cap",
        )
    if rate < 0 or rate > product.rate:
        errors["rate"] = ValidationError(
            _("금리는 0%%에서 상품 최고 금리(%(rate)s%%) 사이여야 합니다.")
            % {"rate": f"{product.rate * 100:.2f}"},
            code="rate_out_of_range",
        )
    months = MONTHS_PER_PERIOD[product.frequency]
    if term_months <= 0 or term_months > product.term_months or term_months % months:
        errors["term_months"] = ValidationError(
            _(
                "기간은 상품 최장 기간(%(term)s개월) 이내이고 "
                "상환 주기(%(months)s개월)의 배수여야 합니다."
            )
            % {"term": product.term_months, "months": months},
            code="term_out_of_range",
        )
    if grace_months < 0 or grace_months > product.grace_months or grace_months >= term_months:
        errors["grace_months"] = ValidationError(
            _(
                "거치 기간은 상품 최장 거치 기간(%(grace)s개월) 이내이고 "
                "융자 기간보다 짧아야 합니다."
            )
            % {"grace": product.grace_months},
            code="grace_out_of_range",
        )
    elif grace_months % months:
        errors["grace_months"] = _grace_error(months)
    if errors:
        raise ValidationError(errors)


def validate_product(*, frequency: str, term_months: int, grace_months: int) -> None:
    """A product's longest term and grace must be whole repayment periods (one quarter = 3
    months), so every loan within its limits has a schedule that honours them exactly."""
    months = MONTHS_PER_PERIOD[frequency]
    errors: dict[str, ValidationError] = {}
    if term_months % months:
        errors["term_months"] = ValidationError(
            _("기간은 상환 주기(%(months)s개월)의 배수여야 합니다.") % {"months": months},
            code="term_not_whole_periods",
        )
    if grace_months % months:
        errors["grace_months"] = _grace_error(months)
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
    actor: User,
    enterprise: Enterprise,
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
        raise ValidationError(
            {"product": ValidationError(_("사용하지 않는 상품입니다."), code="product_inactive")}
        )
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
    LOAN_MACHINE.start(loan, actor=actor, comment="융자 신청")
    return loan


@transaction.atomic
def approve_loan(
    loan: Loan,
    *,
    actor: User,
    amount: int | None = None,
    on: dt.date | None = None,
    comment: str = "",
) -> Loan:
    loan = locked(loan)
    amount = loan.requested_amount if amount is None else amount
    validate_loan_terms(loan.product, amount, loan.rate, loan.term_months, loan.grace_months)
    LOAN_MACHINE.apply(
        loan,
        "approve",
        actor=actor,
        comment=comment,
        fields={"approved_amount": amount, "approved_on": on or timezone.localdate()},
    )
    return loan


@transaction.atomic
def contract_loan(loan: Loan, *, actor: User, on: dt.date | None = None, comment: str = "") -> Loan:
    loan = locked(loan)
    on = on or timezone.localdate()
    if loan.approved_on and on < loan.approved_on:
        raise ValidationError(
            {"on": ValidationError(_("약정일은 승인일 이후여야 합니다."), code="before_approval")}
        )
    LOAN_MACHINE.apply(loan, "contract", actor=actor, comment=comment, fields={"contracted_on": on})
    return loan


@transaction.atomic
def disburse(loan: Loan, *, actor: User, amount: int, on: dt.date) -> LoanDisbursement:
    """A tranche; the total never exceeds the approved amount. The schedule is rebuilt on the
    total disbursed from the first disbursement date, and the ledger replayed."""
    loan = locked(loan)
    require_action(
        loan,
        "disburse",
        actor,
        _("약정을 마친 대출(또는 분할 지급 중인 대출)만 지급할 수 있습니다."),
        "not_disbursable",
    )
    if amount <= 0:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("지급액은 0원보다 커야 합니다."), code="amount_not_positive"
                )
            }
        )
    if loan.contracted_on and on < loan.contracted_on:
        raise ValidationError(
            {"on": ValidationError(_("지급일은 약정일 이후여야 합니다."), code="before_contract")}
        )
    already = loan.disbursements.aggregate(total=Sum("amount"))["total"] or 0
    assert loan.approved_amount is not None
    if already + amount > loan.approved_amount:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _(
                        "지급 누계가 승인액(%(approved)s원)을 초과합니다. "
                        "남은 지급 가능액은 %(left)s원입니다."
                    )
                    % {
                        "approved": f"{loan.approved_amount:,}",
                        "left": f"{loan.approved_amount - already:,}",
                    },
                    code="over_approved_amount",
                )
            }
        )
    disbursement = LoanDisbursement.objects.create(
        loan=loan, disbursed_on=on, amount=amount, created_by=actor
    )
    # A further partial tranche leaves the loan partly disbursed: derive records nothing (the
    # tranche itself is the LoanDisbursement row, in the audit trail).
    target = S.DISBURSED if already + amount == loan.approved_amount else S.DISBURSING
    LOAN_MACHINE.derive(loan, target, actor=actor, comment=f"{amount:,}원 지급")
    replay(loan)
    return disbursement


def act_on_loan(
    loan: Loan,
    action: str,
    *,
    actor: User,
    on: dt.date | None = None,
    amount: int | None = None,
    comment: str = "",
) -> Loan:
    """Take a decision of the loan workflow (``funds.workflow``) by name, as the pages and the
    API do: approve (optionally another amount), contract, or write off (``comment`` is the
    reason). A tranche has its own service (:func:`disburse`): it needs an amount."""
    on = on or timezone.localdate()
    if action == "approve":
        return approve_loan(loan, actor=actor, amount=amount, on=on, comment=comment)
    if action == "contract":
        return contract_loan(loan, actor=actor, on=on, comment=comment)
    if action == "write_off":
        write_off(loan, actor=actor, on=on, reason=comment)
        loan.refresh_from_db()
        return loan
    LOAN_MACHINE.action(action)  # unknown name: code "unknown_action"
    raise ValidationError(
        _("'%(action)s' 처리는 여기서 할 수 없습니다.") % {"action": action}, code="not_a_decision"
    )
