"""Import of an institution's purchase report (.xlsx or .csv): every row is checked first —
a registered enterprise by 사업자등록번호 (check digit included), a date, a positive whole-won
amount, an item — and nothing is saved unless the whole file is valid (``services``)."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook

from enterprises import selectors as enterprise_selectors
from enterprises.models import Enterprise
from seoul_se.core import sheets
from seoul_se.core.excel import header_cells, set_column_widths
from seoul_se.core.text import has_control_characters

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
COLUMNS = (
    ("business_number", "사업자등록번호", 16),
    ("purchased_on", "구매일", 12),
    ("amount", "구매액(원)", 16),
    ("item", "품목", 30),
)
TITLES = {key: title for key, title, _width in COLUMNS}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class PurchaseRow:
    row: int
    enterprise: Enterprise
    purchased_on: dt.date
    amount: int
    item: str


@dataclass
class CheckedReport:
    rows: list[PurchaseRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rows": len(self.rows), "errors": [asdict(e) for e in self.errors]}


def template_workbook() -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("구매실적")
    set_column_widths(sheet, [width for _key, _title, width in COLUMNS])
    sheet.append(header_cells(sheet, [title for _key, title, _width in COLUMNS]))
    return workbook


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def read_rows(upload: IO[bytes], file_name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, values by column key) of the non-empty rows; header matched by title."""
    for number, values in sheets.read_rows(
        upload,
        file_name,
        titles=TITLES.values(),
        max_bytes=MAX_BYTES,
        missing_hint=_("양식을 내려받아 사용하세요."),
    ):
        yield number, {key: values[title] for key, title in TITLES.items()}


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value).replace(".", "-").replace("/", "-"))
    except ValueError:
        return None


def _amount(value: Any) -> int | None:
    try:
        amount = Decimal(_text(value).replace(",", "").removesuffix("원"))
    except InvalidOperation:
        return None
    if amount != amount.to_integral_value() or amount <= 0:
        return None
    return int(amount)


def check_report(upload: IO[bytes], file_name: str) -> CheckedReport:
    """Every row checked; ValidationError for a file-level problem."""
    report = CheckedReport()
    try:
        rows = list(read_rows(upload, file_name))
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl and csv raise many types for a damaged file
        raise ValidationError(
            _("파일을 읽을 수 없습니다. 양식을 다시 내려받아 입력하세요."), code="unreadable"
        ) from exc
    if not rows:
        raise ValidationError(_("입력된 행이 없습니다."), code="no_rows")
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("행이 너무 많습니다. 한 번에 %(n)s행까지 올릴 수 있습니다.") % {"n": f"{MAX_ROWS:,}"},
            code="too_many_rows",
        )
    for number, values in rows:
        row, errors = _check_row(number, values)
        if row is None:
            report.errors.extend(errors)
        else:
            report.rows.append(row)
    return report


def _check_row(number: int, values: dict[str, Any]) -> tuple[PurchaseRow | None, list[RowError]]:
    errors: list[RowError] = []

    def error(key: str, message: str) -> None:
        errors.append(RowError(number, TITLES[key], _text(values[key]), message))

    enterprise = None
    try:
        enterprise = enterprise_selectors.registered_by_business_number(
            _text(values["business_number"]), missing=_("등록되지 않은 사업자등록번호입니다.")
        )
    except ValidationError as exc:
        error("business_number", " ".join(exc.messages))
    purchased_on = _date(values["purchased_on"])
    if purchased_on is None:
        error("purchased_on", _("구매일은 YYYY-MM-DD 형식의 날짜여야 합니다."))
    amount = _amount(values["amount"])
    if amount is None:
        error("amount", _("구매액은 1원 이상의 정수(원)여야 합니다."))
    item = _text(values["item"])
    if not item or len(item) > 200 or has_control_characters(item):
        error("item", _("품목을 200자 이내로 입력해 주세요."))
    if enterprise is None or purchased_on is None or amount is None or errors:
        return None, errors
    return PurchaseRow(number, enterprise, purchased_on, amount, item), []
