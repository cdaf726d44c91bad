"""The enterprise roster import ("enterprises.roster") on the import framework.

Natural key: the 사업자등록번호. A row whose number is not registered creates a verified
enterprise; a registered one is "unchanged" when every column the file carries equals the
registry, else "change" (the differing fields are written and listed on the import record).
Columns the file does not carry are left alone. Reference data (types, districts, sectors) and
the registry are read in bulk (one query per 1,000 numbers); new enterprises and their sectors
are inserted by ``insert_rows`` (one statement each, no model instances), changes by
``bulk_update`` — the audit of an import is its record (``ImportRecord`` / ``ImportedObject``).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.access import REGISTRY_STAFF_ROLES
from enterprises.models import Enterprise
from enterprises.validators import format_business_number, normalize_corporate_number
from seoul_se.core.bulk import insert_rows
from seoul_se.core.imports.kinds import (
    Column,
    ImportKind,
    Plan,
    PlannedRow,
    RowError,
    Rows,
    chunks,
    duplicate_errors,
    register,
)
from seoul_se.core.imports.parsing import parse_date, parse_registration_number, parse_text
from seoul_se.reference.models import District, LegalType, Sector

FIELDS = (
    "name",
    "legal_type_id",
    "corporate_number",
    "representative",
    "district_id",
    "address",
    "founded_on",
    "phone",
    "email",
    "website",
    "social_mission",
)


def _text(limit: int) -> Any:
    return lambda value: parse_text(value, limit)


def _corporate(value: Any) -> str:
    return normalize_corporate_number(parse_text(value, 20))


def _email(value: Any) -> str:
    text = parse_text(value, 254)
    try:
        EmailValidator()(text)
    except ValidationError as exc:
        raise ValidationError(_("이메일 주소 형식이 아닙니다."), code="bad_email") from exc
    return text


def _website(value: Any) -> str:
    text = parse_text(value, 200)
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError as exc:
        raise ValidationError(
            _("http:// 또는 https:// 주소가 아닙니다."), code="bad_website"
        ) from exc
    return text


NUMBER = Column(
    "business_number",
    "사업자등록번호",
    parse_registration_number,
    help="10자리(000-00-00000), 검증번호까지 확인합니다. 같은 번호가 이미 있으면 그 기업을 고칩니다.",
    aliases=("사업자번호", "사업자 등록번호", "등록번호"),
    example="220-81-62517",
)
COLUMNS = (
    Column(
        "name",
        "기업명",
        _text(200),
        aliases=("기업 명", "상호", "업체명", "기관명"),
        example="예시 사회적협동조합",
        width=28,
    ),
    Column(
        "legal_type",
        "기업유형",
        _text(100),
        help="작성 안내의 기업유형 이름 또는 코드",
        aliases=("유형", "법인격", "기업 유형"),
        example="사회적협동조합",
        width=22,
    ),
    NUMBER,
    Column(
        "corporate_number",
        "법인등록번호",
        _corporate,
        required=False,
        help="13자리(000000-0000000), 개인사업자는 비워 둡니다.",
        aliases=("법인번호",),
        width=18,
    ),
    Column(
        "representative",
        "대표자",
        _text(100),
        aliases=("대표자명", "대표"),
        example="홍길동",
        width=12,
    ),
    Column(
        "district",
        "자치구",
        _text(20),
        help="서울시 자치구 이름(마포구 또는 마포)",
        aliases=("소재지(구)", "구"),
        example="마포구",
        width=10,
    ),
    Column(
        "address",
        "주소",
        _text(300),
        required=False,
        aliases=("소재지",),
        example="서울특별시 마포구 월드컵북로 1",
        width=36,
    ),
    Column(
        "founded_on",
        "설립일",
        parse_date,
        required=False,
        help="2015-03-02, 2015.3.2 또는 엑셀 날짜",
        aliases=("설립일자", "설립연월일"),
        example="2015-03-02",
        width=12,
    ),
    Column(
        "phone",
        "전화번호",
        _text(30),
        required=False,
        aliases=("연락처", "전화"),
        example="02-000-0000",
        width=14,
    ),
    Column(
        "email", "이메일", _email, required=False, aliases=("전자우편", "E-mail", "email"), width=24
    ),
    Column("website", "홈페이지", _website, required=False, aliases=("웹사이트",), width=24),
    Column(
        "sectors",
        "업종",
        _text(500),
        required=False,
        help="쉼표로 구분해 여러 개",
        aliases=("사업분야", "업종(분야)"),
        example="돌봄·사회서비스, 교육",
        width=20,
    ),
    Column(
        "social_mission",
        "사회적 가치·미션",
        _text(5000),
        required=False,
        aliases=("사회적가치", "미션"),
        example="지역 돌봄 공백 해소",
        width=40,
    ),
)

TITLES = {column.key: column.title for column in COLUMNS}


class Roster(ImportKind):
    name = "enterprises.roster"
    label = gettext_lazy("사회적경제기업 명부")
    roles = frozenset(REGISTRY_STAFF_ROLES)
    columns = COLUMNS
    natural_key_doc = gettext_lazy("사업자등록번호가 같으면 같은 기업입니다.")
    template_name = "사회적경제기업_명부_양식.xlsx"

    def guide(self) -> list[tuple[str, str]]:
        return [
            (_("기업유형"), ", ".join(LegalType.objects.values_list("name", flat=True))),
            (_("자치구"), ", ".join(District.objects.values_list("name", flat=True))),
            (_("업종"), ", ".join(Sector.objects.values_list("name", flat=True))),
        ]

    def plan(self, rows: Rows, *, actor: Any, scope: dict[str, Any]) -> Plan:
        plan = Plan(self.name)
        rows, plan.errors = duplicate_errors(rows, lambda v: v["business_number"], NUMBER)
        legal_types = {lt.name: lt.pk for lt in LegalType.objects.all()}
        legal_types.update({code: pk for code, pk in LegalType.objects.values_list("code", "pk")})
        districts = dict(District.objects.values_list("name", "pk"))
        # "마포" for "마포구" and "중" for "중구" are common in hand-typed rosters.
        districts.update({name.removesuffix("구"): pk for name, pk in list(districts.items())})
        sectors = dict(Sector.objects.values_list("name", "pk"))
        resolved: Rows = []
        for number, values in rows:
            errors = _resolve(number, values, legal_types, districts, sectors)
            plan.errors += errors
            if not errors:
                resolved.append((number, values))
        existing = _registered([values["business_number"] for _, values in resolved])
        for number, values in resolved:
            current = existing.get(values["business_number"])
            changes = _changes(current, values) if current else {}
            outcome = "create" if current is None else "change" if changes else "unchanged"
            values["changes"] = changes
            values["pk"] = current["pk"] if current else None
            plan.rows.append(
                PlannedRow(
                    number,
                    (values["business_number"],),
                    outcome,
                    values,
                    _summary(values, changes),
                )
            )
        return plan

    def commit(self, plan: Plan, *, actor: Any, record: Any) -> None:
        registered_by = getattr(actor, "pk", None)
        through = Enterprise.sectors.through
        creates = [row for row in plan.rows if row.outcome == "create"]
        # New enterprises and their sectors: one statement each, whatever the row count.
        created = insert_rows(Enterprise, [_new(row.values, registered_by) for row in creates])
        insert_rows(
            through,
            [
                {"enterprise_id": pk, "sector_id": sector}
                for pk, row in zip(created, creates, strict=True)
                for sector in row.values.get("sector_ids") or ()
            ],
        )
        for pk, row in zip(created, creates, strict=True):
            record.link_key(Enterprise, pk, "create", row.row)
        changes = [row for row in plan.rows if row.outcome == "change"]
        for chunk in chunks(changes):
            _apply_changes(chunk, record, through)


def _resolve(
    number: int,
    values: dict[str, Any],
    legal_types: dict[str, int],
    districts: dict[str, int],
    sectors: dict[str, int],
) -> list[RowError]:
    """Reference names → ids in ``values``; an error per unknown name."""
    errors = []

    def error(key: str, code: str, message: str, shown: str) -> None:
        errors.append(RowError(number, TITLES[key], code, message, shown))

    values["legal_type_id"] = legal_types.get(values["legal_type"])
    if values["legal_type_id"] is None:
        error(
            "legal_type",
            "unknown_legal_type",
            _("알 수 없는 기업유형입니다."),
            values["legal_type"],
        )
    values["district_id"] = districts.get(values["district"])
    if values["district_id"] is None:
        error(
            "district", "unknown_district", _("서울시 자치구 이름이 아닙니다."), values["district"]
        )
    if "sectors" in values:
        ids = []
        for name in filter(None, (s.strip() for s in (values["sectors"] or "").split(","))):
            if name in sectors:
                ids.append(sectors[name])
            else:
                error("sectors", "unknown_sector", _("알 수 없는 업종입니다."), name)
        values["sector_ids"] = sorted(set(ids))
    return errors


def _registered(numbers: list[str]) -> dict[str, dict[str, Any]]:
    """Registered enterprises by number (their compared fields and sector ids), in chunks."""
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(numbers):
        rows = Enterprise.objects.filter(business_number__in=chunk).values(
            "pk", "business_number", *FIELDS
        )
        for row in rows:
            row["sector_ids"] = []
            found[row["business_number"]] = row
        by_pk = {row["pk"]: row for row in found.values() if row["business_number"] in chunk}
        through = Enterprise.sectors.through.objects.filter(enterprise_id__in=by_pk)
        for enterprise_id, sector_id in through.values_list("enterprise_id", "sector_id"):
            by_pk[enterprise_id]["sector_ids"].append(sector_id)
    return found


def _changes(current: dict[str, Any], values: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [stored, from the file]} for the columns the file carries that differ."""
    changes = {}
    for field in FIELDS:
        if field in values and _stored(field, values[field]) != current[field]:
            changes[field] = [_json(current[field]), _json(_stored(field, values[field]))]
    if "sector_ids" in values and sorted(current["sector_ids"]) != values["sector_ids"]:
        changes["sector_ids"] = [sorted(current["sector_ids"]), values["sector_ids"]]
    return changes


