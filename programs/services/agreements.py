"""Agreements, disbursements and the interim decision."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from districts import selectors as district_selectors
from programs import rules, workflow
from programs.models import (
    Agreement,
    Application,
    Disbursement,
    Instalment,
    Phase,
    Program,
)
from programs.services.common import (
    S,
    _lock,
    _move,
    _url,
    applicant_users,
)
from seoul_se.access import STAFF_ROLES, require_role
from seoul_se.accounts.models import User
from seoul_se.notifications.services import notify


@transaction.atomic
def sign_agreement(
    application: Application,
    *,
    actor: User,
    starts_on: dt.date,
    ends_on: dt.date,
    signed_on: dt.date,
    instalments: Sequence[tuple[dt.date, int]] = (),
    award_amount: int | None = None,
) -> Agreement:
    require_role(actor, STAFF_ROLES)
    application = _lock(application)
    if application.status != S.SELECTED:
        raise ValidationError(_("선정된 신청서만 협약을 체결할 수 있습니다."), code="not_selected")
    award = award_amount if award_amount is not None else (application.awarded_amount or 0)
    if award <= 0 or award > (application.awarded_amount or 0):
        raise ValidationError(
            _("협약 금액은 선정 금액 이하여야 합니다."), code="award_above_selection"
        )
    if ends_on < starts_on:
        raise ValidationError(_("사업 종료일이 시작일보다 빠릅니다."), code="end_before_start")
    if instalments and sum(amount for _, amount in instalments) != award:
        raise ValidationError(
            _("교부 계획 합계가 협약 금액과 같아야 합니다."), code="instalments_mismatch"
        )
    # A district's agreement covers one stage year: never above that year's cap.
    district_selectors.check_amount(application.pk, 0, award)
    program = application.call.program
    agreement = new_agreement(
        application,
        program,
        award=award,
        starts_on=starts_on,
        ends_on=ends_on,
        signed_on=signed_on,
        actor=actor,
    )
    agreement.save(force_insert=True)
    Instalment.objects.bulk_create(
        Instalment(agreement=agreement, due_on=due, amount=amount) for due, amount in instalments
    )
    years = max(1, (ends_on.year - starts_on.year) + 1)
    Phase.objects.bulk_create(
        Phase(agreement=agreement, year_number=n, amount=award if n == 1 else 0)
        for n in range(1, min(years, program.max_years or 1) + 1)
    )
    _move(application, "sign", actor, f"협약 체결 {award:,}원")
    notify(
        applicant_users(application),
        "협약이 체결되었습니다",
        f"협약 금액 {award:,}원 (국비 {agreement.national_amount:,}원, "
        f"시비 {agreement.city_amount:,}원"
        + (f", 구비 {agreement.district_amount:,}원)" if agreement.district_amount else ")"),
        _url(application),
    )
    return agreement


def new_agreement(
    application: Application,
    program: Program,
    *,
    award: int,
    starts_on: dt.date,
    ends_on: dt.date,
    signed_on: dt.date,
    actor: User,
) -> Agreement:
    """The (unsaved) agreement of ``application``: its applicant's, the award split into
    국비/구비/시비 by the program's shares (``rules.split_shares``: floors, the city the rest).
    Signing and the past grants (one by one or in bulk) all build it here."""
    national, district, city = rules.split_shares(
        award, program.national_share, program.district_share
    )
    return Agreement(
        application=application,
        program=program,
        enterprise_id=application.enterprise_id,
        district_id=application.district_id,
        award_amount=award,
        national_amount=national,
        district_amount=district,
        city_amount=city,
        starts_on=starts_on,
        ends_on=ends_on,
        signed_on=signed_on,
        signed_by=actor,
    )


def new_disbursement(
    agreement: Agreement,
    program: Program,
    *,
    paid_before: int,
    amount: int,
    paid_on: dt.date,
    note: str,
    actor: User,
) -> Disbursement:
    """The (unsaved) payment of ``amount`` on ``agreement`` after ``paid_before``: refused above
    what is left of the award; its shares are the cumulative split's increments
    (``rules.split_payment_shares``), so the payments add up to the agreement's split."""
    remaining = agreement.award_amount - paid_before
    if amount > remaining:
        raise ValidationError(
            _("교부액이 남은 협약 금액 %(remaining)s원을 초과합니다.")
            % {"remaining": f"{remaining:,}"},
            code="over_remaining",
        )
    national, district, city = rules.split_payment_shares(
        paid_before, amount, program.national_share, program.district_share
    )
    return Disbursement(
        agreement=agreement,
        amount=amount,
        national_amount=national,
        district_amount=district,
        city_amount=city,
        paid_on=paid_on,
        note=note,
        recorded_by=actor,
    )


