"""Import kinds ``reports.budget`` (관/항/목 budget lines with their amounts) and
``reports.expenditures`` (the expenditure ledger with evidence references) from the sheets that
보탬e / e나라도움 and the centre's accounting export give; the settlement then computes from them.
Both commit in bulk (``budget_services.save_budget_lines``, ``services.record_expenditures``:
the one-line services' rules, a bounded number of queries).

Natural keys: a budget line is (회계연도, 예산 주체, 구분, 관, 항, 목); an expenditure is
(회계연도 of 집행일자, 예산 주체, 증빙번호, 예산과목) — one evidence may be split over several
lines (a tax invoice charged partly to two 목), but not twice to the same line. The 예산 주체 is
the centre's operation when 사업유형 is empty, else that year's program of the type.
"""

from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs import selectors as program_selectors
from programs.imports import PROGRAM_TYPE_NAMES, parse_year, text
from reports import budget_services, services
from reports.models import Expenditure, LineKind
from reports.selectors.imports import LedgerIndex, ledger_index
from seoul_se.access import STAFF_ROLES
from seoul_se.core.imports.kinds import (
    Column,
    ImportKind,
    Plan,
    PlannedRow,
    RowError,
    Rows,
    duplicate_errors,
    register,
)
from seoul_se.core.imports.parsing import parse_amount, parse_choice, parse_date

LINE_KINDS = {"세입": LineKind.REVENUE, "세출": LineKind.EXPENDITURE}
EVIDENCE_NAMES = {
    **{str(label): code for code, label in Expenditure.Evidence.choices},
    "세금계산서": Expenditure.Evidence.TAX_INVOICE,
    "카드": Expenditure.Evidence.CARD,
    "신용카드": Expenditure.Evidence.CARD,
    "보조금카드": Expenditure.Evidence.CARD,
    "급여": Expenditure.Evidence.PAYROLL,
    "계좌이체": Expenditure.Evidence.TRANSFER,
    "기타": Expenditure.Evidence.OTHER,
}
PATH_SEPARATORS = ("/", ">")
AMOUNT_KEYS = ("budgeted", "national", "city", "carried_in", "carried_out")

OWNER_COLUMN = Column(
    "program_type",
    "사업유형",
    lambda value: parse_choice(value, PROGRAM_TYPE_NAMES),
    required=False,
    help="비우면 지원센터 운영 예산, 적으면 그 연도의 해당 지원사업 예산",
    aliases=("사업구분", "예산주체"),
)
EVIDENCE_COLUMN = Column(
    "evidence_reference",
    "증빙번호",
    text(200),
    aliases=("증빙서류번호", "승인번호", "전표번호", "집행번호"),
)
LINE_COLUMNS = (
    Column("chapter", "관", text(200), aliases=("관명",)),
    Column("section", "항", text(200), required=False, aliases=("항명", "비목")),
    Column("item", "목", text(200), required=False, aliases=("목명", "세목", "편성목")),
)


def _path(values: dict[str, Any]) -> tuple[str, ...] | None:
    """관, 항, 목 names down to the last one given; None when a level is skipped."""
    names = [values.get("chapter") or "", values.get("section") or "", values.get("item") or ""]
    while names and not names[-1]:
        names.pop()
    return tuple(names) if names and all(names) else None


class Owners:
    """Owner keys of the rows: "centre", or "program:<id>" of (year, type) when recorded."""

    def __init__(self, rows: Rows, year: str) -> None:
        self.programs = program_selectors.programs_by_year_and_type(
            {values[year].year if year == "date" else values[year] for _row, values in rows}
        )

    def key(self, fiscal_year: int, program_type: str | None) -> str | None:
        if not program_type:
            return "centre"
        program = self.programs.get((fiscal_year, program_type))
        return f"program:{program.pk}" if program else None


def _owner_error(row: int) -> RowError:
    return RowError(
        row,
        OWNER_COLUMN.title,
        "unknown_program",
        _("이 연도의 해당 유형 지원사업이 없습니다. 지원사업을 먼저 등록해 주세요."),
    )


def _closed_error(row: int, year: int) -> RowError:
    return RowError(
        row,
        "",
        "year_closed",
        _("%(year)s년 정산이 확정되어 바꿀 수 없습니다.") % {"year": year},
    )


