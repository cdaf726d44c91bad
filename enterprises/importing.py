"""Excel roster import: template, content checks, row validation, all-or-nothing save.

Small files are validated and saved in the request; files over ``ASYNC_ROW_THRESHOLD`` rows run
as a Celery job with progress (``enterprises.tasks.import_roster``). Either way every row is
checked first and nothing is saved unless the whole file is valid.
"""

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from openpyxl import Workbook, load_workbook

from enterprises.access import personal_data
from enterprises.models import Enterprise
from enterprises.validators import normalize_business_number, normalize_corporate_number
from seoul_se.accounts.models import User
from seoul_se.audit.masking import PersonalDataPolicy
from seoul_se.core.excel import (
    check_xlsx_upload,
    header_cells,
    safe_cell,
    safe_row,
    set_column_widths,
)
from seoul_se.core.text import (
    CONTROL_CHARACTERS_RE,
    control_character_error,
    has_control_characters,
)
from seoul_se.reference.models import District, LegalType, Sector

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
ASYNC_ROW_THRESHOLD = 500
MAX_REPORTED_ERRORS = 1_000
BATCH = 1_000
UPLOAD_DIR = "enterprises/imports"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    required: bool = False
    width: int = 16


COLUMNS = (
    Column("name", "기업명", True, 28),
    Column("legal_type", "기업유형", True, 22),
    Column("business_number", "사업자등록번호", True, 16),
    Column("corporate_number", "법인등록번호", False, 18),
    Column("representative", "대표자", True, 12),
    Column("district", "자치구", True, 10),
    Column("address", "주소", False, 36),
    Column("founded_on", "설립일", False, 12),
    Column("phone", "전화번호", False, 14),
    Column("email", "이메일", False, 24),
    Column("website", "홈페이지", False, 24),
    Column("sectors", "업종", False, 20),
    Column("social_mission", "사회적 가치·미션", False, 40),
)
TITLES = {column.key: column.title for column in COLUMNS}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass
class ImportOutcome:
    rows: int
    created: int
    errors: list[RowError]
    error_count: int

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "error_count": self.error_count,
            "errors": [asdict(error) for error in self.errors],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ImportOutcome":
        return cls(
            rows=data.get("rows", 0),
            created=data.get("created", 0),
            errors=[RowError(**error) for error in data.get("errors", [])],
            error_count=data.get("error_count", 0),
        )


def template_workbook() -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("기업명부")
    set_column_widths(sheet, [column.width for column in COLUMNS])
    sheet.append(header_cells(sheet, [c.title + (" *" if c.required else "") for c in COLUMNS]))
    sheet.append(
        [
            "예시 사회적협동조합",
            "사회적협동조합",
            "220-81-62517",
            "",
            "홍길동",
            "마포구",
            "서울특별시 마포구 월드컵북로 1",
            "2015-03-02",
            "02-000-0000",
            "info@example.kr",
            "https://example.kr",
            "돌봄·사회서비스, 교육",
            "지역 돌봄 공백 해소",
        ]
    )
    guide = workbook.create_sheet("입력 안내")
    guide.append(["항목", "입력 방법"])
    # Reference names are edited by administrators: written through safe_row like any data.
    guide.append(
        safe_row(["기업유형", ", ".join(LegalType.objects.values_list("name", flat=True))])
    )
    guide.append(safe_row(["자치구", ", ".join(District.objects.values_list("name", flat=True))]))
    guide.append(
        safe_row(
            ["업종", "쉼표로 구분: " + ", ".join(Sector.objects.values_list("name", flat=True))]
        )
    )
    guide.append(["사업자등록번호", "10자리(000-00-00000), 검증번호까지 확인합니다."])
    guide.append(["법인등록번호", "13자리(000000-0000000), 개인사업자는 비워 둡니다."])
    guide.append(["설립일", "YYYY-MM-DD 또는 엑셀 날짜"])
    guide.append(
        ["", "예시 행(2행)은 지우고 입력하세요. 한 행이라도 오류가 있으면 저장하지 않습니다."]
    )
    return workbook


# --- reading and validation ---------------------------------------------------------------


