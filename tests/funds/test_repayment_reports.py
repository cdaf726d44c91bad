"""Monthly repayment reports of intermediaries (issue 14): idempotent by reference, corrections
as reversal + new posting, the city's monthly view, and who may upload what."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.loan_workbook import REPORT_HEADER, write_report
from funds import report_selectors
from funds.models import (
    Loan,
    LoanStatus,
    LoanTransaction,
    RepaymentReport,
    ReportedRepayment,
    ScheduleInstalment,
)
from funds.services import bulk_ledger, ledger
from funds.services.repayment_reports import check_reporter
from seoul_se.core.imports import commit_import, dry_run
from tests.funds.factories import START, IntermediaryFactory, make_loan
from tests.reports.sheets import sheet_file

pytestmark = pytest.mark.django_db
DUE = dt.date(2024, 2, 2)  # first instalment of make_loan's loans (1,200,000원, 0 %, 12 months)


@pytest.fixture
def world(official, make_user):
    a, b = IntermediaryFactory(name="수행기관 가"), IntermediaryFactory(name="수행기관 나")
    person = make_user("intermediary_staff")
    a.staff.add(person)
    return {
        "a": a,
        "b": b,
        "person": person,
        "loans": [make_loan(official, intermediary=a) for _ in range(3)],
        "other": make_loan(official, intermediary=b),
    }


def report(actor, rows, name="2024-02.xlsx", header=REPORT_HEADER):
    out = io.BytesIO()
    write_report(out, rows, header)
    out.seek(0)
    return dry_run("funds.repayment_report", out, name, actor=actor)


def rows_for(loans, amount=100_000, day=DUE, prefix="R"):
    return [[loan.number, None, day, amount, f"{prefix}-{i}"] for i, loan in enumerate(loans)]


def codes(plan):
    return [(e.row, e.column, e.code) for e in plan.errors]


def live(loan):
    return loan.transactions.filter(reversed_by__isnull=True).exclude(kind="reversal")


def test_report_posts_once_and_the_city_sees_it(world):
    person, loans = world["person"], world["loans"]
    plan, record = report(person, rows_for(loans))
    assert plan.ok, codes(plan)
    assert plan.totals == {"create": 3, "change": 0, "unchanged": 0}
    commit_import(record, actor=person)
    for loan in loans:
        txn = live(loan).get()
        assert (txn.amount, txn.principal, txn.value_date) == (100_000, 100_000, DUE)
        loan.refresh_from_db()
        assert loan.status == LoanStatus.REPAYING
    # The same file again posts nothing and records no second report.
    plan, record = report(person, rows_for(loans))
    assert plan.totals == {"create": 0, "change": 0, "unchanged": 3}
    commit_import(record, actor=person)
    assert LoanTransaction.objects.filter(kind="repayment").count() == 3
    assert RepaymentReport.objects.count() == 1
    status = report_selectors.monthly_report_status(DUE, world["a"].__class__.objects.all())
    by_name = {s.intermediary: s for s in status}
    a, b = by_name["수행기관 가"], by_name["수행기관 나"]
    assert (a.arrived, a.posted_count, a.posted_amount, a.due_amount) == (True, 3, 300_000, 300_000)
    assert (b.arrived, b.posted_amount, b.due_amount, b.difference) == (False, 0, 100_000, 100_000)


def test_a_correction_is_a_reversal_and_a_new_posting(world):
    person, loan = world["person"], world["loans"][0]
    _, record = report(person, rows_for([loan]))
    commit_import(record, actor=person)
    first = live(loan).get()
    plan, record = report(person, rows_for([loan], amount=90_000), name="2024-02-정정.xlsx")
    assert plan.totals == {"create": 0, "change": 1, "unchanged": 0}
    commit_import(record, actor=person)
    reversal = LoanTransaction.objects.get(reversal_of=first)
    assert (reversal.amount, reversal.principal) == (-100_000, -100_000)
    assert "R-0" in reversal.reason
    current = live(loan).get()
    assert current.amount == 90_000
    assert ReportedRepayment.objects.get(reference="R-0").transaction == current
    report_row = RepaymentReport.objects.get(file_name="2024-02-정정.xlsx")
    assert (report_row.posted_count, report_row.corrected_count) == (0, 1)


def test_bad_rows_are_named_and_nothing_is_saved(world):
    person, loans = world["person"], world["loans"]
    rows = rows_for(loans)
    rows.append([loans[0].number, None, DUE, 100_000, "R-0"])  # the same reference twice
    rows.append([loans[1].number, None, START - dt.timedelta(days=1), 1_000, "R-early"])
    rows.append([loans[2].number, None, DUE, 5_000_000, "R-over"])
    rows.append(["SIF-0000-99999", None, DUE, 1_000, "R-unknown"])
    plan, record = report(person, rows)
    assert codes(plan) == [
        (5, "기관 참조번호", "duplicate_in_file"),
        (6, "상환일", "before_first_disbursement"),
        (7, "상환액", "ledger_refused"),
        (8, "융자번호", "unknown_loan"),
    ]
    assert record.state == "refused"
    assert LoanTransaction.objects.filter(kind="repayment").count() == 0


def test_intermediary_staff_cannot_report_another_intermediarys_loans(world):
    person, other = world["person"], world["other"]
    plan, record = report(person, rows_for([world["loans"][0], other]))
    assert codes(plan) == [(3, "융자번호", "other_intermediary")]
    with pytest.raises(Exception, match="오류 없이 검사를 마친"):
        commit_import(record, actor=person)
    assert not other.transactions.filter(kind="repayment").exists()
    # A file naming another intermediary in its 수행기관 column is refused too.
    row = [world["loans"][0].number, None, DUE, 100_000, "R-9", "수행기관 나"]
    plan, _ = report(person, [row], header=[*REPORT_HEADER, "수행기관"])
    assert codes(plan) == [(2, "수행기관", "other_intermediary")]
    with pytest.raises(PermissionDenied):
        check_reporter(person, world["b"])


def test_the_borrower_number_finds_the_loan(world, official):
    person, loan = world["person"], world["loans"][0]
    plan, _ = report(person, [[None, loan.enterprise.business_number, DUE, 100_000, "B-1"]])
    assert plan.ok, codes(plan)
    assert plan.rows[0].values["line"].loan_id == loan.pk


def test_pages_show_each_their_own(world, official, client_for, make_user):
    _, record = report(world["person"], rows_for(world["loans"][:1]))
    commit_import(record, actor=world["person"])
    url = reverse("funds:repayment_reports") + "?month=2024-02"
    page = client_for(official).get(url).content.decode()
    assert "수행기관 가" in page and "수행기관 나" in page and "미도착" in page
    page = client_for(world["person"]).get(url).content.decode()
    assert "수행기관 가" in page and "수행기관 나" not in page
    assert client_for(make_user("enterprise_member")).get(url).status_code == 403


def test_the_city_reports_for_an_intermediary(world, official):
    plan, record = report(official, rows_for(world["loans"][:2]))
    assert plan.ok, codes(plan)
    assert plan.extra["intermediary"] == "수행기관 가"
    commit_import(record, actor=official)
    assert RepaymentReport.objects.get().intermediary == world["a"]


def _commit_queries(person, loans, prefix):
    """Queries of committing next month's report for ``loans`` (repaying since this month's)."""
    plan, record = report(person, rows_for(loans, prefix=f"{prefix}-1"))
    commit_import(record, actor=person)
    plan, record = report(person, rows_for(loans, day=dt.date(2024, 3, 2), prefix=f"{prefix}-2"))
    assert plan.ok, codes(plan)
    with CaptureQueriesContext(connection) as queries:
        record = commit_import(record, actor=person)
    assert record.state == "committed"
    assert all(live(loan).count() == 2 for loan in loans)
    return len(queries.captured_queries)


def test_a_report_commits_in_a_constant_number_of_queries(world, official):
    """Ledgers and schedules are read and written in bulk: 50 rows cost what 10 rows cost."""
    person = world["person"]
    few = [make_loan(official, intermediary=world["a"]) for _ in range(10)]
    many = [make_loan(official, intermediary=world["a"]) for _ in range(50)]
    assert _commit_queries(person, few, "F") == _commit_queries(person, many, "M")


def test_a_report_replayed_in_chunks_leaves_each_loan_as_its_own_replay_would(
    world, official, monkeypatch
):
    """The bulk replay holds one chunk of loans at a time (bounded memory): over several chunks
    every loan's allocations, schedule, overdue date and status are what ``ledger.replay``
    of that loan alone gives."""
    monkeypatch.setattr(bulk_ledger, "CHUNK", 2)
    person = world["person"]
    loans = world["loans"] + [make_loan(official, intermediary=world["a"]) for _ in range(2)]
    plan, record = report(person, rows_for(loans))
    assert plan.ok, codes(plan)
    assert commit_import(record, actor=person).state == "committed"

    def state(loan):
        loan.refresh_from_db()
        allocations = live(loan).values_list("overdue_interest", "interest", "principal")
        paid = loan.instalments.order_by("number").values_list(
            "principal_paid", "interest_paid", "settled_on"
        )
        return loan.status, loan.overdue_since, list(allocations), list(paid)

    after = [state(loan) for loan in loans]
    assert all(s[0] == LoanStatus.REPAYING and s[2] == [(0, 0, 100_000)] for s in after)
    for loan in loans:
        ledger.replay(loan)
    assert [state(loan) for loan in loans] == after


def stored_ledgers():
    """What a report writes: postings (reversals too), references, reports, schedules, loans."""
    return (
        sorted(
            LoanTransaction.objects.values_list(
                "pk", "loan", "kind", "value_date", "amount", "principal", "interest", "reversal_of"
            )
        ),
        sorted(ReportedRepayment.objects.values_list("pk", "reference", "loan", "transaction")),
        sorted(RepaymentReport.objects.values_list("pk", "row_count", "posted_count", "amount")),
        sorted(
            ScheduleInstalment.objects.values_list(
                "pk", "principal_paid", "interest_paid", "settled_on"
            )
        ),
        sorted(Loan.objects.values_list("pk", "status", "overdue_since")),
    )


def test_the_same_file_twice_changes_nothing(world):
    person, loans = world["person"], world["loans"]
    rows = rows_for(loans) + rows_for(loans[:1], amount=50_000, day=DUE + dt.timedelta(days=3))
    rows[-1][4] = "R-late"
    plan, record = report(person, rows)
    assert plan.totals == {"create": 4, "change": 0, "unchanged": 0}
    assert commit_import(record, actor=person).state == "committed"
    before = stored_ledgers()
    plan, record = report(person, rows)
    assert plan.ok and plan.totals == {"create": 0, "change": 0, "unchanged": 4}
    record = commit_import(record, actor=person)
    assert record.state == "committed" and record.imported.count() == 0
    assert stored_ledgers() == before


def test_one_bad_row_among_ten_thousand_saves_nothing(world, official):
    """20 loans, 500 small repayments each on distinct references: 10,000 rows, one unknown."""
    person = world["person"]
    loans = [make_loan(official, intermediary=world["a"]) for _ in range(20)]
    rows = [
        [loans[n % 20].number, None, DUE + dt.timedelta(days=n % 28), 100, f"B-{n}"]
        for n in range(10_000)
    ]
    rows[7_321][0] = "SIF-0000-99999"
    before = stored_ledgers()
    plan, record = report(person, rows)
    assert codes(plan) == [(7_323, "융자번호", "unknown_loan")]
    assert record.rows == 10_000 and record.state == "refused"
    with pytest.raises(ValidationError, match="오류 없이 검사를 마친"):
        commit_import(record, actor=person)
    assert stored_ledgers() == before


def sheet_report(actor, rows, fmt):
    upload = sheet_file(REPORT_HEADER, rows, fmt)
    return dry_run("funds.repayment_report", upload, f"2024-02.{fmt}", actor=actor)


@pytest.mark.parametrize("fmt", ["csv", "xls"])
def test_cp949_csv_and_xls_read_as_xlsx(world, fmt):
    person, (first, second, third) = world["person"], world["loans"]
    _, record = report(person, rows_for([third]))  # posted before: the file corrects it
    commit_import(record, actor=person)
    number = second.enterprise.business_number
    rows = [
        [first.number, None, DUE, 100_000, "가-1"],
        [None, f"{number[:3]}-{number[3:5]}-{number[5:]}", "2024.2.5", "50,000원", "가-2"],
        [third.number, None, "2024-02-03", "90,000", "R-0"],
    ]
    plan, _record = sheet_report(person, rows, fmt)
    reference, _record = sheet_report(person, rows, "xlsx")
    assert plan.ok and reference.ok, codes(plan)
    expected = [(r.row, r.key, r.outcome, r.values, r.summary) for r in reference.rows]
    assert [(r.row, r.key, r.outcome, r.values, r.summary) for r in plan.rows] == expected
    assert [r.outcome for r in plan.rows] == ["create", "create", "change"]
    lines = [r.values["line"] for r in plan.rows]
    assert [(line.loan_id, line.value_date, line.amount) for line in lines] == [
        (first.pk, DUE, 100_000),
        (second.pk, dt.date(2024, 2, 5), 50_000),
        (third.pk, dt.date(2024, 2, 3), 90_000),
    ]
    assert plan.extra == reference.extra
