"""Reads of the fund shared by pages, API, reports and KPIs: balances and aging as of any date.

Balances are SQL aggregates over disbursements and the ledger (value date ≤ as-of date):
lent = Σ disbursed, recovered = Σ principal allocated, written off = Σ written-off allocation
(a recovery after write-off moves money from written off to recovered), outstanding =
lent − recovered − written off, interest received = Σ interest + overdue interest.
Days past due count from the oldest instalment due on or before the date and not settled by it.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    F,
    Max,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from funds.models import (
    Deposit,
    Intermediary,
    IntermediarySelection,
    Loan,
    LoanDisbursement,
    LoanProduct,
    LoanStatus,
    LoanTransaction,
    OnSiteInspection,
    ScheduleInstalment,
    Track,
)
from funds.workflow import ACTIVE
from seoul_se.core.support import SupportRecord

GROUPS = {
    "loan": "loan_id",
    "enterprise": "loan__enterprise_id",
    "intermediary": "loan__intermediary_id",
    "product": "loan__product_id",
}
AGING_BUCKETS = (
    (_("1–30일"), 1, 30),
    (_("31–90일"), 31, 90),
    (_("91–180일"), 91, 180),
    (_("180일 초과"), 181, None),
)


@dataclass(frozen=True)
class BalanceRow:
    key: Any
    label: str
    lent: int = 0
    recovered: int = 0
    written_off: int = 0
    interest_received: int = 0
    loan_count: int = 0

    @property
    def outstanding(self) -> int:
        return self.lent - self.recovered - self.written_off


@dataclass(frozen=True)
class AgingBucket:
    label: str
    loan_count: int
    outstanding: int


@dataclass
class FundStatus:
    as_of: dt.date
    total_lent: int
    enterprise_count: int
    loan_count: int
    principal_recovered: int
    written_off: int
    interest_received: int
    deposits_total: int
    deposits_by_kind: dict[str, int]
    by_intermediary: list[BalanceRow] = field(default_factory=list)
    by_product: list[BalanceRow] = field(default_factory=list)
    aging: list[AgingBucket] = field(default_factory=list)
    par30: Decimal = Decimal(0)
    par90: Decimal = Decimal(0)

    @property
    def outstanding(self) -> int:
        return self.total_lent - self.principal_recovered - self.written_off

    @property
    def delinquent_outstanding(self) -> int:
        return sum(bucket.outstanding for bucket in self.aging)


def _sum(expression: Any) -> Coalesce:
    return Coalesce(Sum(expression), Value(0))


FIGURES = ("lent", "loans", "recovered", "written", "interest")


def _grouped(
    as_of: dt.date, keys: tuple[str, ...], loans: QuerySet[Loan] | None
) -> dict[tuple[Any, ...], dict[str, int]]:
    """Lent (disbursements) and ledger sums grouped by ``keys``: one aggregate over each table."""
    disbursements = LoanDisbursement.objects.filter(disbursed_on__lte=as_of)
    ledger = LoanTransaction.objects.filter(value_date__lte=as_of)
    if loans is not None:
        disbursements = disbursements.filter(loan__in=loans)
        ledger = ledger.filter(loan__in=loans)
    result: dict[tuple[Any, ...], dict[str, int]] = {}
    lent_rows = disbursements.values(*keys).annotate(
        lent=_sum("amount"), loans=Count("loan_id", distinct=True)
    )
    paid_rows = ledger.values(*keys).annotate(
        recovered=_sum("principal"),
        written=_sum("written_off"),
        interest=_sum(F("interest") + F("overdue_interest")),
    )
    for rows, names in (
        (lent_rows, ("lent", "loans")),
        (paid_rows, ("recovered", "written", "interest")),
    ):
        for row in rows:
            entry = result.setdefault(tuple(row[k] for k in keys), dict.fromkeys(FIGURES, 0))
            entry.update({name: row[name] for name in names})
    return result


def _fold(figures: dict[tuple[Any, ...], dict[str, int]], index: int) -> dict[Any, dict[str, int]]:
    folded: dict[Any, dict[str, int]] = {}
    for key, values in figures.items():
        entry = folded.setdefault(key[index], dict.fromkeys(FIGURES, 0))
        for name in FIGURES:
            entry[name] += values[name]
    return folded


def _rows(group: str, figures: dict[Any, dict[str, int]]) -> list[BalanceRow]:
    labels = _labels(group, set(figures))
    rows = [
        BalanceRow(
            key=pk,
            label=labels.get(pk, str(pk)),
            lent=f["lent"],
            recovered=f["recovered"],
            written_off=f["written"],
            interest_received=f["interest"],
            loan_count=f["loans"],
        )
        for pk, f in figures.items()
    ]
    return sorted(rows, key=lambda row: row.label)


def balances(
    as_of: dt.date, group: str = "loan", loans: QuerySet[Loan] | None = None
) -> list[BalanceRow]:
    """Balances per loan, enterprise (borrower), intermediary or product as of ``as_of``."""
    figures = _grouped(as_of, (GROUPS[group],), loans)
    return _rows(group, {key[0]: values for key, values in figures.items()})


def _labels(group: str, keys: set[Any]) -> dict[Any, str]:
    if group == "intermediary":
        return dict(Intermediary.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group == "product":
        return dict(LoanProduct.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group == "enterprise":
        return dict(Enterprise.objects.filter(pk__in=keys).values_list("pk", "name"))
    return dict(Loan.objects.filter(pk__in=keys).values_list("pk", "number"))


def unsettled_instalments(as_of: dt.date) -> QuerySet[ScheduleInstalment]:
    return ScheduleInstalment.objects.filter(due_date__lte=as_of).filter(
        Q(settled_on__isnull=True) | Q(settled_on__gt=as_of)
    )


def lent_total(as_of: dt.date | None, disbursements: type[Model] = LoanDisbursement) -> Coalesce:
    """Σ disbursed to the loan (``OuterRef("pk")``) by ``as_of`` (None: ever), 0 if nothing.
    The model is a parameter for the migration that runs it on its historical models."""
    paid_out = disbursements.objects.filter(loan=OuterRef("pk"))  # type: ignore[attr-defined]
    if as_of is not None:
        paid_out = paid_out.filter(disbursed_on__lte=as_of)
    total = paid_out.values("loan").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total), Value(0))


def settled_total(as_of: dt.date | None, entries: type[Model] = LoanTransaction) -> Coalesce:
    """Σ principal and write-off of the loan's ledger entries by ``as_of`` (None: ever), 0 if
    none; reversals carry the negated allocation, so they net out."""
    booked = entries.objects.filter(loan=OuterRef("pk"))  # type: ignore[attr-defined]
    if as_of is not None:
        booked = booked.filter(value_date__lte=as_of)
    total = (
        booked.values("loan").annotate(total=Sum(F("principal") + F("written_off"))).values("total")
    )
    return Coalesce(Subquery(total), Value(0))


def delinquent_loans(as_of: dt.date, loans: QuerySet[Loan] | None = None) -> list[dict[str, Any]]:
    """Loans with an instalment past due on ``as_of`` and principal outstanding; one query."""
    late = unsettled_instalments(as_of)
    oldest = (
        late.filter(loan=OuterRef("pk"))
        .values("loan")
        .annotate(first=Min("due_date"))
        .values("first")
    )
    queryset = Loan.objects.filter(pk__in=late.values("loan_id"))
    if loans is not None:
        queryset = queryset.filter(pk__in=loans.values("pk"))
    rows = queryset.annotate(
        oldest_due=Subquery(oldest), lent=lent_total(as_of), settled=settled_total(as_of)
    ).values("pk", "number", "oldest_due", "lent", "settled")
    result = []
    for row in rows:
        outstanding = row["lent"] - row["settled"]
        if outstanding > 0:
            result.append(
                {
                    "loan_id": row["pk"],
                    "number": row["number"],
                    "days_past_due": (as_of - row["oldest_due"]).days,
                    "outstanding": outstanding,
                }
            )
    return result


def _ratio(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    # PAR is shown to four decimals of the ratio (0.0123 = 1.23 %), half up.
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def aging(as_of: dt.date, loans: QuerySet[Loan] | None = None) -> list[AgingBucket]:
    late = delinquent_loans(as_of, loans)
    buckets = []
    for label, low, high in AGING_BUCKETS:
        inside = [
            r
            for r in late
            if r["days_past_due"] >= low and (high is None or r["days_past_due"] <= high)
        ]
        buckets.append(AgingBucket(str(label), len(inside), sum(r["outstanding"] for r in inside)))
    return buckets


def fund_status(as_of: dt.date, loans: QuerySet[Loan] | None = None) -> "FundStatus":
    """The fund on ``as_of``: totals, per-intermediary and per-product rows, aging and PAR.

    One grouped aggregate per table (by intermediary × product) gives the totals and both
    breakdowns; the number of enterprises and the aging are one query each.
    """
    pairs = _grouped(as_of, (GROUPS["intermediary"], GROUPS["product"]), loans)
    totals = _fold(pairs, 0)
    total = {name: sum(values[name] for values in totals.values()) for name in FIGURES}
    disbursements = LoanDisbursement.objects.filter(disbursed_on__lte=as_of)
    if loans is not None:
        disbursements = disbursements.filter(loan__in=loans)
    enterprises = disbursements.aggregate(n=Count("loan__enterprise_id", distinct=True))["n"]
    deposits = deposits_as_of(as_of)
    buckets = aging(as_of, loans)
    outstanding = total["lent"] - total["recovered"] - total["written"]
    return FundStatus(
        as_of=as_of,
        total_lent=total["lent"],
        enterprise_count=enterprises,
        loan_count=total["loans"],
        principal_recovered=total["recovered"],
        written_off=total["written"],
        interest_received=total["interest"],
        deposits_total=sum(deposits.values()),
        deposits_by_kind=deposits,
        by_intermediary=_rows("intermediary", totals),
        by_product=_rows("product", _fold(pairs, 1)),
        aging=buckets,
        par30=_ratio(sum(b.outstanding for b in buckets[1:]), outstanding),
        par90=_ratio(sum(b.outstanding for b in buckets[2:]), outstanding),
    )


def latest_data_date() -> dt.date | None:
    """The latest date (up to today) of a ledger posting, disbursement or deposit placement: the
    status page opens there, since the fund's records may end long before today."""
    today = timezone.localdate()
    dates = [
        model.objects.filter(**{f"{name}__lte": today}).aggregate(last=Max(name))["last"]
        for model, name in (
            (LoanTransaction, "value_date"),
            (LoanDisbursement, "disbursed_on"),
            (Deposit, "start"),
        )
    ]
    return max((d for d in dates if d is not None), default=None)