class BudgetLines(ImportKind):
    name = "reports.budget"
    label = gettext_lazy("예산 (관·항·목)")
    roles = frozenset(STAFF_ROLES)
    columns = (
        Column("fiscal_year", "회계연도", parse_year, aliases=("연도", "예산연도")),
        OWNER_COLUMN,
        Column(
            "kind",
            "구분",
            lambda value: parse_choice(value, LINE_KINDS),
            required=False,
            help="세입 또는 세출 (비우면 세출)",
            aliases=("세입세출", "수입지출"),
        ),
        *LINE_COLUMNS,
        Column(
            "budgeted",
            "예산액",
            parse_amount,
            aliases=("예산", "예산금액", "배정액", "편성액", "최종예산"),
        ),
        Column("national", "국비", parse_amount, required=False, aliases=("국비예산",)),
        Column("city", "시비", parse_amount, required=False, aliases=("시비예산",)),
        Column("carried_in", "전년이월", parse_amount, required=False, aliases=("이월액",)),
        Column("carried_out", "차년이월", parse_amount, required=False),
        Column("detail", "산출근거", text(300), required=False, aliases=("비고",)),
    )
    natural_key_doc = gettext_lazy(
        "(회계연도, 예산 주체, 구분, 관, 항, 목): 금액은 가장 아래 과목에 적습니다."
    )

    def plan(self, rows: Rows, *, actor: Any, scope: dict[str, Any]) -> Plan:
        owners = Owners(rows, "fiscal_year")
        index = ledger_index({values["fiscal_year"] for _row, values in rows})
        planned: list[PlannedRow] = []
        errors: list[RowError] = []
        # (year, owner, kind, path) of the file → its row; the lines above it → minus the row
        paths: dict[tuple, int] = {}
        for row, values in rows:
            year = values["fiscal_year"]
            values["kind"] = values.get("kind") or LineKind.EXPENDITURE
            owner = owners.key(year, values.get("program_type"))
            path = _path(values)
            if owner is None:
                errors.append(_owner_error(row))
                continue
            if path is None:
                errors.append(RowError(row, "항", "bad_line", _("항 없이 목을 적을 수 없습니다.")))
                continue
            if (year, owner) in index.closed:
                errors.append(_closed_error(row, year))
                continue
            key = (year, owner, values["kind"], path)
            clash = _clash(paths, key)
            if clash is not None:
                errors.append(clash_error(row, path, paths.get(key, 0) > 0, clash))
                continue
            for depth in range(1, len(path)):
                paths.setdefault((*key[:3], path[:depth]), -row)  # a parent: negative row
            paths[key] = row
            outcome, problem = _line_outcome(index, key, values)
            if problem:
                errors.append(RowError(row, "", *problem))
                continue
            values["owner"] = owner
            values["path"] = path
            planned.append(
                PlannedRow(
                    row,
                    key,
                    outcome,
                    values,
                    summary=f"{year} {' > '.join(path)} {values['budgeted']:,}원",
                )
            )
        plan = Plan(kind=self.name, rows=planned, errors=errors)
        plan.count()
        return plan

    def commit(self, plan: Plan, *, actor: Any, record: Any) -> None:
        programs = program_selectors.programs_by_year_and_type(
            {row.values["fiscal_year"] for row in plan.rows}
        )
        written = [row for row in plan.rows if row.outcome != "unchanged"]
        saved = budget_services.save_budget_lines(
            [
                budget_services.LineEntry(
                    fiscal_year=row.values["fiscal_year"],
                    program=programs.get(
                        (row.values["fiscal_year"], row.values.get("program_type"))
                    ),
                    kind=row.values["kind"],
                    path=row.values["path"],
                    amounts=_amounts(row.values),
                    detail=row.values["detail"] or "" if "detail" in row.values else None,
                )
                for row in written
            ],
            actor=actor,
        )
        for row, (line, _outcome) in zip(written, saved, strict=True):
            record.link(line, row.outcome, row=row.row)


def _clash(paths: dict[tuple, int], key: tuple) -> int | None:
    """The earlier row whose line is this one, above it or below it (None: no clash)."""
    if key in paths:
        return abs(paths[key])
    year, owner, kind, path = key
    for depth in range(1, len(path)):
        above = paths.get((year, owner, kind, path[:depth]), 0)
        if above > 0:
            return above
    return None


def clash_error(row: int, path: tuple[str, ...], same_line: bool, other: int) -> RowError:
    if same_line:
        return RowError(
            row,
            LINE_COLUMNS[len(path) - 1].title,
            "duplicate_in_file",
            _("같은 예산 과목이 %(row)s행에 있습니다.") % {"row": other},
        )
    return RowError(
        row,
        LINE_COLUMNS[len(path) - 1].title,
        "leaf_and_parent",
        _("%(row)s행의 과목과 상하위 관계입니다. 금액은 가장 아래 과목에만 적습니다.")
        % {"row": other},
    )


