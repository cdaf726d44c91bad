"""Past grants (e.g. 2013–2019) recorded from the centre's spreadsheets, outside the live
application workflow.

A past grant becomes a settled application in its program's historical call, with its agreement
and payments, so the support history and the overlap warning see it like any other grant. The
import that brought it is its origin: the application's first transition ('' → 정산 완료) and
each payment's note name it. Nobody is notified: these grants ended years ago.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Sum, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from programs import workflow
from programs.models import Agreement, Application, Call, Disbursement, Program, ProgramType
from programs.services.agreements import new_agreement, new_disbursement, paid_total
from seoul_se.access import OFFICIAL_ROLES, require_role
from seoul_se.accounts.models import User
from seoul_se.audit.bulk import log_created

S = Application.Status
# The program types an enterprise applies for (the district ones are applied for by a 자치구).
ENTERPRISE_TYPES = frozenset(ProgramType.values) - {
    ProgramType.DISTRICT_ECOSYSTEM,
    ProgramType.DISTRICT_ZONE,
}
FIRST_YEAR = 2000
BATCH = 2_000  # rows per INSERT of the bulk path
GrantKey = tuple[int, str, int]  # (year, program type, enterprise id): one agreement


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

    @property
    def key(self) -> GrantKey:
        return (self.year, self.program_type, self.enterprise_id)


@dataclass(frozen=True)
class PastPayment:
    """A payment of the past grant ``grant`` (one of the same call's grants, or one recorded
    before)."""

    grant: GrantKey
    paid_on: dt.date
    amount: int


@dataclass
class RecordedGrants:
    """What :func:`record_past_grants` created: per grant, as :func:`record_past_grant` returns
    it; the payments in the order given."""

    grants: dict[GrantKey, list[Model]] = field(default_factory=dict)
    payments: list[Disbursement] = field(default_factory=list)


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


def _grant_exists() -> ValidationError:
    return ValidationError(
        _("이 기업은 이미 이 사업의 협약이 등록되어 있습니다."), code="grant_exists"
    )


def _new_historical_call(program: Program) -> Call:
    opens = timezone.make_aware(dt.datetime(program.year, 1, 1))
    return Call(
        program=program,
        title=_("%(year)s년 %(name)s (과거 지원 이관)")
        % {"year": program.year, "name": program.name},
        opens_at=opens,
        closes_at=opens,
        status=Call.Status.CLOSED,
        is_historical=True,
    )


def _new_application(grant: PastGrant, call: Call, program: Program, actor: User) -> Application:
    return Application(
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


def _new_agreement(
    grant: PastGrant, application: Application, program: Program, actor: User
) -> Agreement:
    return new_agreement(
        application,
        program,
        award=grant.award_amount,
        starts_on=grant.starts_on,
        ends_on=grant.ends_on,
        signed_on=grant.signed_on,
        actor=actor,
    )


def _check_payment(historical: bool, amount: int, paid_on: dt.date, today: dt.date) -> None:
    """A past payment's own rules (the award's remainder is ``new_disbursement``'s)."""
    if not historical:
        raise ValidationError(
            _("과거 지원으로 이관된 협약에만 과거 교부를 등록할 수 있습니다."),
            code="not_past_grant",
        )
    if amount <= 0:
        raise ValidationError(_("교부액은 0원보다 커야 합니다."), code="amount_not_positive")
    if paid_on > today:
        raise ValidationError(_("지급일이 오늘 이후입니다."), code="future_date")


@transaction.atomic
def record_past_grant(grant: PastGrant, *, actor: User, origin: str) -> list[Model]:
    """Record a past grant as a settled application with its agreement; returns what was
    created (the program and its historical call when new, the application, the agreement).
    The program of (year, type) is used when it exists, else created with the sheet's name.
    :func:`record_past_grants` does the same for many grants in a bounded number of queries."""
    require_role(actor, OFFICIAL_ROLES)
    _refuse(grant_problems(grant, timezone.localdate()))
    created: list[Model] = []
    program, new_program = Program.objects.get_or_create(
        year=grant.year, program_type=grant.program_type, defaults={"name": grant.program_name}
    )
    if new_program:
        created.append(program)
    elif Agreement.objects.filter(program=program, enterprise_id=grant.enterprise_id).exists():
        raise _grant_exists()
    call = Call.objects.filter(program=program, is_historical=True).first()
    if call is None:
        call = _new_historical_call(program)
        call.save(force_insert=True)
        created.append(call)
    application = _new_application(grant, call, program, actor)
    application.save(force_insert=True)
    workflow.MACHINE.start(application, actor=actor, comment=origin)
    agreement = _new_agreement(grant, application, program, actor)
    agreement.save(force_insert=True)
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
    _check_payment(locked.application.call.is_historical, amount, paid_on, timezone.localdate())
    disbursement = new_disbursement(
        locked,
        locked.program,
        paid_before=paid_total(locked),
        amount=amount,
        paid_on=paid_on,
        note=origin[:200],
        actor=actor,
    )
    disbursement.save(force_insert=True)
    return disbursement


