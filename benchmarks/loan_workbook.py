"""Workbooks for the fund's imports, generated deterministically (the loan-import benchmark and
tests/funds/test_imports.py): a loan-history workbook (sheets 대출 and 거래) whose loans paid
their first instalments on the due dates of the contractual schedule (``funds.schedule``, the
engine's own), and a monthly repayment report. Written with xlsxwriter in constant-memory mode,
so a million transaction rows never sit in memory as a workbook.
"""

import contextlib
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from funds import schedule

LOAN_HEADER = [
    "융자번호", "수행기관", "사업자등록번호", "상품", "융자액", "금리", "기간(개월)", "거치(개월)",
    "상환방식", "1차 지급일", "1차 지급액", "2차 지급일", "2차 지급액", "잔액 기준일", "기준일 잔액",
]  # fmt: skip
TRANSACTION_HEADER = ["융자번호", "거래일", "구분", "금액", "중도상환 방식"]
REPORT_HEADER = ["융자번호", "사업자등록번호", "상환일", "상환액", "기관 참조번호"]


@dataclass
class LoanSpec:
    number: str
    intermediary: str
    registration_number: str
    product: str
    amount: int
    start: dt.date
    paid: int  # instalments paid in full on their due dates
    rate: str = "2"  # percent
    term: int = 60
    balance_delta: int = 0  # added to the stated balance (a sheet that disagrees)
    second_tranche: tuple[dt.date, int] | None = None
    extra: list[tuple[dt.date, str, int]] = field(default_factory=list)  # (day, 구분, amount)

    def instalments(self) -> list[schedule.Instalment]:
        return schedule.loan_schedule(
            self.amount,
            Decimal(self.rate) / 100,
            self.start,
            self.term,
            0,
            "equal_instalment",
            "monthly",
        )


def history(spec: LoanSpec) -> tuple[list[Any], list[list[Any]]]:
    """The spec's 대출 row and 거래 rows (single tranche unless ``second_tranche``)."""
    paid = spec.instalments()[: spec.paid]
    as_of = paid[-1].due_date if paid else spec.start
    balance = spec.amount - sum(i.principal for i in paid) + spec.balance_delta
    first = spec.amount - (spec.second_tranche[1] if spec.second_tranche else 0)
    second = list(spec.second_tranche) if spec.second_tranche else [None, None]
    loan = [
        spec.number, spec.intermediary, spec.registration_number, spec.product, spec.amount,
        spec.rate, spec.term, 0, "원리금균등", spec.start, first, *second, as_of, balance,
    ]  # fmt: skip
    rows = [[spec.number, i.due_date, "상환", i.total, None] for i in paid]
    rows += [[spec.number, day, kind, amount, None] for day, kind, amount in spec.extra]
    return loan, rows


def _sheet(book: Any, name: str, header: list[str], rows: Iterable[list[Any]]) -> None:
    sheet = book.add_worksheet(name)
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            elif value is not None:
                sheet.write(r, c, value)


@contextlib.contextmanager
def _book(out: str | IO[bytes]) -> Iterator[Any]:
    """A constant-memory workbook (inline strings, rows streamed to disk) at ``out``: a path,
    or a binary file the finished workbook is copied into."""
    with tempfile.TemporaryDirectory() as folder:
        path = out if isinstance(out, str) else str(Path(folder) / "book.xlsx")
        book = xlsxwriter.Workbook(path, {"constant_memory": True})
        yield book
        book.close()
        if not isinstance(out, str):
            out.write(Path(path).read_bytes())


def write_loan_workbook(out: str | IO[bytes], specs: Iterable[LoanSpec]) -> None:
    """Sheets 대출 and 거래; ``specs`` is read twice (pass a list or a re-iterable)."""
    specs = list(specs)
    with _book(out) as book:
        _sheet(book, "대출", LOAN_HEADER, (history(spec)[0] for spec in specs))
        _sheet(book, "거래", TRANSACTION_HEADER, (r for spec in specs for r in history(spec)[1]))


def write_report(
    out: str | IO[bytes], rows: Iterable[list[Any]], header: list[str] = REPORT_HEADER
) -> None:
    """A monthly repayment report: rows of 융자번호, 사업자등록번호, 상환일, 상환액, 참조번호."""
    with _book(out) as book:
        _sheet(book, "상환 보고", header, rows)


def due_rows(specs: Iterable[LoanSpec], prefix: str = "REF") -> Iterator[list[Any]]:
    """A report paying each loan's next instalment on its due date."""
    for spec in specs:
        nxt = spec.instalments()[spec.paid]
        yield [spec.number, None, nxt.due_date, nxt.total, f"{prefix}-{spec.number}"]
