"""Import kind ``programs.past_grants``: past years' grants (agreements and their payments) from
the centre's spreadsheets, recorded through ``services.record_past_grants`` (the rules of ``record_past_grant`` /
``record_past_payment``, in bulk) so the support history and the overlap warning see them.

One sheet, one row per payment (the agreement's columns repeat on each of its payment rows; a
row without 지급일 and 지급금액 is an agreement without payments). The natural keys:
an agreement is (연도, 사업유형, 사업자등록번호); a row is that and its 지급일.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises import selectors as enterprise_selectors
from programs import selectors, services
from programs.models import ProgramType
from programs.services.history import ENTERPRISE_TYPES, PastGrant, PastPayment, grant_problems
from seoul_se.access import OFFICIAL_ROLES
from seoul_se.core.imports.kinds import (
    Column,
    ImportKind,
    Plan,
    PlannedRow,
    RowError,
    duplicate_errors,
    register,
)
from seoul_se.core.imports.parsing import (
    parse_amount,
    parse_choice,
    parse_date,
    parse_registration_number,
    parse_text,
)
from seoul_se.core.text import ascii_digits

# Labels, codes and the short names the centre's sheets use (혁신형, 우수기업, 일자리창출 …).
# (parse_choice also takes the codes, and ignores spaces: "혁신형사업" is "혁신형 사업").
PROGRAM_TYPE_NAMES: dict[str, str] = {
    **{str(label): code for code, label in ProgramType.choices if code in ENTERPRISE_TYPES},
    "같이살림": ProgramType.TOGETHER_LIVING,
    "혁신형": ProgramType.INNOVATION,
    "우수기업": ProgramType.EXCELLENT,
    "마을기업": ProgramType.VILLAGE,
    "일자리창출": ProgramType.JOB_CREATION,
    "사업개발비": ProgramType.BUSINESS_DEVELOPMENT,
    "사회보험료": ProgramType.SOCIAL_INSURANCE,
    "지역특화": ProgramType.DISTRICT_SPECIAL,
}


def parse_year(value: Any) -> int:
    """A fiscal year: 2019, 2019.0 or "2019" / "2019년" (full-width digits too)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = ascii_digits(str(value)).strip().removesuffix("년").strip()
    if isinstance(value, bool) or not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise ValidationError(_("연도는 2019처럼 네 자리 숫자로 적어 주세요."), code="bad_year")
    return int(text)


def text(max_length: int) -> Callable[[Any], str]:
    return lambda value: parse_text(value, max_length)