class Expenditures(ImportKind):
    name = "reports.expenditures"
    label = gettext_lazy("지출 (집행 내역·증빙)")
    roles = frozenset(services.RECORDING_ROLES)
    columns = (
        Column(
            "date",
            "집행일자",
            parse_date,
            aliases=("지출일자", "지급일자", "거래일자", "집행일", "일자"),
        ),
        OWNER_COLUMN,
        Column(
            "line",
            "예산과목",
            text(300),
            required=False,
            help="관/항/목 (예: 사업비/홍보사업/홍보비) 또는 예산에 하나뿐인 목 이름. 관·항·목 열로 "
            "나누어 적어도 됩니다",
            aliases=("과목", "예산목", "집행과목"),
        ),
        *(replace(column, required=False) for column in LINE_COLUMNS),
        Column("payee", "거래처명", text(200), aliases=("거래처", "지급처", "지급처명", "상호")),
        Column(
            "amount",
            "집행금액",
            parse_amount,
            aliases=("지출금액", "집행액", "지급금액", "금액"),
        ),
        EVIDENCE_COLUMN,
        Column(
            "evidence_type",
            "증빙종류",
            lambda value: parse_choice(value, EVIDENCE_NAMES),
            required=False,
            help="전자세금계산서, 카드, 영수증, 급여대장, 계좌이체, 정산서류, 기타 (비우면 기타 증빙)",
            aliases=("증빙구분", "증빙유형"),
        ),
        Column(
            "description",
            "적요",
            text(300),
            required=False,
            aliases=("내용", "집행내용", "지출내용", "사용내역"),
        ),
    )
    natural_key_doc = gettext_lazy(
        "(회계연도, 예산 주체, 증빙번호, 예산과목): 한 증빙을 여러 과목에 나눌 수 있지만 같은 "
        "과목에 두 번은 아닙니다."
    )

    def plan(self, rows: Rows, *, actor: Any, scope: dict[str, Any]) -> Plan:
        owners = Owners(rows, "date")
        index = ledger_index({values["date"].year for _row, values in rows}, with_expenditures=True)
        planned: list[PlannedRow] = []
        errors: list[RowError] = []
        spent: dict[tuple, int] = {}  # line address → amount of this file's new rows on it
        for row, values in rows:
            year = values["date"].year
            owner = owners.key(year, values.get("program_type"))
            if owner is None:
                errors.append(_owner_error(row))
                continue
            if (year, owner) in index.closed:
                errors.append(_closed_error(row, year))
                continue
            path, problem = _expenditure_line(index, year, owner, values)
            if problem or path is None:
                errors.append(RowError(row, "예산과목", *(problem or ("bad_line", ""))))
                continue
            values["path"] = path
            values["owner"] = owner
            planned.append(
                PlannedRow(
                    row,
                    (year, owner, values["evidence_reference"], path),
                    "create",
                    values,
                    summary=f"{values['date']} {values['payee']} {values['amount']:,}원",
                )
            )
        planned, duplicates = _first_of_each_key(planned)
        errors.extend(duplicates)
        kept = []
        for planned_row in planned:
            values = planned_row.values
            recorded = index.expenditures.get(planned_row.key, [])
            if recorded:
                same = any(
                    (r.date, r.amount, r.payee)
                    == (values["date"], values["amount"], values["payee"])
                    for r in recorded
                )
                if not same:
                    errors.append(
                        RowError(
                            planned_row.row,
                            "증빙번호",
                            "conflicts_existing",
                            _("같은 증빙번호·과목의 지출이 다른 내용으로 이미 등록되어 있습니다."),
                        )
                    )
                    continue
                planned_row.outcome = "unchanged"
            else:
                address = (*planned_row.key[:2], LineKind.EXPENDITURE, values["path"])
                spent[address] = spent.get(address, 0) + values["amount"]
                available = index.lines[address].available
                if spent[address] > available:
                    errors.append(
                        RowError(
                            planned_row.row,
                            "집행금액",
                            "over_line_budget",
                            _(
                                "'%(line)s' 과목의 남은 예산 %(available)s원을 넘습니다 "
                                "(이 파일의 이 과목 지출 합계 %(spent)s원)."
                            )
                            % {
                                "line": values["path"][-1],
                                "available": f"{available:,}",
                                "spent": f"{spent[address]:,}",
                            },
                        )
                    )
                    continue
            kept.append(planned_row)
        plan = Plan(kind=self.name, rows=kept, errors=sorted(errors, key=lambda e: e.row))
        plan.count()
        return plan

    def commit(self, plan: Plan, *, actor: Any, record: Any) -> None:
        index = ledger_index({row.values["date"].year for row in plan.rows})
        written = [row for row in plan.rows if row.outcome == "create"]
        expenditures = services.record_expenditures(
            [
                services.ExpenditureEntry(
                    line_id=index.lines[
                        (*row.key[:2], LineKind.EXPENDITURE, row.values["path"])
                    ].pk,
                    date=row.values["date"],
                    amount=row.values["amount"],
                    payee=row.values["payee"],
                    evidence_type=row.values.get("evidence_type") or Expenditure.Evidence.OTHER,
                    evidence_reference=row.values["evidence_reference"],
                    description=row.values.get("description") or "",
                )
                for row in written
            ],
            actor=actor,
        )
        for row, expenditure in zip(written, expenditures, strict=True):
            record.link(expenditure, "create", row=row.row)


