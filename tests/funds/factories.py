"""Fund fixtures: products, intermediaries and loans taken through the real services."""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from funds import services
from funds.models import Intermediary, LoanProduct
from tests.factories import EnterpriseFactory

START = dt.date(2024, 1, 2)


class IntermediaryFactory(DjangoModelFactory):
    class Meta:
        model = Intermediary
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    fund = factory.LazyFunction(services.main_fund)
    name = factory.Sequence(lambda n: f"수행기관{n}")


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = LoanProduct

    fund = factory.LazyFunction(services.main_fund)
    code = factory.Sequence(lambda n: f"product-{n}")
    name = factory.Sequence(lambda n: f"사회적경제기업 융자 {n}")
    category = "enterprise"
    cap = 200_000_000
    rate = Decimal("0.03")
    term_months = 60
    grace_months = 12
    repayment_method = "equal_instalment"
    frequency = "monthly"
    overdue_margin = Decimal("0.03")


def make_loan(
    actor,
    *,
    amount=1_200_000,
    rate="0",
    term=12,
    grace=0,
    method="equal_instalment",
    frequency="monthly",
    margin="0.0365",
    disburse_on=START,
    disbursed=None,
    enterprise=None,
    intermediary=None,
):
    """An approved, contracted loan disbursed on ``disburse_on`` (``disbursed`` defaults to all)."""
    product = ProductFactory(
        cap=max(amount, 1),
        rate=Decimal(rate) if Decimal(rate) > 0 else Decimal("0.03"),
        term_months=term,
        grace_months=grace,
        repayment_method=method,
        frequency=frequency,
        overdue_margin=Decimal(margin),
    )
    loan = services.apply_for_loan(
        actor=actor,
        enterprise=enterprise or EnterpriseFactory(),
        intermediary=intermediary or IntermediaryFactory(),
        product=product,
        amount=amount,
        rate=Decimal(rate),
        term_months=term,
        grace_months=grace,
        applied_on=disburse_on - dt.timedelta(days=10),
    )
    services.approve_loan(loan, actor=actor, on=disburse_on - dt.timedelta(days=5))
    services.contract_loan(loan, actor=actor, on=disburse_on - dt.timedelta(days=1))
    if disbursed != 0:
        services.disburse(loan, actor=actor, amount=disbursed or amount, on=disburse_on)
    loan.refresh_from_db()
    return loan
