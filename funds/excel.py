"""Loan ledger workbook: one sheet of loans with balances, one of ledger entries."""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from funds import selectors
from funds.models import Loan, LoanTransaction
from seoul_se.core.excel import Book, workbook_response


def ledger_workbook(loans: QuerySet[Loan]) -> Book:
    today = timezone.localdate()
    workbook = Book()
    sheet = workbook.sheet("융자")
    sheet.append(
        [
            "융자번호",
            "기업",
            "수행기관",
            "상품",
            "상태",
            "승인액",
            "지급액",
            "회수원금",
            "상각",
            "채권잔액",
            "수입이자",
        ]
    )
    rows = {row.key: row for row in selectors.balances(today, "loan", loans)}
    for loan in loans.select_related("enterprise", "intermediary", "product").order_by("number"):
        row = rows.get(loan.pk, selectors.BalanceRow(loan.pk, loan.number))
        sheet.append(
            [
                loan.number,
                loan.enterprise.name,
                loan.intermediary.name,
                loan.product.name,
                loan.get_status_display(),
                loan.approved_amount or 0,
                row.lent,
                row.recovered,
                row.written_off,
                row.outstanding,
                row.interest_received,
            ]
        )
    ledger = workbook.sheet("거래원장")
    ledger.append(
        [
            "융자번호",
            "거래일",
            "구분",
            "금액",
            "연체이자",
            "이자",
            "원금",
            "상각",
            "취소 대상",
            "사유",
            "기록 일시",
        ]
    )
    transactions = (
        LoanTransaction.objects.filter(loan__in=loans)
        .select_related("loan")
        .order_by("loan__number", "value_date", "pk")
    )
    for txn in transactions.iterator(chunk_size=2000):
        ledger.append(
            [
                txn.loan.number,
                txn.value_date,
                txn.get_kind_display(),
                txn.amount,
                txn.overdue_interest,
                txn.interest,
                txn.principal,
                txn.written_off,
                txn.reversal_of_id or "",
                txn.reason,
                timezone.localtime(txn.posted_at).replace(tzinfo=None),
            ]
        )
    return workbook


def ledger_response(loans: QuerySet[Loan]) -> HttpResponse:
    return workbook_response(ledger_workbook(loans), "사회투자기금_융자원장.xlsx")