def deposits_as_of(as_of: dt.date) -> dict[str, int]:
    """Deposits held on ``as_of`` (placed by then and not yet matured), by kind."""
    totals = dict.fromkeys(Deposit.Kind.values, 0)
    rows = (
        Deposit.objects.filter(start__lte=as_of)
        .filter(Q(maturity__isnull=True) | Q(maturity__gt=as_of))
        .values("kind")
        .annotate(total=Sum("principal"))
    )
    for row in rows:
        totals[row["kind"]] = row["total"]
    return totals


@dataclass(frozen=True)
class LoanBalance:
    lent: int
    recovered: int
    written_off: int
    interest_received: int
    days_past_due: int

    @property
    def outstanding(self) -> int:
        return self.lent - self.recovered - self.written_off


def loan_balance(loan: Loan, as_of: dt.date) -> LoanBalance:
    rows = balances(as_of, "loan", Loan.objects.filter(pk=loan.pk))
    row = rows[0] if rows else BalanceRow(loan.pk, loan.number)
    oldest = (
        unsettled_instalments(as_of).filter(loan=loan).aggregate(first=Min("due_date"))["first"]
    )
    days = (as_of - oldest).days if oldest and row.outstanding > 0 else 0
    return LoanBalance(row.lent, row.recovered, row.written_off, row.interest_received, days)


