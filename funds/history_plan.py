"""Checking a workbook of loans with their history (the ``funds.loans`` import's plan).

Sheet 대출 has one row per loan, sheet 거래 one row per transaction. Every loan is replayed by
the ledger engine in memory (``services.history.replay_draft``); what the engine refuses is an
error on the transaction's row. A loan that states its balance on a date must agree with the
engine to the won, else its row shows both figures and the difference. Reads only: lookups are
a few bulk queries, whatever the size of the file.

Natural keys: a loan is its 융자번호 (``Loan.number``, unique in the portal; a number already
used by another intermediary's loan is refused); a transaction is (loan, value date, kind,
amount, occurrence) — the n-th identical line of a loan is the same as the portal's n-th.
"""

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.selectors import ids_by_business_number
from funds import engine, kinds
from funds.models import Intermediary, Loan, LoanProduct
from funds.report_selectors import ReconciliationLine, reconciliation
from funds.services.history import LoanDraft, figures, replay_draft
from funds.services.loans import validate_loan_terms
from seoul_se.core.imports.kinds import Plan, PlannedRow, RowError, Rows, chunks

LOANS, TRANSACTIONS = "대출", "거래"
TITLES = {
    "number": "융자번호",
    "intermediary": "수행기관",
    "registration_number": "사업자등록번호",
    "product": "상품",
    "amount": "융자액",
    "rate": "금리",
    "term_months": "기간(개월)",
    "grace_months": "거치(개월)",
    "method": "상환방식",
    "stated_balance": "기준일 잔액",
    "value_date": "거래일",
    "kind": "구분",
}
TRANCHES = 3  # 1차–3차 지급일/지급액 columns


def _error(sheet: str, row: int, key: str, code: str, message: str) -> RowError:
    title = "금액" if (sheet, key) == (TRANSACTIONS, "amount") else TITLES.get(key, key)
    return RowError(row, f"[{sheet}] {title}", code, message)


class _Checker:
    def __init__(self, plan: Plan, today: dt.date) -> None:
        self.plan = plan
        self.today = today
        self.bad: set[str] = set()  # loan numbers with an error (their history is not replayed)

    def add(self, sheet: str, row: int, key: str, code: str, message: str) -> None:
        self.plan.errors.append(_error(sheet, row, key, code, message))


def _references(
    rows: Rows,
) -> tuple[dict[str, Intermediary], dict[str, LoanProduct], dict[str, int]]:
    intermediaries = {i.name: i for i in Intermediary.objects.all()}
    products: dict[str, LoanProduct] = {}
    for product in LoanProduct.objects.all():
        products[product.code] = products[product.name] = product
    enterprises = ids_by_business_number(v["registration_number"] for _, v in rows)
    return intermediaries, products, enterprises


def _tranches(values: dict[str, Any]) -> list[engine.Tranche]:
    return [
        engine.Tranche(values[f"tranche_{n}_date"], values[f"tranche_{n}_amount"])
        for n in range(1, TRANCHES + 1)
        if values.get(f"tranche_{n}_date") and values.get(f"tranche_{n}_amount")
    ]


def _draft(check: _Checker, row: int, v: dict[str, Any], refs: Any) -> LoanDraft | None:
    intermediaries, products, enterprises = refs
    number = v["number"]
    errors_before = len(check.plan.errors)
    intermediary = intermediaries.get(v["intermediary"])
    if intermediary is None:
        check.add(
            LOANS, row, "intermediary", "unknown_intermediary", _("등록되지 않은 수행기관입니다.")
        )
    product = products.get(v["product"])
    if product is None:
        check.add(
            LOANS,
            row,
            "product",
            "unknown_product",
            _("등록되지 않은 융자 상품입니다(코드 또는 상품명)."),
        )
    enterprise_id = enterprises.get(v["registration_number"])
    if enterprise_id is None:
        check.add(
            LOANS, row, "registration_number", "unknown_borrower",
            _("이 사업자등록번호의 기업이 포털에 등록되어 있지 않습니다."),
        )  # fmt: skip
    tranches = _tranches(v)
    if not tranches:
        check.add(
            LOANS, row, "tranche_1_date", "no_tranche", _("1차 지급일과 지급액을 입력해 주세요.")
        )
    elif sum(t.amount for t in tranches) > v["amount"]:
        check.add(
            LOANS, row, "amount", "over_approved_amount", _("지급액 합계가 융자액을 초과합니다.")
        )
    if (v.get("balance_as_of") is None) != (v.get("stated_balance") is None):
        check.add(
            LOANS, row, "stated_balance", "balance_incomplete",
            _("잔액 기준일과 기준일 잔액은 함께 입력해 주세요."),
        )  # fmt: skip
    rate = v["rate"] / Decimal(100)
    grace = v.get("grace_months") or 0
    if product is not None:
        try:
            validate_loan_terms(product, v["amount"], rate, v["term_months"], grace)
        except ValidationError as exc:
            # Its fields (amount, rate, term_months, grace_months) are this sheet's column keys.
            for field, messages in exc.message_dict.items():
                for message in messages:
                    check.add(LOANS, row, field, "loan_terms", message)
    if len(check.plan.errors) > errors_before:
        check.bad.add(number)
        return None
    assert intermediary is not None and product is not None and enterprise_id is not None
    return LoanDraft(
        number=number,
        enterprise_id=enterprise_id,
        intermediary_id=intermediary.pk,
        product=product,
        amount=v["amount"],
        rate=rate,
        term_months=v["term_months"],
        grace_months=grace,
        method=v.get("method") or product.repayment_method,
        tranches=tranches,
    )