COLUMNS = (
    Column("year", "연도", parse_year, aliases=("사업연도", "회계연도")),
    Column("program_name", "사업명", text(200), aliases=("지원사업명", "보조사업명")),
    Column(
        "program_type",
        "사업유형",
        lambda value: parse_choice(value, PROGRAM_TYPE_NAMES),
        help="혁신형, 우수기업, 마을기업, 일자리창출, 사업개발비, 사회보험료, 지역특화, 같이살림",
        aliases=("사업구분", "지원유형"),
    ),
    Column(
        "registration_number",
        "사업자등록번호",
        parse_registration_number,
        help="기업 명부에 등록된 기업이어야 합니다",
        aliases=("사업자번호", "등록번호"),
    ),
    Column(
        "enterprise_name",
        "기업명",
        text(200),
        required=False,
        help="확인용(저장하지 않음)",
        aliases=("기업체명", "업체명", "수혜기업명"),
    ),
    Column("signed_on", "협약일", parse_date, aliases=("협약일자", "협약체결일")),
    Column(
        "award_amount",
        "협약금액",
        parse_amount,
        aliases=("협약액", "지원금액", "보조금액", "교부결정액"),
    ),
    Column(
        "paid_on",
        "지급일",
        parse_date,
        required=False,
        help="지급금액과 함께 적습니다",
        aliases=("지급일자", "교부일", "교부일자"),
    ),
    Column(
        "paid_amount",
        "지급금액",
        parse_amount,
        required=False,
        aliases=("지급액", "교부액", "교부금액"),
    ),
    Column(
        "starts_on",
        "사업시작일",
        parse_date,
        required=False,
        help="비우면 협약일",
        aliases=("사업기간 시작일",),
    ),
    Column(
        "ends_on",
        "사업종료일",
        parse_date,
        required=False,
        help="비우면 그 연도 12월 31일",
        aliases=("사업기간 종료일",),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
TITLES = {column.key: column.title for column in COLUMNS}
# The fields of an agreement that every payment row of it must repeat identically.
AGREEMENT_FIELDS = ("program_name", "signed_on", "award_amount", "starts_on", "ends_on")


def _row_key(values: dict[str, Any]) -> tuple[Any, ...]:
    """A row's natural key: its agreement's and its payment date."""
    return (
        values["year"],
        values["program_type"],
        values["registration_number"],
        values.get("paid_on"),
    )


def _grant(values: dict[str, Any], enterprise_id: int) -> PastGrant:
    return PastGrant(
        year=values["year"],
        program_type=values["program_type"],
        program_name=values["program_name"],
        enterprise_id=enterprise_id,
        signed_on=values["signed_on"],
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
        award_amount=values["award_amount"],
    )


class PastGrants(ImportKind):
    name = "programs.past_grants"
    label = gettext_lazy("과거 지원사업 협약·교부")
    roles = frozenset(OFFICIAL_ROLES)
    columns = COLUMNS
    natural_key_doc = gettext_lazy(
        "협약: (연도, 사업유형, 사업자등록번호) — 한 기업은 한 해 한 유형의 사업에 협약 하나. "
        "행: 협약과 지급일 (같은 협약의 같은 지급일은 한 행)."
    )

    def plan(self, rows: list[tuple[int, dict[str, Any]]], *, actor: Any, scope: dict) -> Plan:
        today = timezone.localdate()
        enterprise_ids = enterprise_selectors.ids_by_business_number(
            values["registration_number"] for _row, values in rows
        )
        existing = selectors.existing_grants(
            {values["year"] for _row, values in rows}, set(enterprise_ids.values())
        )
        first_row: dict[tuple, tuple[int, dict[str, Any]]] = {}  # agreement key → first row
        program_names: dict[tuple, tuple[int, str]] = {}
        paid: dict[tuple, int] = {}
        planned: list[PlannedRow] = []
        rows, errors = duplicate_errors(rows, _row_key, COLUMNS_BY_KEY["paid_on"])
        for row, raw in rows:
            values = dict(raw)
            values["starts_on"] = values.get("starts_on") or values["signed_on"]
            values["ends_on"] = values.get("ends_on") or values["signed_on"].replace(
                month=12, day=31
            )

            def error(column: str, code: str, message: str, row: int = row) -> None:
                errors.append(RowError(row, TITLES.get(column, ""), code, message))

            enterprise_id = enterprise_ids.get(values["registration_number"])
            if enterprise_id is None:
                error(
                    "registration_number",
                    "unknown_enterprise",
                    _("등록되지 않은 기업입니다. 기업 명부를 먼저 등록해 주세요."),
                )
                continue
            problems = grant_problems(_grant(values, enterprise_id), today)
            for field, code, message in problems:
                error(field, code, message)
            if problems:
                continue
            key = (values["year"], values["program_type"], enterprise_id)
            name_key = (values["year"], values["program_type"])
            first_name_row, name = program_names.setdefault(name_key, (row, values["program_name"]))
            if name != values["program_name"]:
                error(
                    "program_name",
                    "inconsistent_program",
                    _("같은 연도·사업유형의 사업명이 %(row)s행과 다릅니다.")
                    % {"row": first_name_row},
                )
                continue
            first, first_values = first_row.setdefault(key, (row, values))
            differing = [f for f in AGREEMENT_FIELDS if values[f] != first_values[f]]
            if differing:
                error(
                    differing[0],
                    "inconsistent_agreement",
                    _("같은 협약의 %(column)s이(가) %(row)s행과 다릅니다.")
                    % {"column": TITLES[differing[0]], "row": first},
                )
                continue
            outcome = self._check_existing(existing.get(key), values, error)
            if outcome is None:
                continue
            if (values.get("paid_on") is None) != (values.get("paid_amount") is None):
                error(
                    "paid_amount" if values.get("paid_amount") is None else "paid_on",
                    "payment_incomplete",
                    _("지급일과 지급금액은 함께 적어야 합니다."),
                )
                continue
            known = existing.get(key)
            if values.get("paid_on") is not None and outcome == "create":
                if known is not None and not known.historical:
                    error(
                        "paid_on",
                        "not_past_grant",
                        _("포털에서 진행된 협약입니다. 교부는 협약 화면에서 기록해 주세요."),
                    )
                    continue
                before = paid.get(key, sum(known.payments.values()) if known else 0)
                paid[key] = before + values["paid_amount"]
                if paid[key] > values["award_amount"]:
                    error(
                        "paid_amount",
                        "over_award",
                        _("지급금액 합계 %(paid)s원이 협약금액 %(award)s원을 넘습니다.")
                        % {"paid": f"{paid[key]:,}", "award": f"{values['award_amount']:,}"},
                    )
                    continue
            values["enterprise_id"] = enterprise_id
            values["new_agreement"] = known is None
            planned.append(
                PlannedRow(
                    row=row,
                    key=_row_key(values),
                    outcome=outcome,
                    values=values,
                    summary=_summary(values),
                )
            )
        plan = Plan(kind=self.name, rows=planned, errors=sorted(errors, key=lambda e: e.row))
        plan.count()
        return plan

    @staticmethod
    def _check_existing(
        known: selectors.ExistingGrant | None,
        values: dict[str, Any],
        error: Callable[[str, str, str], None],
    ) -> str | None:
        """create/unchanged against what is recorded, or None after reporting a conflict
        (a recorded grant is never changed by an import: correct it on its pages)."""
        if known is None:
            return "create"
        recorded = {
            "signed_on": known.signed_on,
            "award_amount": known.award_amount,
            "starts_on": known.starts_on,
            "ends_on": known.ends_on,
        }
        differing = [field for field, value in recorded.items() if values[field] != value]
        if differing:
            error(
                differing[0],
                "conflicts_existing",
                _("이미 등록된 협약과 %(column)s이(가) 다릅니다.")
                % {"column": TITLES[differing[0]]},
            )
            return None
        paid_on = values.get("paid_on")
        if paid_on is None or paid_on not in known.payments:
            return "create" if paid_on is not None else "unchanged"
        if known.payments[paid_on] != values.get("paid_amount"):
            error(
                "paid_amount",
                "conflicts_existing",
                _("이미 등록된 같은 날 교부액 %(amount)s원과 다릅니다.")
                % {"amount": f"{known.payments[paid_on]:,}"},
            )
            return None
        return "unchanged"

    def commit(self, plan: Plan, *, actor: Any, record: Any) -> None:
        """Everything at once through ``services.record_past_grants`` (the rules of
        ``record_past_grant`` / ``record_past_payment``, a bounded number of queries)."""
        origin = _("가져오기 #%(id)s로 이관한 과거 지원") % {"id": record.pk}
        grants: dict[tuple, tuple[int, PastGrant]] = {}  # agreement key → (first row, grant)
        payments: list[tuple[int, PastPayment]] = []
        for planned in plan.rows:
            values = planned.values
            if planned.outcome != "create":
                continue
            grant = _grant(values, values["enterprise_id"])
            if values["new_agreement"]:
                grants.setdefault(grant.key, (planned.row, grant))
            if values.get("paid_on") is not None:
                payments.append(
                    (planned.row, PastPayment(grant.key, values["paid_on"], values["paid_amount"]))
                )
        done = services.record_past_grants(
            [grant for _row, grant in grants.values()],
            [payment for _row, payment in payments],
            actor=actor,
            origin=origin,
        )
        for key, (row, _first) in grants.items():
            for obj in done.grants[key]:
                record.link(obj, "create", row=row)
        for (row, _payment), disbursement in zip(payments, done.payments, strict=True):
            record.link(disbursement, "create", row=row)


def _summary(values: dict[str, Any]) -> str:
    text = f"{values['year']} {values['program_name']} · {values['registration_number']} · " + _(
        "협약 %(amount)s원"
    ) % {"amount": f"{values['award_amount']:,}"}
    if values.get("paid_on") is not None:
        text += " · " + _("%(date)s 지급 %(amount)s원") % {
            "date": values["paid_on"].isoformat(),
            "amount": f"{values['paid_amount']:,}",
        }
    return text


register(PastGrants())
