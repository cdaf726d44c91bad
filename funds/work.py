"""The fund's part of the home work queue (``seoul_se.core.work_queue``)."""

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from funds import access, selectors
from funds.models import (
    Loan,
    LoanDisbursement,
    LoanTransaction,
    OnSiteInspection,
    ScheduleInstalment,
)
from funds.workflow import ACTIVE
from seoul_se.access import STAFF_ROLES
from seoul_se.accounts.models import Role
from seoul_se.core.money import format_won
from seoul_se.core.work_queue import WorkItem, counted

# Unsubmitted quarterly reports count as "due" this many days ahead of their deadline.
REPORT_NOTICE_DAYS = 30
# Loans this many days past due are the officials' concern (the fund's 90+ aging bucket).
SERIOUSLY_PAST_DUE_DAYS = 90
DEBTORS = frozenset({Role.ENTERPRISE_MEMBER})
LENDERS = STAFF_ROLES | {Role.INTERMEDIARY_STAFF}
INSPECTORS = frozenset({Role.CENTRE_STAFF, Role.ADMINISTRATOR})


def _reports_due(user: Any, today: dt.date, *, overdue_only: bool) -> WorkItem:
    open_reports = access.visible_reports(user).filter(submitted_on__isnull=True)
    if overdue_only:
        # The monitoring page lists exactly the overdue, unsubmitted reports.
        count, first = counted(open_reports.filter(due_on__lt=today), "due_on")
        return WorkItem(
            gettext_lazy("기한이 지난 분기 보고"), count, reverse("funds:monitoring"), first
        )
    horizon = today + dt.timedelta(days=REPORT_NOTICE_DAYS)
    count, first = counted(open_reports.filter(due_on__lte=horizon), "due_on")
    # Members have no report list; their loans' pages carry the report forms.
    return WorkItem(gettext_lazy("제출할 분기 보고"), count, reverse("funds:loan_list"), first)


def _next_repayment(user: Any, today: dt.date) -> WorkItem:
    instalment = (
        selectors.unsettled_instalments(dt.date.max)
        .filter(loan__in=access.visible_loans(user))
        .order_by("due_date", "pk")
        .values("due_date", "principal", "interest", "principal_paid", "interest_paid")
        .first()
    )
    if instalment is None:
        return WorkItem(gettext_lazy("다음 상환"), 0, reverse("funds:loan_list"))
    amount = (
        instalment["principal"]
        + instalment["interest"]
        - instalment["principal_paid"]
        - instalment["interest_paid"]
    )
    return WorkItem(
        gettext_lazy("다음 상환"),
        1,
        reverse("funds:loan_list"),
        instalment["due_date"],
        format_won(amount),
    )


def _delinquent(loans: QuerySet[Loan], today: dt.date, overdue_since: dt.date) -> QuerySet[Loan]:
    """``selectors.delinquent_loans``'s rule as a queryset to count in the database: an
    instalment unsettled since ``overdue_since`` or earlier, and principal outstanding today.

    ``Loan.overdue_since`` (kept by ``services.refresh_overdue``) answers it through an index
    for every loan whose ledger holds nothing dated after today, the rule's "today" making no
    difference to those. The few with a later disbursement, entry or settlement (found through
    the date indexes) are asked the rule itself."""
    dated_later = (
        Q(pk__in=LoanDisbursement.objects.filter(disbursed_on__gt=today).values("loan_id"))
        | Q(pk__in=LoanTransaction.objects.filter(value_date__gt=today).values("loan_id"))
        | Q(pk__in=ScheduleInstalment.objects.filter(settled_on__gt=today).values("loan_id"))
    )
    return loans.filter(
        (Q(overdue_since__lte=overdue_since) & ~dated_later)
        | (dated_later & _delinquent_on(today, overdue_since))
    )


def _delinquent_on(today: dt.date, overdue_since: dt.date) -> Q:
    """The rule itself as of ``today``, per loan (correlated subqueries)."""
    # ``selectors.unsettled_instalments``: unsettled, or settled only after today.
    late = ScheduleInstalment.objects.filter(loan=OuterRef("pk"), due_date__lte=overdue_since)
    return (
        Q(Exists(late.filter(settled_on__isnull=True)))
        | Q(Exists(late.filter(settled_on__gt=today)))
    ) & Q(GreaterThan(selectors.lent_total(today), selectors.settled_total(today)))


def _past_due(user: Any, today: dt.date) -> WorkItem:
    if user.role == Role.INTERMEDIARY_STAFF:
        label, since = gettext_lazy("연체 중인 융자"), today
    else:
        label = gettext_lazy("90일 넘게 연체된 융자")
        since = today - dt.timedelta(days=SERIOUSLY_PAST_DUE_DAYS + 1)
    count, _first = counted(_delinquent(access.visible_loans(user), today, since))
    # The loan list has no "past due" filter; it lists the user's loans (closest page).
    return WorkItem(label, count, reverse("funds:loan_list"))


def _missing_inspection(user: Any, today: dt.date) -> WorkItem:
    """``selectors.loans_missing_inspection``'s rule, counted in one aggregate query."""
    missing = (
        access.visible_loans(user)
        .filter(
            # EXISTS rather than a join: no repeated loans to count DISTINCT.
            Exists(
                LoanDisbursement.objects.filter(
                    loan=OuterRef("pk"), disbursed_on__lte=dt.date(today.year, 12, 31)
                )
            ),
            status__in=ACTIVE,
        )
        .exclude(pk__in=OnSiteInspection.objects.filter(year=today.year).values("loan_id"))
    )
    count, _first = counted(missing)
    # The monitoring page lists exactly these loans (its "현장점검 미실시" table).
    return WorkItem(
        gettext_lazy("올해 현장점검을 하지 않은 융자"), count, reverse("funds:monitoring")
    )


def items(user: Any) -> list[WorkItem]:
    today = timezone.localdate()
    if user.role in DEBTORS:
        return [_next_repayment(user, today), _reports_due(user, today, overdue_only=False)]
    found = []
    if user.role in LENDERS - {Role.OFFICIAL}:
        found.append(_reports_due(user, today, overdue_only=True))
    if user.role in INSPECTORS:
        found.append(_missing_inspection(user, today))
    if user.role in LENDERS - {Role.CENTRE_STAFF}:
        found.append(_past_due(user, today))
    return found
