"""Budgets with a small 관/항/목 tree for tests."""

import datetime as dt
import itertools

from reports import services
from reports.models import Budget, BudgetLine, Expenditure, LineKind, Revenue

_owners = itertools.count(1)


def make_budget(year: int = 2024, **kwargs) -> Budget:
    return services.ensure_budget(
        year,
        kwargs.pop("title", "테스트 예산"),
        owner_key=kwargs.pop("owner_key", f"t{next(_owners)}"),
    )


def make_lines(
    budget: Budget, spend: int = 1_000_000, income: int = 1_000_000
) -> tuple[BudgetLine, BudgetLine]:
    """(revenue leaf, expenditure leaf) under 관 > 항 > 목."""
    rev = services.ensure_line(
        budget, LineKind.REVENUE, ["민간위탁금", "민간위탁금", "민간위탁금"], budgeted_amount=income
    )
    exp = services.ensure_line(
        budget, LineKind.EXPENDITURE, ["제안사업비", "판로지원", "행사비"], budgeted_amount=spend
    )
    return rev, exp


def add_expenditure(line: BudgetLine, amount: int, **kwargs) -> Expenditure:
    return Expenditure.objects.create(
        line=line,
        date=kwargs.pop("date", dt.date(line.budget.fiscal_year, 6, 1)),
        amount=amount,
        payee=kwargs.pop("payee", "테스트 지급처"),
        evidence_type=Expenditure.Evidence.TAX_INVOICE,
        evidence_reference="TI-1",
        **kwargs,
    )


def add_revenue(line: BudgetLine, amount: int, source: str = Revenue.Source.GRANT) -> Revenue:
    return Revenue.objects.create(
        line=line, date=dt.date(line.budget.fiscal_year, 1, 10), amount=amount, source=source
    )
