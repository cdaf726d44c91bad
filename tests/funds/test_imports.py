"""The fund's imports (issue 14): loans with their history, and the reconciliation."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import xlwt
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from benchmarks.loan_workbook import (
    LOAN_HEADER,
    TRANSACTION_HEADER,
    LoanSpec,
    history,
    write_loan_workbook,
)
from funds import selectors, services
from funds.models import Loan, LoanStatus, LoanTransaction, ScheduleInstalment
from seoul_se.core.imports import commit_import, dry_run
from seoul_se.core.models import ImportRecord
from tests.factories import EnterpriseFactory
from tests.funds.factories import IntermediaryFactory, ProductFactory

pytestmark = pytest.mark.django_db
START = dt.date(2021, 3, 2)


@pytest.fixture
def world():
    ProductFactory(
        code="se", rate=Decimal("0.03"), cap=200_000_000, term_months=60, grace_months=12
    )
    return {
        "a": IntermediaryFactory(name="수행기관 가"),
        "b": IntermediaryFactory(name="수행기관 나"),
        "borrowers": [EnterpriseFactory().business_number for _ in range(3)],
    }


def spec(world, n, *, who="a", paid=6, **kwargs):
    return LoanSpec(
        number=f"H-{n:05d}",
        intermediary=world[who].name,
        registration_number=world["borrowers"][n % 3],
        product="se",
        amount=12_000_000 + n * 100_000,
        start=START + dt.timedelta(days=n % 20),
        paid=paid,
        **kwargs,
    )


def upload(specs):
    out = io.BytesIO()
    write_loan_workbook(out, specs)
    out.seek(0)
    return out


def check(actor, specs, name="history.xlsx"):
    return dry_run("funds.loans", upload(specs), name, actor=actor)


def codes(plan):
    return [(e.row, e.column, e.code) for e in plan.errors]


def snapshot():
    return (
        sorted(
            LoanTransaction.objects.values_list(
                "loan__number", "value_date", "amount", "interest", "principal", "overdue_interest"
            )
        ),
        sorted(
            ScheduleInstalment.objects.values_list(
                "loan__number", "number", "principal", "interest", "principal_paid", "settled_on"
            )
        ),
        # The stored overdue date the home queue counts (``services.refresh_overdue``).
        sorted(Loan.objects.values_list("number", "overdue_since")),
    )


def test_valid_history_imports_exactly_and_twice_changes_nothing(official, world):
    specs = [spec(world, 1), spec(world, 2, who="b", paid=12), spec(world, 3, paid=0)]
    specs.append(spec(world, 4, second_tranche=(START + dt.timedelta(days=40), 2_000_000)))
    plan, record = check(official, specs)
    assert plan.ok, codes(plan)
    assert plan.totals == {"create": 4, "change": 0, "unchanged": 0}
    record = commit_import(record, actor=official)
    assert record.state == "committed"
    assert Loan.objects.count() == 4
    assert LoanTransaction.objects.count() == 6 + 12 + 0 + 6
    for s in specs:
        loan = Loan.objects.get(number=s.number)
        row, _ = history(s)
        balance = selectors.loan_balance(loan, row[-2])
        assert balance.outstanding == row[-1]
        assert loan.intermediary.name == s.intermediary
    assert Loan.objects.get(number="H-00003").status == LoanStatus.DISBURSED
    assert Loan.objects.get(number="H-00001").status == LoanStatus.REPAYING
    # Nothing repaid since 2021: overdue from its first instalment.
    first_due = ScheduleInstalment.objects.filter(loan__number="H-00003").order_by("number")[0]
    assert Loan.objects.get(number="H-00003").overdue_since == first_due.due_date
    # The ledger's own replay of every imported loan changes nothing: the import is exact.
    before = snapshot()
    for loan in Loan.objects.all():
        services.replay(loan)
    assert snapshot() == before
    reconciliation = {r["intermediary"]: r for r in plan.extra["reconciliation"]}
    assert reconciliation["수행기관 가"]["loans"] == 3
    assert reconciliation["수행기관 나"]["difference"] == 0
    # The same file again: every loan unchanged, nothing written.
    plan, record = check(official, specs)
    assert plan.totals == {"create": 0, "change": 0, "unchanged": 4}
    commit_import(record, actor=official)
    assert snapshot() == before


def test_new_transactions_of_a_known_loan_are_added(official, world):
    first = spec(world, 1, paid=3)
    _, record = check(official, [first])
    commit_import(record, actor=official)
    first.paid = 5
    plan, record = check(official, [first])
    assert plan.totals["change"] == 1
    commit_import(record, actor=official)
    assert Loan.objects.get(number=first.number).transactions.count() == 5


def test_reconciliation_catches_one_won(official, world):
    plan, record = check(official, [spec(world, 1), spec(world, 2, balance_delta=1)])
    assert codes(plan) == [(3, "[대출] 기준일 잔액", "balance_mismatch")]
    assert "(차이 +1원)" in plan.errors[0].message
    row = plan.extra["reconciliation"][0]
    assert (row["mismatched"], row["difference"]) == (["H-00002"], 1)
    assert record.state == "refused"


def test_one_bad_row_among_ten_thousand_saves_nothing(official, world):
    specs = [spec(world, n, paid=50) for n in range(200)]
    overpaid = specs[150]
    overpaid.extra = [(overpaid.instalments()[50].due_date, "상환", 50_000_000)]
    plan, record = check(official, specs)
    # Sheet 거래: header, then 50 rows per loan; the extra row follows loan 150's 50 rows.
    assert codes(plan) == [(151 * 50 + 2, "[거래] 금액", "ledger_refused")]
    assert "초과" in plan.errors[0].message
    assert record.rows == 200 + 10_001
    with pytest.raises(Exception, match="오류 없이 검사를 마친"):
        commit_import(record, actor=official)
    assert Loan.objects.count() == LoanTransaction.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"registration_number": "1234567890"}, (2, "[대출] 사업자등록번호", "bad_registration_number")),
        ({"intermediary": "없는 기관"}, (2, "[대출] 수행기관", "unknown_intermediary")),
        ({"product": "없는 상품"}, (2, "[대출] 상품", "unknown_product")),
        ({"extra": [(START - dt.timedelta(days=3), "상환", 10_000)]}, (2, "[거래] 거래일", "before_first_disbursement")),
        ({"extra": [(dt.date(2021, 12, 1), "상환", 90_000_000)]}, (2, "[거래] 금액", "ledger_refused")),
    ],
)  # fmt: skip
def test_bad_input_is_a_row_error(official, world, change, expected):
    bad = spec(world, 1, paid=0)
    for name, value in change.items():
        setattr(bad, name, value)
    plan, _ = check(official, [bad])
    assert codes(plan) == [expected]
    assert plan.errors[0].message


def test_duplicate_loan_number_and_unknown_loan(official, world):
    plan, _ = check(official, [spec(world, 1, paid=1), spec(world, 1, paid=0)])
    assert (3, "[대출] 융자번호", "duplicate_in_file") in codes(plan)


def test_only_the_city_imports_history(make_user, world):
    staff = make_user("intermediary_staff")
    with pytest.raises(Exception, match="권한"):
        check(staff, [spec(world, 1)])


def _counting_replays(monkeypatch):
    """Count engine replays of drafts: in the plan and when writing."""
    from funds import history_plan
    from funds.services import history as writer

    calls = []
    original = writer.replay_draft

    def counted(draft):  # type: ignore[no-untyped-def]
        calls.append(draft.number)
        return original(draft)

    monkeypatch.setattr(history_plan, "replay_draft", counted)
    monkeypatch.setattr(writer, "replay_draft", counted, raising=True)
    return calls


def test_the_commit_replays_each_loan_once_when_its_products_are_unchanged(
    official, world, monkeypatch
):
    specs = [spec(world, 1), spec(world, 2)]
    plan, record = check(official, specs)
    assert plan.ok, codes(plan)
    calls = _counting_replays(monkeypatch)
    record = commit_import(record, actor=official)
    assert record.state == "committed"
    assert sorted(calls) == ["H-00001", "H-00002"]  # written, not re-checked
    assert record.report["extra"]["reconciliation"] == plan.extra["reconciliation"]


def test_a_product_changed_after_the_check_is_replayed_again(official, world, monkeypatch):
    from funds.models import LoanProduct

    plan, record = check(official, [spec(world, 1)])
    assert plan.ok, codes(plan)
    LoanProduct.objects.filter(code="se").update(overdue_margin=Decimal("0.05"))
    calls = _counting_replays(monkeypatch)
    record = commit_import(record, actor=official)
    assert record.state == "committed"
    assert calls == ["H-00001", "H-00001"]  # checked against the new terms, then written


def test_status_changes_are_written_in_order_by_the_actor(official, world):
    _, record = check(official, [spec(world, 1)])
    commit_import(record, actor=official)
    loan = Loan.objects.get(number="H-00001")
    moves = list(
        loan.transitions.order_by("created_at", "pk").values_list("from_status", "to_status")
    )
    assert moves == [
        ("", LoanStatus.APPLIED),
        (LoanStatus.APPLIED, LoanStatus.APPROVED),
        (LoanStatus.APPROVED, LoanStatus.CONTRACTED),
        (LoanStatus.CONTRACTED, LoanStatus.DISBURSED),
        (LoanStatus.DISBURSED, LoanStatus.REPAYING),
    ]
    assert set(loan.transitions.values_list("actor", "comment")) == {
        (official.pk, "융자 이력 가져오기")
    }
    assert list(loan.disbursements.values_list("amount", "created_by")) == [
        (loan.approved_amount, official.pk)
    ]


def test_an_amount_beyond_the_ledger_is_a_cell_error(official, world):
    bad = spec(world, 1, paid=0, extra=[(START + dt.timedelta(days=40), "상환", 10**15)])
    plan, _ = check(official, [bad])
    assert codes(plan) == [(2, "[거래] 금액", "amount_too_large")]


def loan_xls(specs):
    """The workbook ``write_loan_workbook`` writes, as an .xls (BIFF8) written by xlwt."""
    book = xlwt.Workbook()
    dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    loans = [history(s)[0] for s in specs]
    transactions = [row for s in specs for row in history(s)[1]]
    for name, header, rows in (
        ("대출", LOAN_HEADER, loans),
        ("거래", TRANSACTION_HEADER, transactions),
    ):
        sheet = book.add_sheet(name)
        for r, values in enumerate([header, *rows]):
            for c, value in enumerate(values):
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, dates)
                elif value is not None:
                    sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_xls_reads_as_xlsx(official, world):
    specs = [spec(world, 1), spec(world, 2, who="b", paid=12), spec(world, 3, paid=0)]
    specs.append(spec(world, 4, second_tranche=(START + dt.timedelta(days=40), 2_000_000)))
    plan, record = dry_run("funds.loans", loan_xls(specs), "history.xls", actor=official)
    reference, _record = check(official, specs)
    assert plan.ok and reference.ok, codes(plan)
    expected = [(r.row, r.key, r.outcome, r.values, r.summary) for r in reference.rows]
    assert [(r.row, r.key, r.outcome, r.values, r.summary) for r in plan.rows] == expected
    assert [r.values["draft"].count for r in plan.rows] == [6, 12, 0, 6]
    assert plan.extra["reconciliation"] == reference.extra["reconciliation"]
    assert commit_import(record, actor=official).state == "committed"
    assert LoanTransaction.objects.count() == 6 + 12 + 0 + 6
    for s in specs:
        row, _ = history(s)
        assert (
            selectors.loan_balance(Loan.objects.get(number=s.number), row[-2]).outstanding
            == row[-1]
        )


def test_a_csv_cannot_carry_the_two_sheets_and_is_refused_in_korean(official, world, client):
    loan, _rows = history(spec(world, 1))
    text = io.StringIO()
    csv.writer(text).writerows([LOAN_HEADER, loan])
    data = text.getvalue().encode("cp949")
    with pytest.raises(ValidationError) as refused:
        dry_run("funds.loans", io.BytesIO(data), "history.csv", actor=official)
    assert refused.value.code == "csv_single_sheet"
    assert "'대출', '거래' 시트" in refused.value.message
    assert "엑셀 파일(.xlsx, .xls)로만" in refused.value.message
    client.force_login(official)
    form = client.get(reverse("imports:upload", args=["funds.loans"])).content.decode()
    assert "엑셀(.xlsx, .xls)" in form and "CSV(.csv" not in form  # the page says so first
    page = client.post(
        reverse("imports:upload", args=["funds.loans"]),
        {"file": SimpleUploadedFile("history.csv", data, content_type="text/csv")},
    )
    assert page.status_code == 400
    assert "CSV 파일에는 시트가 하나뿐입니다" in page.content.decode()
    assert not ImportRecord.objects.exists() and not Loan.objects.exists()
