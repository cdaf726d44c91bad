"""Checking a monthly repayment report (the ``funds.repayment_report`` import's plan).

A row names the loan by 융자번호 or by the borrower's 사업자등록번호 (when the borrower has one
loan with the intermediary), the value date, the amount and the intermediary's own reference.
Natural key: (intermediary, reference). A reference posted before with the same loan, date and
amount is unchanged; with another one it is a correction (reversal + new posting). Every loan
touched is replayed by the engine with its live postings, the corrected ones left out and the
new ones in, so a report paying more than is owed is refused on its row. Reads only.
"""

from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.selectors import ids_by_business_number
from funds import engine, kinds
from funds.models import Intermediary, Loan, ReportedRepayment
from funds.report_selectors import ledgers
from funds.services.repayment_reports import ReportLine
from funds.workflow import PAYABLE
from seoul_se.core.imports.kinds import Plan, PlannedRow, RowError, Rows, chunks

TITLES = {
    "number": "융자번호",
    "registration_number": "사업자등록번호",
    "intermediary": "수행기관",
    "value_date": "상환일",
    "amount": "상환액",
    "reference": "기관 참조번호",
}


class _Report:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.bad_rows: set[int] = set()

    def add(self, row: int, key: str, code: str, message: str) -> None:
        self.plan.errors.append(RowError(row, TITLES[key], code, message))
        self.bad_rows.add(row)


def _loans_by_number(rows: Rows) -> dict[str, Loan]:
    numbers = [v["number"] for _, v in rows if v.get("number")]
    found: dict[str, Loan] = {}
    for chunk in chunks(numbers):
        found.update(
            (loan.number, loan)
            for loan in Loan.objects.filter(number__in=chunk).select_related("intermediary")
        )
    return found


def _loans_by_borrower(rows: Rows) -> dict[str, list[Loan]]:
    """{사업자등록번호: the borrower's loans} for rows naming the borrower instead of the loan."""
    numbers = {
        v["registration_number"]
        for _, v in rows
        if v.get("registration_number") and not v.get("number")
    }
    enterprise_ids = ids_by_business_number(numbers)
    loans: dict[int, list[Loan]] = defaultdict(list)
    for chunk in chunks(list(enterprise_ids.values())):
        for loan in Loan.objects.filter(enterprise_id__in=chunk).select_related("intermediary"):
            loans[loan.enterprise_id].append(loan)
    return {number: loans.get(eid, []) for number, eid in enterprise_ids.items()}


def _resolve(
    report: _Report,
    row: int,
    v: dict[str, Any],
    by_number: dict[str, Loan],
    by_borrower: dict[str, list[Loan]],
    intermediary: Intermediary | None,
) -> Loan | None:
    if v.get("number"):
        loan = by_number.get(v["number"])
        if loan is None:
            report.add(row, "number", "unknown_loan", _("등록되지 않은 융자번호입니다."))
        return loan
    if not v.get("registration_number"):
        report.add(
            row, "number", "loan_required", _("융자번호 또는 차주 사업자등록번호를 입력해 주세요.")
        )
        return None
    candidates = by_borrower.get(v["registration_number"], [])
    if intermediary is not None:
        candidates = [loan for loan in candidates if loan.intermediary_id == intermediary.pk]
    if len(candidates) != 1:
        report.add(
            row,
            "registration_number",
            "ambiguous_borrower" if candidates else "unknown_loan",
            _("이 차주의 융자가 여러 건입니다. 융자번호를 입력해 주세요.")
            if candidates
            else _("이 차주의 융자가 없습니다."),
        )
        return None
    return candidates[0]


def _check_row(
    report: _Report, row: int, v: dict[str, Any], loan: Loan, intermediary: Intermediary
) -> None:
    if loan.intermediary_id != intermediary.pk:
        report.add(
            row,
            "number",
            "other_intermediary",
            _("%(name)s의 융자입니다. 이 보고(%(own)s)에는 넣을 수 없습니다.")
            % {"name": loan.intermediary.name, "own": intermediary.name},
        )
    elif v.get("intermediary") and v["intermediary"] != intermediary.name:
        report.add(
            row,
            "intermediary",
            "other_intermediary",
            _("다른 수행기관(%(name)s)의 보고입니다.") % {"name": v["intermediary"]},
        )
    elif loan.status not in PAYABLE:
        report.add(
            row,
            "number",
            "not_payable",
            _("'%(status)s' 상태의 융자에는 상환을 기록할 수 없습니다.")
            % {"status": loan.get_status_display()},
        )
    elif v["value_date"] > timezone.localdate():
        report.add(row, "value_date", "future_value_date", _("미래 날짜의 상환입니다."))
    elif v["amount"] <= 0:
        report.add(row, "amount", "amount_not_positive", _("상환액은 0원보다 커야 합니다."))


def _intermediary(report: _Report, rows: Rows, scope: dict[str, Any], loans: list[Any]) -> Any:
    """The report's intermediary: the uploader's own (intermediary staff), else the one the
    first row names or whose loan it is."""
    if "intermediary" in scope:
        return Intermediary.objects.filter(pk=scope["intermediary"]).first()
    names = [v.get("intermediary") for _, v in rows if v.get("intermediary")]
    if names:
        found = Intermediary.objects.filter(name=names[0]).first()
        if found is None:
            report.add(
                rows[0][0],
                "intermediary",
                "unknown_intermediary",
                _("등록되지 않은 수행기관입니다."),
            )
        return found
    return next((loan.intermediary for loan in loans if loan is not None), None)


