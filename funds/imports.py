"""The fund's imports on the import framework (docs/imports.md, docs/funds.md "Imports"):

- ``funds.loans`` — loans with their history, two sheets (대출, 거래), checked by
  ``funds.history_plan`` and written by ``funds.services.history``;
- ``funds.repayment_report`` — an intermediary's monthly repayment report, checked by
  ``funds.report_plan`` and posted by ``funds.services.repayment_reports``.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funds import access, kinds
from funds.history_plan import LOANS, TRANCHES, TRANSACTIONS, plan_history
from funds.models import Intermediary, RepaymentMethod
from funds.report_plan import plan_report, report_lines
from funds.services.history import import_loan_history
from funds.services.repayment_reports import post_repayment_report
from seoul_se.accounts.models import Role
from seoul_se.core.imports.kinds import Column, ImportKind, Plan, Rows, register
from seoul_se.core.imports.parsing import (
    parse_amount,
    parse_choice,
    parse_date,
    parse_number,
    parse_rate,
    parse_registration_number,
    parse_text,
)

KIND_CHOICES = {
    "상환": kinds.REPAYMENT,
    "중도상환": kinds.PREPAYMENT,
    "완제": kinds.PAYOFF,
    "상각": kinds.WRITE_OFF,
    "상각채권 회수": kinds.RECOVERY,
}
MODE_CHOICES = {"기간 단축": kinds.SHORTEN_TERM, "납입액 감소": kinds.LOWER_INSTALMENT}
METHOD_CHOICES = {
    "원리금균등": RepaymentMethod.EQUAL_INSTALMENT.value,
    "원금균등": RepaymentMethod.EQUAL_PRINCIPAL.value,
    "만기일시": RepaymentMethod.BULLET.value,
}


def _text(limit: int) -> Any:
    return lambda value: parse_text(value, limit)


def _months(value: Any) -> int:
    number = parse_number(value)
    if number != number.to_integral_value() or number < 0 or number > 600:
        raise ValidationError(_("개월 수는 0 이상의 정수로 입력해 주세요."), code="bad_months")
    return int(number)


def _rate(value: Any) -> Decimal:
    rate = parse_rate(value)
    if rate < 0 or rate >= 100:
        raise ValidationError(_("금리는 0에서 100 사이의 백분율이어야 합니다."), code="bad_rate")
    return rate


def _choice(choices: dict[str, str]) -> Any:
    """``parse_choice``, remembered per text typed: a million rows hold a handful of labels."""
    known: dict[str, str] = {}

    def parse(value: Any) -> str:
        code = known.get(value) if value.__class__ is str else None
        if code is None:
            code = parse_choice(value, choices)
            if value.__class__ is str and len(known) < 1_000:
                known[value] = code
        return code

    return parse


MAX_TRANSACTION = 10**15  # 1,000조 원: stored as a 64-bit integer (funds.services.history)


def _transaction_amount(value: Any) -> int:
    amount = parse_amount(value)
    if amount >= MAX_TRANSACTION:
        raise ValidationError(_("금액이 너무 큽니다."), code="amount_too_large")
    return amount


def _tranche_columns() -> tuple[Column, ...]:
    columns: list[Column] = []
    for n in range(1, TRANCHES + 1):
        columns += [
            Column(f"tranche_{n}_date", f"{n}차 지급일", parse_date, required=n == 1),
            Column(f"tranche_{n}_amount", f"{n}차 지급액", parse_amount, required=n == 1),
        ]
    return tuple(columns)


NUMBER = Column("number", "융자번호", _text(30), aliases=("대출번호", "융자 번호"))
LOAN_COLUMNS = (
    NUMBER,
    Column("intermediary", "수행기관", _text(200), aliases=("수행기관명",)),
    Column("registration_number", "사업자등록번호", parse_registration_number),
    Column("product", "상품", _text(100), help="상품 코드 또는 상품명", aliases=("융자상품",)),
    Column("amount", "융자액", parse_amount, help="승인액(원)", aliases=("대출금액", "융자금액")),
    Column("rate", "금리", _rate, help="연 금리(%)"),
    Column("term_months", "기간(개월)", _months, aliases=("기간",)),
    Column("grace_months", "거치(개월)", _months, required=False, aliases=("거치기간",)),
    Column("method", "상환방식", _choice(METHOD_CHOICES), required=False),
    *_tranche_columns(),
    Column("balance_as_of", "잔액 기준일", parse_date, required=False),
    Column("stated_balance", "기준일 잔액", parse_amount, required=False),
)
TRANSACTION_COLUMNS = (
    NUMBER,
    Column("value_date", "거래일", parse_date, aliases=("일자", "상환일")),
    Column("kind", "구분", _choice(KIND_CHOICES), help=", ".join(KIND_CHOICES)),
    Column("amount", "금액", _transaction_amount, aliases=("거래금액",)),
    Column("prepayment_mode", "중도상환 방식", _choice(MODE_CHOICES), required=False),
)
REPORT_COLUMNS = (
    Column("number", "융자번호", _text(30), required=False, aliases=("대출번호",)),
    Column("registration_number", "사업자등록번호", parse_registration_number, required=False),
    Column("intermediary", "수행기관", _text(200), required=False),
    Column("value_date", "상환일", parse_date, aliases=("거래일", "입금일")),
    Column("amount", "상환액", parse_amount, aliases=("금액", "입금액")),
    Column("reference", "기관 참조번호", _text(100), aliases=("참조번호", "거래번호")),
)


class LoanHistory(ImportKind):
    name = "funds.loans"
    label = gettext_lazy("융자 이력 (대출·거래)")
    roles = frozenset(access.HISTORY_IMPORT_ROLES)
    sheets = (LOANS, TRANSACTIONS)
    columns_by_sheet = {LOANS: LOAN_COLUMNS, TRANSACTIONS: TRANSACTION_COLUMNS}
    natural_key_doc = gettext_lazy(
        "융자번호가 같으면 같은 융자입니다. 거래는 (융자, 거래일, 구분, 금액, 같은 거래의 순번)이 "
        "같으면 같은 거래입니다."
    )
    max_rows = 1_200_000
    max_bytes = 120 * 1024 * 1024
    # 1,000,000 transactions × 5 columns (+ the loans sheet); unpacked, such a sheet is ~200 MB
    # (inline strings). The zip ratio and member checks stay as for every upload.
    max_cells = 6_000_000
    max_unpacked = 400 * 1024 * 1024
    streams_rows = True
    template_name = "융자_이력_양식.xlsx"

    def plan_sheets(
        self, rows_by_sheet: dict[str, Any], *, actor: Any, scope: dict[str, Any]
    ) -> Plan:
        return plan_history(rows_by_sheet, Plan(self.name), scope.get("dry_run"))

    def commit(self, plan: Plan, *, actor: Any, record: Any) -> None:
        planned = {row.key[0]: row for row in plan.rows if row.outcome != "unchanged"}
        loans = import_loan_history([row.values["draft"] for row in planned.values()], actor=actor)
        for loan in loans:
            row = planned[loan.number]
            record.link(loan, row.outcome, row.row)


class RepaymentReportKind(ImportKind):
    name = "funds.repayment_report"
    label = gettext_lazy("월별 상환 보고 (수행기관)")
    roles = frozenset(access.REPAYMENT_REPORT_ROLES)
    columns = REPORT_COLUMNS
    natural_key_doc = gettext_lazy(
        "수행기관의 참조번호가 같으면 같은 상환입니다. 같은 참조번호를 다른 내용으로 다시 보내면 "
        "앞의 기록을 취소(역분개)하고 새로 기록합니다."
    )
    template_name = "월별_상환_보고_양식.xlsx"

    def scope(self, actor: Any) -> dict[str, Any]:
        if actor.role != Role.INTERMEDIARY_STAFF:
            return {}
        # Intermediary staff report for their own institution only (None: they have none).
        own = Intermediary.objects.filter(staff=actor).values_list("pk", flat=True).first()
        return {"intermediary": own}

    def plan(self, rows: Rows, *, actor: Any, scope: dict[str, Any]) -> Plan:
        return plan_report(rows, Plan(self.name), scope)

    def commit(self, plan: Plan, *, actor: Any, record: Any) -> None:
        if "intermediary_id" not in plan.extra:
            return  # a file without rows: nothing to post
        intermediary = Intermediary.objects.get(pk=plan.extra["intermediary_id"])
        report = post_repayment_report(
            intermediary, report_lines(plan), actor=actor, file_name=record.file_name
        )
        if report is not None:
            record.link(report, "create")


register(LoanHistory())
register(RepaymentReportKind())
