"""The one place that evaluates program rules (caps, durations, eligibility, cost shares).

Rules are :class:`~programs.models.ProgramRule` rows officials edit; nothing else in the code
hard-codes a cap or a share.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from programs import workflow
from programs.models import Application, Call, Program, ProgramRule
from seoul_se.core.text import parse_integer


@dataclass(frozen=True)
class RequestCheck:
    """The outcome of checking a request against the rules: errors in Korean, empty when valid."""

    rule: ProgramRule | None
    cap: int | None
    errors: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def eligible_rules(program: Program, legal_type_id: int | None) -> list[ProgramRule]:
    """The program's tracks open to the legal type (a rule without listed types is open to all;
    a district applicant has no legal type and gets only those)."""
    result = []
    for rule in program.rules.prefetch_related("eligible_legal_types"):
        allowed = {lt.pk for lt in rule.eligible_legal_types.all()}
        if not allowed or legal_type_id in allowed:
            result.append(rule)
    return result


def cap_for(
    call: Call, rule: ProgramRule, *, consortium: bool, persons: int, months: int
) -> int | None:
    """The highest amount the request may have, or None when unlimited.

    - rule cap × consortium multiplier (consortium only);
    - per-person programs: monthly rate × persons × months;
    - the call's own request cap applies on top.
    Multiplying by a Decimal multiplier: rounded down to whole won (never above the rule).
    """
    caps: list[int] = []
    if rule.max_amount is not None:
        multiplier = rule.consortium_multiplier if consortium else Decimal("1")
        caps.append(int((Decimal(rule.max_amount) * multiplier).to_integral_value(ROUND_FLOOR)))
    if rule.monthly_rate_per_person is not None:
        caps.append(rule.monthly_rate_per_person * persons * months)
    if call.request_cap is not None:
        caps.append(call.request_cap)
    return min(caps) if caps else None


def max_duration(call: Call, rule: ProgramRule) -> int:
    limits = [rule.max_duration_months]
    if call.duration_cap_months:
        limits.append(call.duration_cap_months)
    return min(limits)


def check_request(
    call: Call,
    legal_type_id: int | None,
    *,
    rule: ProgramRule | None,
    amount: int,
    months: int,
    persons: int = 0,
    consortium: bool = False,
) -> RequestCheck:
    """Check eligibility, amount and duration of a request; pick the track when not given."""
    eligible = eligible_rules(call.program, legal_type_id)
    if not eligible:
        return RequestCheck(None, None, ("이 사업에 신청할 수 없는 기업 유형입니다.",))
    if rule is None:
        rule = eligible[0]
    elif rule.pk not in {r.pk for r in eligible}:
        return RequestCheck(rule, None, ("선택한 지원 트랙에 신청할 수 없는 기업 유형입니다.",))
    errors: list[str] = []
    if consortium and not call.consortium_allowed:
        errors.append("이 공모는 컨소시엄 신청을 받지 않습니다.")
    if amount <= 0:
        errors.append("신청 금액은 0원보다 커야 합니다.")
    if rule.monthly_rate_per_person is not None and persons <= 0:
        errors.append("지원 인원을 1명 이상 입력해 주십시오.")
    cap = cap_for(call, rule, consortium=consortium, persons=persons, months=months)
    if cap is not None and amount > cap:
        errors.append(f"신청 금액이 한도 {cap:,}원을 초과합니다.")
    limit = max_duration(call, rule)
    if months <= 0 or months > limit:
        errors.append(f"사업기간은 1~{limit}개월이어야 합니다.")
    return RequestCheck(rule, cap, tuple(errors))


def split_cost(amount: int, national_share: Decimal) -> tuple[int, int]:
    """Split an amount into (national, city) whole won.

    Rounding rule: national = floor(amount × national_share); the city pays the remainder,
    so national + city == amount exactly.
    """
    national = int((Decimal(amount) * national_share).to_integral_value(ROUND_FLOOR))
    return national, amount - national


def split_payment(paid_before: int, amount: int, national_share: Decimal) -> tuple[int, int]:
    """Split one payment so the cumulative national part always equals floor(paid × share).

    Rounding rule: national part of this payment = floor((paid_before + amount) × share) −
    floor(paid_before × share); city = remainder. Paying the whole award therefore sums exactly
    to the agreement's national/city split (no drift from rounding each payment separately).
    """
    national_after, _ = split_cost(paid_before + amount, national_share)
    national_before, _ = split_cost(paid_before, national_share)
    national = national_after - national_before
    return national, amount - national


def split_shares(
    amount: int, national_share: Decimal, district_share: Decimal
) -> tuple[int, int, int]:
    """Split an amount into (national, district, city) whole won: national and district are
    each floor(amount × share), the city pays the remainder (the three add up exactly)."""
    national, _city = split_cost(amount, national_share)
    district, _city = split_cost(amount, district_share)
    return national, district, amount - national - district


def split_payment_shares(
    paid_before: int, amount: int, national_share: Decimal, district_share: Decimal
) -> tuple[int, int, int]:
    """:func:`split_payment` with a district share: each share's cumulative part is
    floor(paid × share), so the payments add up exactly to the agreement's split."""
    national, _city = split_payment(paid_before, amount, national_share)
    district, _city = split_payment(paid_before, amount, district_share)
    return national, district, amount - national - district