def _attach_transactions(
    check: _Checker, rows: Iterable[tuple[int, dict[str, Any]]], drafts: dict[str, LoanDraft]
) -> None:
    """One pass over the transaction rows (read as they are parsed: only the postings stay)."""
    for row, v in rows:
        number = v["number"]
        draft = drafts.get(number)
        if draft is None:
            if number not in check.bad:
                check.add(
                    TRANSACTIONS, row, "number", "unknown_loan",
                    _("대출 시트에 없는 융자번호입니다."),
                )  # fmt: skip
            continue
        first = min(t.disbursed_on for t in draft.tranches)
        if v["value_date"] < first:
            check.add(
                TRANSACTIONS, row, "value_date", "before_first_disbursement",
                _("최초 지급일(%(first)s) 이전의 거래입니다.") % {"first": first},
            )  # fmt: skip
            check.bad.add(number)
        elif v["value_date"] > check.today:
            check.add(
                TRANSACTIONS, row, "value_date", "future_value_date", _("미래 날짜의 거래입니다.")
            )
            check.bad.add(number)
        mode = v.get("prepayment_mode") or kinds.SHORTEN_TERM
        draft.add(row, v["kind"], v["value_date"], v["amount"], mode)


def _replay(check: _Checker, loan_row: int, draft: LoanDraft) -> Any:
    try:
        result = replay_draft(draft)
    except engine.LedgerError as exc:
        check.add(TRANSACTIONS, int(exc.key or loan_row), "amount", "ledger_refused", str(exc))  # type: ignore[call-overload]
        return None
    for row, amount in draft.write_offs():
        written_off = result.allocations[row].written_off
        if written_off != amount:
            check.add(
                TRANSACTIONS, row, "amount", "write_off_amount",
                _("상각일의 잔액은 %(amount)s원입니다.") % {"amount": f"{written_off:,}"},
            )  # fmt: skip
            return None
    return result


def _existing(numbers: list[str]) -> dict[str, Loan]:
    found: dict[str, Loan] = {}
    for chunk in chunks(numbers):
        for loan in Loan.objects.filter(number__in=chunk).prefetch_related("disbursements"):
            found[loan.number] = loan
    return found


def _compare(check: _Checker, row: int, draft: LoanDraft, loan: Loan) -> str:
    """'unchanged' or 'change' (new transactions only); an error when the terms differ."""
    same = (
        loan.intermediary_id == draft.intermediary_id
        and loan.enterprise_id == draft.enterprise_id
        and loan.product_id == draft.product.pk
        and loan.approved_amount == draft.amount
        and Decimal(loan.rate) == draft.rate
        and (loan.term_months, loan.grace_months, loan.repayment_method)
        == (draft.term_months, draft.grace_months, draft.method)
        and sorted((d.disbursed_on, d.amount) for d in loan.disbursements.all())
        == sorted((t.disbursed_on, t.amount) for t in draft.tranches)
    )
    if not same:
        check.add(
            LOANS, row, "number", "loan_differs",
            _("이미 등록된 융자이며 시트의 조건(기관·차주·상품·금액·금리·기간·지급)과 다릅니다."),
        )  # fmt: skip
        return ""
    portal = Counter(
        loan.transactions.filter(reversed_by__isnull=True)
        .exclude(kind=kinds.REVERSAL)
        .values_list("value_date", "kind", "amount")
    )
    postings = draft.postings
    sheet = Counter((p.value_date, p.kind, p.amount) for p in postings)
    if portal - sheet:
        check.add(
            LOANS, row, "number", "missing_transactions",
            _("포털에 기록된 거래 %(n)s건이 시트에 없습니다. 포털 거래는 취소(역분개)로만 정정합니다.")
            % {"n": sum((portal - sheet).values())},
        )  # fmt: skip
        return ""
    extra = sheet - portal
    for posting in postings:
        line = (posting.value_date, posting.kind, posting.amount)
        if extra[line] > 0:
            extra[line] -= 1
            draft.new_postings.append(posting)
    draft.existing = loan
    return "change" if draft.new_postings else "unchanged"