def _stored(field: str, value: Any) -> Any:
    """An empty optional cell as the registry stores it: '' for text, None for the date."""
    return "" if value is None and field != "founded_on" else value


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _summary(values: dict[str, Any], changes: dict[str, Any]) -> str:
    text = f"{values['name']} ({format_business_number(values['business_number'])})"
    if changes:
        text += " — " + ", ".join(changes)
    return text


def _new(values: dict[str, Any], registered_by: int | None) -> dict[str, Any]:
    """The columns of a new verified enterprise (``insert_rows``; the rest take defaults)."""
    return {
        "business_number": values["business_number"],
        "registered_by_id": registered_by,
        "verification": Enterprise.Verification.VERIFIED.value,
        **{field: _stored(field, values.get(field)) for field in FIELDS},
    }


def _apply_changes(chunk: list[PlannedRow], record: Any, through: Any) -> None:
    enterprises = Enterprise.objects.in_bulk([row.values["pk"] for row in chunk])
    fields = {"updated_at"}
    resectored: dict[int, list[int]] = {}
    now = timezone.now()
    for row in chunk:
        enterprise = enterprises[row.values["pk"]]
        enterprise.updated_at = now
        for field in row.values["changes"]:
            if field == "sector_ids":
                resectored[enterprise.pk] = row.values["sector_ids"]
            else:
                setattr(enterprise, field, _stored(field, row.values[field]))
                fields.add(field)
        record.link(enterprise, "change", row.row, row.values["changes"])
    Enterprise.objects.bulk_update(list(enterprises.values()), sorted(fields))
    if resectored:
        through.objects.filter(enterprise_id__in=resectored).delete()
        through.objects.bulk_create(
            [through(enterprise_id=pk, sector_id=s) for pk, ids in resectored.items() for s in ids]
        )


register(Roster())