# --- agreements --------------------------------------------------------------------------------

INSTALMENT_MONTHS = 3


def default_end(start: dt.date, months: int) -> dt.date:
    """The proposed end of a project of ``months`` starting on ``start``: the same day
    ``months`` calendar months later (the month's last day when it has no such day)."""
    end: dt.date = start + relativedelta(months=months)  # dateutil is untyped
    return end


def equal_instalments(total: int, count: int, start: dt.date) -> list[tuple[dt.date, int]]:
    """Equal instalments on the first of every third month from ``start``'s month.

    Rounding rule: each = floor(total / count), the last one takes the remainder so the plan
    sums exactly to the award.
    """
    base = total // count
    first = start.replace(day=1)
    return [
        (
            first + relativedelta(months=INSTALMENT_MONTHS * n),
            base if n < count - 1 else total - base * (count - 1),
        )
        for n in range(count)
    ]


# --- selection -------------------------------------------------------------------------------


def selection_proposals(
    data: Mapping[str, str], ranked: Iterable[Application]
) -> list[tuple[int, str, int | None]]:
    """(application, proposed status, amount) from the ranking form's ``status_<pk>`` and
    ``amount_<pk>`` for the applications still in selection. An amount is whole won,
    "1,234,000" accepted, "1,2,3" or "1e3" refused (ValidationError naming the application)."""
    proposals = []
    for application in ranked:
        if application.status not in workflow.IN_SELECTION:
            continue
        status = data.get(f"status_{application.pk}", "")
        text = data.get(f"amount_{application.pk}", "").strip()
        try:
            amount = parse_integer(text) if text else None
        except ValidationError as exc:
            raise ValidationError(
                _("%(title)s 선정 금액: %(message)s")
                % {"title": application.title, "message": exc.messages[0]},
                code=exc.code,
            ) from exc
        proposals.append((application.pk, status, amount))
    return proposals


# --- deadlines -------------------------------------------------------------------------------


def days_left(closes_at: dt.datetime, now: dt.datetime) -> int | None:
    """Calendar days (local time zone) until a call closes: 0 on its last day, None once it
    has closed (closing tomorrow at 09:00 is 1 even at 23:00 today)."""
    if now >= closes_at:
        return None
    return (timezone.localdate(closes_at) - timezone.localdate(now)).days


def deadline_label(closes_at: dt.datetime, now: dt.datetime) -> str:
    """The countdown shown beside a deadline: "D-3", "D-day" or "마감"."""
    days = days_left(closes_at, now)
    if days is None:
        return _("마감")
    return _("D-day") if days == 0 else f"D-{days}"