class RosterValidator:
    """Validates rows one by one (reference data and registry duplicates looked up in bulk)."""

    def __init__(self) -> None:
        self.legal_types = {lt.name: lt for lt in LegalType.objects.all()}
        self.legal_types.update({lt.code: lt for lt in self.legal_types.values()})
        self.districts = {d.name: d for d in District.objects.all()}
        # "마포" for "마포구" and "중" for "중구" are common in hand-typed rosters.
        self.districts.update(
            {name.removesuffix("구"): d for name, d in list(self.districts.items())}
        )
        self.sectors = {s.name: s for s in Sector.objects.all()}
        self.seen_numbers: dict[str, int] = {}
        self.errors: list[RowError] = []
        self.error_count = 0
        self.valid: list[tuple[Enterprise, list[Sector]]] = []

    def _error(self, row: int, key: str, value: Any, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            # The value is shown on the page: its control characters become visible "?".
            shown = CONTROL_CHARACTERS_RE.sub("?", str(value or "")[:100])
            self.errors.append(RowError(row, TITLES[key], shown, message))

    def add(self, row_number: int, values: dict[str, Any]) -> None:
        before = self.error_count
        text = {key: _text(value) for key, value in values.items()}
        for column in COLUMNS:
            if column.required and not text.get(column.key):
                self._error(row_number, column.key, "", f"{column.title}은(는) 필수 항목입니다.")
            elif has_control_characters(text.get(column.key, "")):
                self._error(
                    row_number,
                    column.key,
                    text[column.key],
                    str(control_character_error().messages[0]),
                )
        number = ""
        if text.get("business_number"):
            number, message = _checked_number(normalize_business_number, text["business_number"])
            if message:
                self._error(row_number, "business_number", text["business_number"], message)
            elif number in self.seen_numbers:
                self._error(
                    row_number,
                    "business_number",
                    text["business_number"],
                    f"파일 안에서 중복된 사업자등록번호입니다({self.seen_numbers[number]}행과 같음).",
                )
            else:
                self.seen_numbers[number] = row_number
        corporate = ""
        if text.get("corporate_number"):
            corporate, message = _checked_number(
                normalize_corporate_number, text["corporate_number"]
            )
            if message:
                self._error(row_number, "corporate_number", text["corporate_number"], message)
        legal_type = self.legal_types.get(text.get("legal_type", ""))
        if text.get("legal_type") and legal_type is None:
            self._error(row_number, "legal_type", text["legal_type"], "알 수 없는 기업유형입니다.")
        district = self.districts.get(text.get("district", ""))
        if text.get("district") and district is None:
            self._error(row_number, "district", text["district"], "서울시 자치구 이름이 아닙니다.")
        founded_on = _date(values.get("founded_on"))
        if text.get("founded_on") and founded_on is None:
            self._error(
                row_number, "founded_on", text["founded_on"], "날짜는 YYYY-MM-DD로 입력하세요."
            )
        if text.get("email"):
            try:
                EmailValidator()(text["email"])
            except ValidationError:
                self._error(row_number, "email", text["email"], "이메일 주소 형식이 아닙니다.")
        if text.get("website"):
            try:
                URLValidator(schemes=["http", "https"])(text["website"])
            except ValidationError:
                self._error(
                    row_number, "website", text["website"], "http:// 또는 https:// 주소가 아닙니다."
                )
        sectors = []
        for name in filter(None, (s.strip() for s in text.get("sectors", "").split(","))):
            if name in self.sectors:
                sectors.append(self.sectors[name])
            else:
                self._error(row_number, "sectors", name, "알 수 없는 업종입니다.")
        for key, limit in (("name", 200), ("representative", 100), ("address", 300)):
            if len(text.get(key, "")) > limit:
                self._error(row_number, key, text[key], f"{limit}자 이하로 입력하세요.")
        if self.error_count > before:
            return
        assert legal_type is not None and district is not None
        self.valid.append(
            (
                Enterprise(
                    name=text["name"],
                    legal_type=legal_type,
                    business_number=number,
                    corporate_number=corporate,
                    representative=text["representative"],
                    district=district,
                    address=text.get("address", ""),
                    founded_on=founded_on,
                    phone=text.get("phone", "")[:30],
                    email=text.get("email", ""),
                    website=text.get("website", ""),
                    social_mission=text.get("social_mission", ""),
                    verification=Enterprise.Verification.VERIFIED,
                ),
                sectors,
            )
        )

    def check_registry(self, row_of: dict[str, int]) -> None:
        """Rows whose number is already registered (checked in chunks, one query each)."""
        numbers = list(self.seen_numbers)
        for start in range(0, len(numbers), BATCH):
            chunk = numbers[start : start + BATCH]
            for number in Enterprise.objects.filter(business_number__in=chunk).values_list(
                "business_number", flat=True
            ):
                self._error(
                    row_of[number],
                    "business_number",
                    number,
                    "이미 등록된 사업자등록번호입니다.",
                )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # numbers typed as numbers (no dashes) arrive as floats/ints
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).replace(".", "-").replace("/", "-")
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _checked_number(normalize: Callable[[str], str], text: str) -> tuple[str, str]:
    """(ASCII digits, "") for a valid registration number, ("", Korean message) otherwise —
    the same rules as the forms and the API."""
    try:
        return normalize(text), ""
    except ValidationError as exc:
        return "", str(exc.messages[0])