def _engine_inputs(drafts: Iterable[LoanDraft]) -> str:
    """A digest of what the engine replay reads besides the sheet: the products' terms."""
    products = {d.product.pk: d.product for d in drafts}
    terms = sorted(
        (p.pk, p.frequency, str(p.overdue_margin), p.repayment_method) for p in products.values()
    )
    return hashlib.sha256(repr(terms).encode()).hexdigest()


def plan_history(
    rows_by_sheet: dict[str, Iterable[tuple[int, dict[str, Any]]]],
    plan: Plan,
    dry_run: dict[str, Any] | None = None,
) -> Plan:
    """Fill ``plan`` (rows per loan, errors, ``extra["reconciliation"]``) from both sheets (each
    an iterable of parsed rows, read once).

    ``dry_run``: the extra of the clean dry run of the same file (the commit's re-plan). A loan's
    replay depends only on the sheet (the same file: its SHA-256 is verified) and its product's
    terms; when those are unchanged the dry run's replay stands, and the commit replays each loan
    once, when writing it. Everything read from the database otherwise (references, existing
    loans and their transactions) is checked again."""
    check = _Checker(plan, timezone.localdate())
    loan_rows: Rows = list(rows_by_sheet.get(LOANS, []))
    seen: dict[str, int] = {}
    refs = _references(loan_rows)
    drafts: dict[str, LoanDraft] = {}
    rows_of: dict[str, tuple[int, dict[str, Any]]] = {}
    for row, v in loan_rows:
        if v["number"] in seen:
            check.add(
                LOANS, row, "number", "duplicate_in_file",
                _("파일 안에서 중복된 융자번호입니다(%(row)s행과 같음).") % {"row": seen[v["number"]]},
            )  # fmt: skip
            check.bad.add(v["number"])
            continue
        seen[v["number"]] = row
        draft = _draft(check, row, v, refs)
        if draft is not None:
            drafts[v["number"]] = draft
            rows_of[v["number"]] = (row, v)
    _attach_transactions(check, rows_by_sheet.get(TRANSACTIONS, []), drafts)
    existing = _existing(list(drafts))
    inputs = _engine_inputs(drafts.values())
    plan.extra["engine_inputs"] = inputs
    replayed = not (dry_run and dry_run.get("engine_inputs") == inputs)
    lines: list[ReconciliationLine] = []
    names = {i.pk: i.name for i in refs[0].values()}
    for number, draft in drafts.items():
        row, v = rows_of[number]
        if number in check.bad:
            continue
        outcome = "create"
        if number in existing:
            outcome = _compare(check, row, draft, existing[number])
            if not outcome:
                continue
        if not replayed:
            plan.rows.append(
                PlannedRow(
                    row, (number,), outcome, {"draft": draft},
                    _("%(number)s %(amount)s원, 거래 %(n)s건")
                    % {"number": number, "amount": f"{draft.amount:,}", "n": draft.count},
                )
            )  # fmt: skip
            continue
        result = _replay(check, row, draft)
        if result is None:
            continue
        total = figures(draft, result)
        stated = v.get("stated_balance")
        portal = (
            figures(draft, result, v["balance_as_of"]).outstanding if stated is not None else None
        )
        if stated is not None and stated != portal:
            check.add(
                LOANS, row, "stated_balance", "balance_mismatch",
                _("%(day)s 잔액: 시트 %(sheet)s원, 포털 계산 %(portal)s원 (차이 %(diff)s원)")
                % {"day": v["balance_as_of"], "sheet": f"{stated:,}", "portal": f"{portal:,}",
                   "diff": f"{stated - portal:+,}"},
            )  # fmt: skip
        lines.append(
            ReconciliationLine(names[draft.intermediary_id], number, total, stated, portal)
        )
        plan.rows.append(
            PlannedRow(
                row, (number,), outcome, {"draft": draft},
                _("%(number)s %(amount)s원, 거래 %(n)s건, 잔액 %(left)s원")
                % {"number": number, "amount": f"{draft.amount:,}", "n": draft.count,
                   "left": f"{total.outstanding:,}"},
            )
        )  # fmt: skip
    if replayed:
        plan.extra["reconciliation"] = [r.as_dict() for r in reconciliation(lines)]
    else:
        plan.extra["reconciliation"] = (dry_run or {}).get("reconciliation", [])
    return plan