@dataclass(frozen=True)
class StatementLine:
    day: dt.date
    description: str
    disbursed: int
    paid: int
    principal: int
    interest: int
    overdue_interest: int
    written_off: int
    outstanding: int
    transaction: LoanTransaction | None = None


def statement(loan: Loan) -> list[StatementLine]:
    """Disbursements and every ledger entry (reversals included) with the running balance."""
    events: list[tuple[dt.date, int, Any]] = [
        (d.disbursed_on, 0, d) for d in loan.disbursements.all()
    ]
    transactions = loan.transactions.select_related("reversal_of").order_by("value_date", "pk")
    events += [(t.value_date, 1, t) for t in transactions]
    outstanding = 0
    lines = []
    for day, order, item in sorted(events, key=lambda e: (e[0], e[1], e[2].pk)):
        if order == 0:
            outstanding += item.amount
            paid = str(_("융자금 지급"))
            lines.append(StatementLine(day, paid, item.amount, 0, 0, 0, 0, 0, outstanding))
            continue
        outstanding -= item.principal + item.written_off
        description = item.get_kind_display()
        if item.reversal_of_id:
            description = (
                f"취소 ({item.reversal_of.get_kind_display()} {item.reversal_of.value_date})"
            )
        lines.append(
            StatementLine(
                day,
                description,
                0,
                item.amount,
                item.principal,
                item.interest,
                item.overdue_interest,
                item.written_off,
                outstanding,
                item,
            )
        )
    return lines