def _first_of_each_key(planned: list[PlannedRow]) -> tuple[list[PlannedRow], list[RowError]]:
    rows, errors = duplicate_errors(
        [(p.row, {"key": p.key, "evidence_reference": p.key[2]}) for p in planned],
        lambda values: values["key"],
        EVIDENCE_COLUMN,
    )
    kept = {row for row, _values in rows}
    return [p for p in planned if p.row in kept], errors


def _expenditure_line(
    index: LedgerIndex, year: int, owner: str, values: dict[str, Any]
) -> tuple[tuple[str, ...] | None, tuple[str, str] | None]:
    """The leaf expenditure line a row names (관/항/목 columns, a "관/항/목" path, or a leaf name
    that is unique in the budget), or a problem."""
    path = _path(values)
    if path is None and values.get("line"):
        line_text = values["line"]
        for separator in PATH_SEPARATORS:
            line_text = line_text.replace(separator, "/")
        names = tuple(name.strip() for name in line_text.split("/") if name.strip())
        if len(names) == 1:
            candidates = index.leaves_by_name.get((year, owner, names[0]), [])
            if len(candidates) > 1:
                return None, (
                    "ambiguous_line",
                    _("같은 이름의 목이 여럿입니다. 관/항/목으로 적어 주세요."),
                )
            names = candidates[0] if candidates else names
        path = names or None
    if path is None:
        return None, ("line_required", _("예산과목(또는 관·항·목)을 적어 주세요."))
    line = index.lines.get((year, owner, LineKind.EXPENDITURE, path))
    if line is None:
        return None, (
            "unknown_line",
            _("%(year)s년 예산에 없는 세출 과목입니다: %(path)s. 예산을 먼저 가져와 주세요.")
            % {"year": year, "path": " > ".join(path)},
        )
    if line.has_children:
        return None, ("not_leaf_line", _("하위 과목이 있는 과목에는 직접 기록할 수 없습니다."))
    return path, None


def _amounts(values: dict[str, Any]) -> dict[str, int]:
    """The amounts the file carries (a column missing from the file keeps the recorded value;
    an empty cell is 0)."""
    return {key: values[key] or 0 for key in AMOUNT_KEYS if key in values}


def _line_outcome(
    index: LedgerIndex, key: tuple, values: dict[str, Any]
) -> tuple[str, tuple[str, str] | None]:
    """create/change/unchanged of a budget row against the recorded lines, or a problem."""
    year, owner, kind, path = key
    for depth in range(1, len(path)):
        above = index.lines.get((year, owner, kind, path[:depth]))
        if (
            above is not None
            and not above.has_children
            and (any(above.amounts.values()) or above.executed)
        ):
            return "", (
                "parent_is_leaf",
                _("'%(name)s' 과목에 금액이 있어 하위 과목을 둘 수 없습니다.")
                % {"name": path[depth - 1]},
            )
    line = index.lines.get(key)
    if line is None:
        return "create", None
    if line.has_children:
        return "", ("not_leaf_line", _("하위 과목이 있는 과목에는 금액을 직접 적을 수 없습니다."))
    amounts = {**line.amounts, **_amounts(values)}
    detail = values["detail"] or "" if "detail" in values else line.detail
    if amounts == line.amounts and detail == line.detail:
        return "unchanged", None
    room = line.available + (
        amounts["budgeted"]
        - line.amounts["budgeted"]
        + amounts["carried_in"]
        - line.amounts["carried_in"]
        - amounts["carried_out"]
        + line.amounts["carried_out"]
    )
    if kind == LineKind.EXPENDITURE and room < 0:
        return "", ("below_executed", _("예산이 이미 집행한 금액보다 적어집니다."))
    return "change", None


register(BudgetLines())
register(Expenditures())