@transaction.atomic
def record_past_grants(
    grants: Sequence[PastGrant],
    payments: Sequence[PastPayment] = (),
    *,
    actor: User,
    origin: str,
) -> RecordedGrants:
    """:func:`record_past_grant` for each of ``grants``, then :func:`record_past_payment` for
    each of ``payments`` in order, with the same rules and the same rows (audit entries
    included), in a number of queries that does not grow with the rows (one INSERT per table
    per 2,000 rows). All or nothing."""
    require_role(actor, OFFICIAL_ROLES)
    today = timezone.localdate()
    for grant in grants:
        _refuse(grant_problems(grant, today))
    done = RecordedGrants()
    programs, new_programs = _programs(grants)
    calls, new_calls = _calls(programs, new_programs)
    taken = set(
        Agreement.objects.filter(
            program__in=[p for k, p in programs.items() if k not in new_programs],
            enterprise_id__in={g.enterprise_id for g in grants},
        ).values_list("program_id", "enterprise_id")
    )
    applications, agreements = [], {}
    for grant in grants:
        program = programs[grant.year, grant.program_type]
        if grant.key in agreements or (program.pk, grant.enterprise_id) in taken:
            raise _grant_exists()
        call = calls[program.pk]
        application = _new_application(grant, call, program, actor)
        applications.append(application)
        agreements[grant.key] = _new_agreement(grant, application, program, actor)
        done.grants[grant.key] = [
            *([program] if new_programs.pop((grant.year, grant.program_type), None) else []),
            *([call] if new_calls.pop(program.pk, None) else []),
            application,
            agreements[grant.key],
        ]
    Application.objects.bulk_create(applications, batch_size=BATCH)
    transitions = workflow.MACHINE.start_all(applications, actor=actor, comment=origin)
    Agreement.objects.bulk_create(agreements.values(), batch_size=BATCH)
    done.payments = _payments(agreements, payments, actor=actor, origin=origin, today=today)
    created = [obj for objs in done.grants.values() for obj in objs]
    prefetch_related_objects(list(agreements.values()), "enterprise")  # their audit repr
    log_created([*created, *transitions, *done.payments], actor=actor)
    return done


def _programs(
    grants: Sequence[PastGrant],
) -> tuple[dict[tuple[int, str], Program], dict[tuple[int, str], Program]]:
    """The programs of the grants' (year, type), the missing ones created with the first
    grant's name (as ``get_or_create``); (all, created)."""
    programs = {
        (p.year, p.program_type): p
        for p in Program.objects.filter(
            year__in={g.year for g in grants}, program_type__in={g.program_type for g in grants}
        )
    }
    new: dict[tuple[int, str], Program] = {}
    for grant in grants:
        key = (grant.year, grant.program_type)
        if key not in programs:
            programs[key] = new[key] = Program(
                year=grant.year, program_type=grant.program_type, name=grant.program_name
            )
    Program.objects.bulk_create(new.values(), batch_size=BATCH)
    return programs, new


def _calls(
    programs: dict[tuple[int, str], Program], new_programs: dict[tuple[int, str], Program]
) -> tuple[dict[int, Call], dict[int, Call]]:
    """The historical call of each program (its first), created when missing; (all, created)."""
    calls: dict[int, Call] = {}
    for call in Call.objects.filter(
        program__in=[p for k, p in programs.items() if k not in new_programs], is_historical=True
    ):
        calls.setdefault(call.program_id, call)
    new = {p.pk: _new_historical_call(p) for p in programs.values() if p.pk not in calls}
    Call.objects.bulk_create(new.values(), batch_size=BATCH)
    return {**calls, **new}, dict(new)


def _payments(
    agreements: dict[GrantKey, Agreement],
    payments: Sequence[PastPayment],
    *,
    actor: User,
    origin: str,
    today: dt.date,
) -> list[Disbursement]:
    """The payments, on this call's new agreements or on recorded ones (locked, as one by one,
    with what they were paid so far)."""
    recorded = {
        (a.program.year, a.program.program_type, a.enterprise_id): a
        for a in Agreement.objects.select_for_update(of=("self",))
        .select_related("program", "application__call")
        .filter(
            program__year__in={p.grant[0] for p in payments if p.grant not in agreements},
            enterprise_id__in={p.grant[2] for p in payments if p.grant not in agreements},
        )
    }
    paid = dict(
        Disbursement.objects.filter(agreement__in=[a.pk for a in recorded.values()])
        .values("agreement_id")
        .annotate(total=Sum("amount"))
        .values_list("agreement_id", "total")
    )
    before = {key: paid.get(a.pk, 0) for key, a in recorded.items()}
    written = []
    for payment in payments:
        agreement = agreements.get(payment.grant) or recorded.get(payment.grant)
        if agreement is None:
            raise ValidationError(
                _("교부를 기록할 과거 지원 협약이 없습니다."), code="unknown_grant"
            )
        historical = payment.grant in agreements or agreement.application.call.is_historical
        _check_payment(historical, payment.amount, payment.paid_on, today)
        paid_before = before.get(payment.grant, 0)
        written.append(
            new_disbursement(
                agreement,
                agreement.program,
                paid_before=paid_before,
                amount=payment.amount,
                paid_on=payment.paid_on,
                note=origin[:200],
                actor=actor,
            )
        )
        before[payment.grant] = paid_before + payment.amount
    return Disbursement.objects.bulk_create(written, batch_size=BATCH)