def _replay(report: _Report, planned: list[tuple[int, ReportLine]], previous_pks: set[int]) -> None:
    """Replay every loan touched with its live postings, corrected ones out, new ones in."""
    by_loan: dict[int, list[tuple[int, ReportLine]]] = defaultdict(list)
    for row, line in planned:
        by_loan[line.loan_id].append((row, line))
    for prev in (line.previous for _row, line in planned if line.previous is not None):
        by_loan.setdefault(prev.loan_id, [])
    for loan_id, ledger in ledgers(by_loan).items():
        postings = [p for p in ledger.postings if p.key not in previous_pks]
        postings += [
            engine.Posting(("row", row), kinds.REPAYMENT, line.value_date, line.amount)
            for row, line in by_loan[loan_id]
        ]
        # Portal postings first on a day (posted earlier), then the file's in row order.
        postings.sort(key=lambda p: (p.value_date, isinstance(p.key, tuple), p.key))  # type: ignore[arg-type]
        if not ledger.tranches:
            continue
        first = min(t.disbursed_on for t in ledger.tranches)
        early = [row for row, line in by_loan[loan_id] if line.value_date < first]
        for row in early:
            report.add(
                row, "value_date", "before_first_disbursement",
                _("최초 지급일(%(first)s) 이전의 상환입니다.") % {"first": first},
            )  # fmt: skip
        if early:
            continue
        try:
            engine.replay(ledger.terms, ledger.tranches, postings)
        except engine.LedgerError as exc:
            # A portal posting refused after the file's: blame the file's first row of the loan.
            key = exc.key
            rows = [r for r, _line in by_loan[loan_id]]
            row = key[1] if isinstance(key, tuple) else min(rows, default=0)
            report.add(row, "amount", "ledger_refused", str(exc))


def plan_report(rows: Rows, plan: Plan, scope: dict[str, Any]) -> Plan:
    report = _Report(plan)
    seen: dict[str, int] = {}
    kept: Rows = []
    for row, v in rows:
        if v["reference"] in seen:
            report.add(
                row, "reference", "duplicate_in_file",
                _("파일 안에서 중복된 참조번호입니다(%(row)s행과 같음).") % {"row": seen[v["reference"]]},
            )  # fmt: skip
        else:
            seen[v["reference"]] = row
            kept.append((row, v))
    by_number, by_borrower = _loans_by_number(kept), _loans_by_borrower(kept)
    first_loans = [by_number.get(v.get("number") or "") for _, v in kept[:1]]
    intermediary = _intermediary(report, kept, scope, first_loans)
    if intermediary is None:
        # Staff of no intermediary, or a city upload whose first row names neither.
        for row, _v in kept[:1]:
            report.add(
                row, "intermediary", "no_intermediary", _("보고할 수행기관을 알 수 없습니다.")
            )
        return plan
    plan.extra.update({"intermediary_id": intermediary.pk, "intermediary": intermediary.name})
    previous = {
        r.reference: r
        for chunk in chunks(list(seen))
        for r in ReportedRepayment.objects.filter(
            intermediary=intermediary, reference__in=chunk
        ).select_related("transaction")
    }
    planned: list[tuple[int, ReportLine]] = []
    for row, v in kept:
        loan = _resolve(report, row, v, by_number, by_borrower, intermediary)
        if loan is None:
            continue
        before = report.bad_rows.copy()
        prev = previous.get(v["reference"])
        txn = prev.transaction if prev else None
        if txn and (txn.loan_id, txn.value_date, txn.amount) == (
            loan.pk,
            v["value_date"],
            v["amount"],
        ):
            plan.rows.append(_planned(row, intermediary, v, loan, None, "unchanged"))
            continue
        _check_row(report, row, v, loan, intermediary)
        if row in report.bad_rows - before:
            continue
        line = ReportLine(row, v["reference"], loan.pk, v["value_date"], v["amount"], prev)
        planned.append((row, line))
        plan.rows.append(_planned(row, intermediary, v, loan, line, "change" if prev else "create"))
    _replay(
        report, planned, {prev.transaction_id for _row, line in planned if (prev := line.previous)}
    )
    dates = [v["value_date"] for _, v in kept]
    if dates:
        plan.extra["month"] = max(dates).strftime("%Y-%m")
    plan.extra["amount"] = sum(v["amount"] for _, v in kept)
    return plan


def _planned(
    row: int,
    intermediary: Intermediary,
    v: dict[str, Any],
    loan: Loan,
    line: ReportLine | None,
    outcome: str,
) -> PlannedRow:
    return PlannedRow(
        row,
        (intermediary.pk, v["reference"]),
        outcome,
        {"line": line},
        _("%(reference)s: %(number)s %(day)s %(amount)s원")
        % {
            "reference": v["reference"],
            "number": loan.number,
            "day": v["value_date"],
            "amount": f"{v['amount']:,}",
        },
    )


def report_lines(plan: Plan) -> list[ReportLine]:
    """The new and corrected lines of a checked plan, for the service."""
    return [row.values["line"] for row in plan.rows if row.values.get("line") is not None]