def _rows(upload: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(Excel row number, values by column key) of non-empty rows, header matched by title."""
    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        # Read until the last row instead of trusting (or first computing) the stored
        # dimension: some writers omit it, and computing it parses the sheet twice.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ValidationError("빈 시트입니다. 내려받은 양식을 사용하세요.")
        titles = [_text(title).removesuffix("*").strip() for title in header]
        positions = {}
        for column in COLUMNS:
            if column.title in titles:
                positions[column.key] = titles.index(column.title)
            elif column.required:
                raise ValidationError(
                    f"첫 행(머리글)에 '{column.title}' 열이 없습니다. 내려받은 양식을 사용하세요."
                )
        for number, row in enumerate(rows, start=2):
            if not any(cell not in (None, "") for cell in row):
                continue
            yield (
                number,
                {key: row[index] if index < len(row) else None for key, index in positions.items()},
            )
    finally:
        workbook.close()


def validate_roster(
    upload: IO[bytes], progress: Callable[[int, str], None] | None = None
) -> RosterValidator:
    """Check the file and every row; raises ValidationError for a file-level problem."""
    check_xlsx_upload(upload, max_bytes=MAX_BYTES)
    validator = RosterValidator()
    count = 0
    try:
        for row_number, values in _rows(upload):
            count += 1
            if count > MAX_ROWS:
                raise ValidationError(
                    f"행이 너무 많습니다. 한 번에 {MAX_ROWS:,}행까지 올릴 수 있습니다."
                )
            validator.add(row_number, values)
            if progress and count % 1000 == 0:
                progress(min(60, count * 60 // MAX_ROWS + 5), f"{count:,}행 확인 중")
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise ValidationError(
            "엑셀 파일을 읽을 수 없습니다. 양식을 다시 내려받아 입력하세요."
        ) from exc
    if count == 0:
        raise ValidationError("입력된 행이 없습니다.")
    validator.check_registry(dict(validator.seen_numbers))
    validator.rows = count  # type: ignore[attr-defined]
    return validator


def import_roster(
    upload: IO[bytes], *, actor: User, progress: Callable[[int, str], None] | None = None
) -> ImportOutcome:
    """Validate the whole file, then save all rows in one transaction (or none)."""
    validator = validate_roster(upload, progress)
    rows = validator.rows  # type: ignore[attr-defined]
    if validator.error_count:
        return ImportOutcome(rows, 0, validator.errors, validator.error_count)
    with transaction.atomic():
        # Row-level locking is not enough against a concurrent import of the same numbers:
        # the unique index on business_number makes the second transaction fail as a whole.
        through = Enterprise.sectors.through
        total = len(validator.valid)
        for start in range(0, total, BATCH):
            chunk = validator.valid[start : start + BATCH]
            for enterprise, _sectors in chunk:
                enterprise.registered_by = actor if getattr(actor, "pk", None) else None
            created = Enterprise.objects.bulk_create([enterprise for enterprise, _ in chunk])
            through.objects.bulk_create(
                [
                    through(enterprise_id=enterprise.pk, sector_id=sector.pk)
                    for enterprise, (_e, sectors) in zip(created, chunk, strict=True)
                    for sector in sectors
                ]
            )
            if progress:
                progress(60 + 40 * (start + len(chunk)) // total, f"{start + len(chunk):,}행 저장")
    return ImportOutcome(rows, total, [], 0)


def has_more_rows_than(upload: IO[bytes], limit: int) -> bool:
    """Whether the first sheet has more than ``limit`` data rows (reads at most limit+2 rows;
    a sheet's stored dimension is not trusted, some writers leave it out)."""
    try:
        workbook = load_workbook(upload, read_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        upload.seek(0)
        raise ValidationError(
            "엑셀 파일을 읽을 수 없습니다. 양식을 다시 내려받아 입력하세요."
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        return sum(1 for _ in zip(range(limit + 2), rows, strict=False)) > limit + 1
    finally:
        workbook.close()
        upload.seek(0)


def store_upload(upload: IO[bytes]) -> str:
    """Keep an uploaded roster in private storage for the background job; returns its name."""
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    directory = Path(settings.PRIVATE_MEDIA_ROOT) / UPLOAD_DIR
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{digest.hexdigest()}.xlsx"
    with open(path, "wb") as out:
        for chunk in iter(lambda: upload.read(1 << 20), b""):
            out.write(chunk)
    upload.seek(0)
    return str(path.relative_to(settings.PRIVATE_MEDIA_ROOT))


def stored_path(name: str) -> Path:
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if root not in path.parents:
        raise ValidationError("잘못된 파일 경로입니다.")
    return path


def export_workbook(rows: Iterator[Enterprise], *, policy: PersonalDataPolicy) -> Workbook:
    """The filtered list (rows from ``selectors.for_list``) as a workbook; personal fields as
    ``policy`` lets its user see them, every text cell through ``safe_cell``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("기업명부")
    titles = [c.title for c in COLUMNS] + ["확인 상태", "현재 인증·지정"]
    set_column_widths(sheet, [c.width for c in COLUMNS] + [10, 30])
    sheet.append(header_cells(sheet, titles))
    for enterprise in rows:
        personal = personal_data(policy, enterprise)
        sheet.append(
            [
                safe_cell(value)
                for value in (
                    enterprise.name,
                    enterprise.legal_type.name,
                    enterprise.business_number_display,
                    enterprise.corporate_number_display,
                    personal["representative"],
                    enterprise.district.name,
                    personal["address"],
                    enterprise.founded_on,
                    personal["phone"],
                    personal["email"],
                    enterprise.website,
                    # sector_list, current_certifications: prefetched by selectors.for_list
                    ", ".join(s.name for s in enterprise.sector_list),
                    enterprise.social_mission,
                    enterprise.verification_label,
                    ", ".join(c.kind_label for c in enterprise.current_certifications),
                )
            ]
        )
    return workbook
