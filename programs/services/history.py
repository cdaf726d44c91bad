"""Past grants (e.g. 2013–2019) recorded from the centre's spreadsheets, outside the live
application workflow.

A past grant becomes a settled application in its program's historical call, with its agreement
and payments, so the support history and the overlap warning see it like any other grant. The
import that brought it is its origin: the application's first transition ('' → 정산 완료) and
each payment's note name it. Nobody is notified: these grants ended years ago.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from programs import rules, workflow
from programs.models import Agreement, Application, Call, Disbursement, Program, ProgramType
from programs.services.agreements import paid_total
from seoul_se.access import OFFICIAL_ROLES, require_role
from seoul_se.accounts.models import User

S = Application.Status
# The program types an enterprise applies for (the district ones are applied for by a 자치구).
ENTERPRISE_TYPES = frozenset(ProgramType.values) - {
    ProgramType.DISTRICT_ECOSYSTEM,
    ProgramType.DISTRICT_ZONE,
}
FIRST_YEAR = 2000


@dataclass(frozen=True)
class PastGrant:
    year: int
    program_type: str
    program_name: str
    enterprise_id: int
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    award_amount: int


def grant_problems(grant: PastGrant, today: dt.date) -> list[tuple[str, str, str]]:
    """What is wrong with a past grant as (field, code, Korean message); empty when valid.
    The import reports these per row; :func:`record_past_grant` refuses them again."""
    problems = []
    if not FIRST_YEAR <= grant.year < today.year:
        problems.append(
            (
                "year",
                "not_past_year",
                _("과거 지원은 %(first)s년부터 %(last)s년까지만 등록할 수 있습니다.")
                % {"first": FIRST_YEAR, "last": today.year - 1},
            )
        )
    if grant.program_type not in ENTERPRISE_TYPES:
        problems.append(
            ("program_type", "unknown_program", _("기업이 지원받는 사업 유형이 아닙니다."))
        )
    if grant.signed_on.year != grant.year:
        problems.append(("signed_on", "outside_year", _("협약일이 사업 연도 안에 있지 않습니다.")))
    if grant.award_amount <= 0:
        problems.append(
            ("award_amount", "amount_not_positive", _("협약금액은 0원보다 커야 합니다."))
        )
    if grant.ends_on < grant.starts_on:
        problems.append(("ends_on", "end_before_start", _("사업 종료일이 시작일보다 빠릅니다.")))
    return problems


def _refuse(problems: list[tuple[str, str, str]]) -> None:
    if problems:
        raise ValidationError(
            {field: ValidationError(message, code=code) for field, code, message in problems}
        )


def _historical_call(program: Program) -> Call:
    call = Call.objects.filter(program=program, is_historical=True).first()
    if call is not None:
        return call
    opens = timezone.make_aware(dt.datetime(program.year, 1, 1))
    return Call.objects.create(
        program=program,
        title=_("%(year)s년 %(name)s (과거 지원 이관)")
        % {"year": program.year, "name": program.name},
        opens_at=opens,
        closes_at=opens,
        status=Call.Status.CLOSED,
        is_historical=True,
    )


@transaction.atomic
def record_past_grant(grant: PastGrant, *, actor: User, origin: str) -> list[Model]:
    """Record a past grant as a settled application with its agreement; returns what was
    created (the program and its historical call when new, the application, the agreement).
    The program of (year, type) is used when it exists, else created with the sheet's name."""
    require_role(actor, OFFICIAL_ROLES)
    _refuse(grant_problems(grant, timezone.localdate()))
    created: list[Model] = []
    program, new_program = Program.objects.get_or_create(
        year=grant.year, program_type=grant.program_type, defaults={"name": grant.program_name}
    )
    if new_program:
        created.append(program)
    elif Agreement.objects.filter(program=program, enterprise_id=grant.enterprise_id).exists():
        raise ValidationError(
            _("이 기업은 이미 이 사업의 협약이 등록되어 있습니다."), code="grant_exists"
        )
    call_existed = Call.objects.filter(program=program, is_historical=True).exists()
    call = _historical_call(program)
    if not call_existed:
        created.append(call)
    application = Application.objects.create(
        call=call,
        enterprise_id=grant.enterprise_id,
        title=program.name,
        requested_amount=grant.award_amount,
        awarded_amount=grant.award_amount,
        # Calendar months touched by the period (March 2 – December 31 is 10).
        duration_months=(grant.ends_on.year - grant.starts_on.year) * 12
        + grant.ends_on.month
        - grant.starts_on.month
        + 1,
        status=S.SETTLED,
        created_by=actor,
    )
    workflow.MACHINE.start(application, actor=actor, comment=origin)
    national, district, city = rules.split_shares(
        grant.award_amount, program.national_share, program.district_share
    )
    agreement = Agreement.objects.create(
        application=application,
        program=program,
        enterprise_id=grant.enterprise_id,
        award_amount=grant.award_amount,
        national_amount=national,
        district_amount=district,
        city_amount=city,
        starts_on=grant.starts_on,
        ends_on=grant.ends_on,
        signed_on=grant.signed_on,
        signed_by=actor,
    )
    return [*created, application, agreement]


@transaction.atomic
def record_past_payment(
    agreement: Agreement | int, *, actor: User, paid_on: dt.date, amount: int, origin: str
) -> Disbursement:
    """A payment of a past grant (only those of a historical call); together the payments
    never exceed the award (the agreement row is locked, as for live payments)."""
    require_role(actor, OFFICIAL_ROLES)
    pk = agreement if isinstance(agreement, int) else agreement.pk
    locked = (
        Agreement.objects.select_for_update()
        .select_related("program", "application__call")
        .get(pk=pk)
    )
    if not locked.application.call.is_historical:
        raise ValidationError(
            _("과거 지원으로 이관된 협약에만 과거 교부를 등록할 수 있습니다."),
            code="not_past_grant",
        )
    if amount <= 0:
        raise ValidationError(_("교부액은 0원보다 커야 합니다."), code="amount_not_positive")
    if paid_on > timezone.localdate():
        raise ValidationError(_("지급일이 오늘 이후입니다."), code="future_date")
    paid = paid_total(locked)
    if paid + amount > locked.award_amount:
        raise ValidationError(
            _("교부액이 남은 협약 금액 %(remaining)s원을 초과합니다.")
            % {"remaining": f"{locked.award_amount - paid:,}"},
            code="over_remaining",
        )
    national, district, city = rules.split_payment_shares(
        paid, amount, locked.program.national_share, locked.program.district_share
    )
    return Disbursement.objects.create(
        agreement=locked,
        paid_on=paid_on,
        amount=amount,
        national_amount=national,
        district_amount=district,
        city_amount=city,
        note=origin[:200],
        recorded_by=actor,
    )