def loans_missing_inspection(year: int) -> list[Loan]:
    """Active loans disbursed before the year ends with no on-site inspection in that year."""
    inspected = OnSiteInspection.objects.filter(year=year).values("loan_id")
    return list(
        Loan.objects.filter(
            status__in=ACTIVE,
            disbursements__disbursed_on__lte=dt.date(year, 12, 31),
        )
        .exclude(pk__in=inspected)
        .distinct()
        .select_related("enterprise", "intermediary")
        .order_by("intermediary__name", "number")
    )


def support_records(enterprise_id: int, since: dt.date) -> list[SupportRecord]:
    """The enterprise's loans (source "fund") that ran on or after ``since``."""
    loans = (
        Loan.objects.filter(enterprise_id=enterprise_id)
        .exclude(status=LoanStatus.APPLIED)
        .select_related("product")
        .annotate(
            first_disbursed=Min("disbursements__disbursed_on"),
            maturity=Subquery(
                ScheduleInstalment.objects.filter(loan=OuterRef("pk"))
                .order_by("-due_date")
                .values("due_date")[:1]
            ),
        )
    )
    records = []
    for loan in loans:
        start = loan.first_disbursed or loan.contracted_on or loan.approved_on or loan.applied_on
        end = loan.maturity
        if max(start, end or start) < since:
            continue
        records.append(
            SupportRecord(
                source="fund",
                kind=loan.product.category,
                kind_label=loan.product.get_category_display(),
                title=_("사회투자기금 융자 %(number)s (%(product)s)")
                % {"number": loan.number, "product": loan.product.name},
                amount=loan.approved_amount or loan.requested_amount,
                start=start,
                end=end,
                url=reverse("funds:loan_detail", args=[loan.pk]),
            )
        )
    return records


@dataclass(frozen=True)
class SelectionTotal:
    year: int
    track: str
    track_label: str
    institutions: int
    city_allocation: int
    private_matching: int


def selection_totals() -> list[SelectionTotal]:
    """Allocations per year and track; city money and private matching stay in separate sums."""
    rows = (
        IntermediarySelection.objects.values("year", "track")
        .annotate(
            institutions=Count("intermediary", distinct=True),
            city=Sum("city_allocation"),
            private=Sum("private_matching"),
        )
        .order_by("-year", "track")
    )
    return [
        SelectionTotal(
            r["year"],
            r["track"],
            str(Track(r["track"]).label),
            r["institutions"],
            r["city"],
            r["private"],
        )
        for r in rows
    ]


def disbursements_between(first: int, last: int) -> QuerySet[LoanDisbursement]:
    """Loan payments (융자금 지급) made in the years [first, last] (KPI measures)."""
    return LoanDisbursement.objects.filter(
        disbursed_on__year__gte=first, disbursed_on__year__lte=last
    )


# Reads for other apps' feeds, in their own module (re-exported: ``funds.selectors`` is the API).
from funds.selectors.public import (  # noqa: E402, F401
    LOAN_CATEGORY_LABELS,
    TRACK_LABELS,
    fund_use_evidence,
    open_allocations,
    open_loans,
)