def paid_total(agreement: Agreement) -> int:
    return agreement.disbursements.aggregate(total=Sum("amount"))["total"] or 0


@transaction.atomic
def record_disbursement(
    agreement: Agreement | int, *, actor: User, amount: int, paid_on: dt.date, note: str = ""
) -> Disbursement:
    """Record a payment; the agreement row lock makes concurrent payments queue, so together they
    can never exceed the award."""
    require_role(actor, STAFF_ROLES)
    pk = agreement if isinstance(agreement, int) else agreement.pk
    locked = Agreement.objects.select_for_update().select_related("program").get(pk=pk)
    application = Application.objects.get(pk=locked.application_id)
    if application.status not in workflow.PAYABLE:
        raise ValidationError(_("진행 중인 협약에만 교부할 수 있습니다."), code="not_payable")
    if amount <= 0:
        raise ValidationError(_("교부액은 0원보다 커야 합니다."), code="amount_not_positive")
    paid = paid_total(locked)
    # The stage year's cap first (a district's agreement is one stage year), then the award.
    district_selectors.check_amount(application.pk, paid, amount)
    disbursement = new_disbursement(
        locked,
        locked.program,
        paid_before=paid,
        amount=amount,
        paid_on=paid_on,
        note=note,
        actor=actor,
    )
    disbursement.save(force_insert=True)
    if application.status == S.AGREEMENT_SIGNED:
        _move(_lock(application), "begin", actor, "첫 교부로 사업 개시")
    notify(
        applicant_users(application),
        "사업비가 교부되었습니다",
        f"{paid_on:%Y-%m-%d} {amount:,}원 교부 (누적 {paid + amount:,}원 / {locked.award_amount:,}원)",
        _url(application),
    )
    return disbursement


@transaction.atomic
def decide_interim(
    application: Application,
    *,
    actor: User,
    continue_support: bool,
    additional_amount: int = 0,
    comment: str = "",
) -> Agreement:
    """Interim evaluation: continue (optionally with additional funds, raising the award and its
    split) or terminate (completed early; nothing more can be paid)."""
    require_role(actor, STAFF_ROLES)
    application = _lock(application)
    if application.status != S.INTERIM_EVALUATION:
        raise ValidationError(_("중간평가 중인 사업만 결정할 수 있습니다."), code="not_in_interim")
    agreement = (
        Agreement.objects.select_for_update().select_related("program").get(application=application)
    )
    if additional_amount < 0 or (additional_amount and not continue_support):
        raise ValidationError(
            _("추가 사업비는 계속 지원일 때만 0원 이상으로 정할 수 있습니다."),
            code="additional_amount_invalid",
        )
    phase = agreement.phases.filter(decision=Phase.Decision.PENDING).order_by("year_number").first()
    if continue_support:
        district_selectors.check_amount(application.pk, agreement.award_amount, additional_amount)
        agreement.award_amount += additional_amount
        agreement.national_amount, agreement.district_amount, agreement.city_amount = (
            rules.split_shares(
                agreement.award_amount,
                agreement.program.national_share,
                agreement.program.district_share,
            )
        )
        agreement.save(
            update_fields=["award_amount", "national_amount", "district_amount", "city_amount"]
        )
        _move(
            application,
            "continue",
            actor,
            comment or f"계속 지원 (추가 {additional_amount:,}원)",
        )
    else:
        agreement.terminated_on = timezone.localdate()
        agreement.save(update_fields=["terminated_on"])
        _move(application, "terminate", actor, comment or "중간평가 결과 지원 종료")
    if phase is not None:
        phase.decision = Phase.Decision.CONTINUE if continue_support else Phase.Decision.TERMINATE
        phase.comment = comment
        phase.decided_by = actor
        phase.decided_at = timezone.now()
        phase.save()
        if continue_support:
            Phase.objects.filter(agreement=agreement, year_number=phase.year_number + 1).update(
                amount=additional_amount
            )
    notify(
        applicant_users(application),
        "중간평가 결과",
        "계속 지원" if continue_support else "지원 종료",
        _url(application),
    )
    return agreement
