"""State changes of the districts app. A district's application is a ``programs`` application
(through ``programs.services``) plus the stage and stage year it is for, checked here: the
stage path, the stage year's cap and one application per district, stage and year. Everything
is atomic: a refused application leaves nothing behind."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from districts import rules, selectors
from districts.models import DistrictCentre, DistrictStage, StageApplication
from programs import services as program_services
from programs.models import Application, Call
from seoul_se.access import STAFF_ROLES, require_role
from seoul_se.accounts.models import Role, User
from seoul_se.reference.models import District


def _duplicate() -> ValidationError:
    return ValidationError(
        _("이 자치구는 올해 이미 이 단계에 신청했습니다."), code="duplicate_stage_year"
    )


@transaction.atomic
def apply_for_stage(
    call: Call,
    district: District,
    stage: DistrictStage,
    *,
    actor: User,
    title: str,
    summary: str = "",
    requested_amount: int,
    duration_months: int,
) -> Application:
    """A district's draft application to ``stage`` of a district call: the stage must belong
    to the call's track and be open to the district (:func:`rules.entry_year`), the amount
    within the stage year's cap."""
    if selectors.track_of(call.program.program_type) != stage.track:
        raise ValidationError(_("이 공모에서 신청할 수 없는 단계입니다."), code="stage_not_in_call")
    # Lock the district's stage applications so two simultaneous requests queue here.
    list(StageApplication.objects.select_for_update().filter(district=district, stage=stage))
    application = program_services.create_application(
        call,
        None,
        district=district,
        actor=actor,
        title=title,
        summary=summary,
        requested_amount=requested_amount,
        duration_months=duration_months,
    )
    year = call.program.year
    if StageApplication.objects.filter(district=district, stage=stage, year=year).exists():
        raise _duplicate()
    year_index = rules.entry_year(
        selectors.standing(district.pk, stage.track), stage.order, stage.max_years
    )
    rules.check_within_cap(stage.caps, year_index, 0, requested_amount)
    try:
        with transaction.atomic():
            StageApplication.objects.create(
                application=application,
                district=district,
                stage=stage,
                year=year,
                year_index=year_index,
            )
    except IntegrityError as exc:
        raise _duplicate() from exc
    return application


@transaction.atomic
def link_staff(centre: DistrictCentre, user: User, *, actor: User) -> None:
    """Let ``user`` (role 기업 담당자) act for the centre's district; recorded by the audit
    trail (m2m)."""
    require_role(actor, STAFF_ROLES)
    if user.role != Role.ENTERPRISE_MEMBER:
        raise ValidationError(
            _("'기업 담당자' 역할의 사용자만 자치구 센터 직원으로 연결할 수 있습니다."),
            code="wrong_role",
        )
    centre.staff.add(user)
