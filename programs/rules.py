"""The one place that evaluates program rules (caps, durations, eligibility, cost shares).

Rules are :class:`~programs.models.ProgramRule` rows officials edit; nothing else in the code
hard-codes a cap or a share.
"""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from programs.models import Call, Program, ProgramRule


@dataclass(frozen=True)
class RequestCheck:
    """The outcome of checking a request against the rules: errors in Korean, empty when valid."""

    rule: ProgramRule | None
    cap: int | None
    errors: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def eligible_rules(program: Program, legal_type_id: int) -> list[ProgramRule]:
    """The program's tracks open to the legal type (a rule without listed types is open to all)."""
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
    legal_type_id: int,
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
