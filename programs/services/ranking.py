"""The ranking method of a call (raw mean, trimmed mean, calibrated): changed only here, with
the change recorded (who, from, to, why) for the officials who confirm the selection."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programs.models import Application, Call, RankingMethod, RankingMethodChange
from seoul_se.access import STAFF_ROLES, require_role
from seoul_se.accounts.models import User


@transaction.atomic
def set_ranking_method(call: Call, method: str, *, actor: User, reason: str) -> RankingMethodChange:
    require_role(actor, STAFF_ROLES)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if method not in RankingMethod.values:
        raise ValidationError(_("순위 산정 방식이 올바르지 않습니다."), code="invalid_method")
    if method == call.ranking_method:
        raise ValidationError(
            _("이미 이 방식으로 순위를 정하고 있습니다."), code="method_unchanged"
        )
    if not reason.strip():
        raise ValidationError(
            _("순위 산정 방식을 바꾸는 사유를 입력해 주십시오."), code="method_reason_required"
        )
    # Once officials have confirmed a selection, the ranking it was based on stays as it was.
    if Application.objects.filter(call=call, selected_at__isnull=False).exists():
        raise ValidationError(
            _("선정이 확정된 공모의 순위 산정 방식은 바꿀 수 없습니다."),
            code="selection_confirmed",
        )
    change = RankingMethodChange.objects.create(
        call=call,
        from_method=call.ranking_method,
        to_method=method,
        reason=reason.strip(),
        actor=actor,
    )
    call.ranking_method = method
    call.save(update_fields=["ranking_method"])
    return change
