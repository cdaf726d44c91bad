"""Results (실적): entered by the applicant or staff, confirmed by staff."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs import workflow
from programs.models import (
    Application,
    Result,
)
from programs.services.common import (
    _require_applicant,
    _url,
    applicant_users,
)
from seoul_se.access import STAFF_ROLES, require_role
from seoul_se.accounts.models import User
from seoul_se.core.uploads import check_upload
from seoul_se.notifications.services import notify


@transaction.atomic
def record_result(
    application: Application,
    *,
    actor: User,
    kind: str,
    quantity: Decimal,
    period_start: dt.date,
    period_end: dt.date,
    description: str = "",
    evidence: UploadedFile | None = None,
) -> Result:
    _require_applicant(actor, application)
    if application.status not in workflow.REPORTABLE:
        raise ValidationError(
            _("협약을 체결한 사업에만 실적을 입력할 수 있습니다."), code="not_reportable"
        )
    if kind not in Result.Kind.values:
        raise ValidationError(_("실적 종류가 올바르지 않습니다."), code="invalid_kind")
    if quantity < 0:
        raise ValidationError(_("수량은 0 이상이어야 합니다."), code="negative_quantity")
    if period_end < period_start:
        raise ValidationError(_("기간 종료일이 시작일보다 빠릅니다."), code="end_before_start")
    if evidence is not None:
        check_upload(evidence)
    result = Result.objects.create(
        program_id=application.call.program_id,
        application=application,
        kind=kind,
        quantity=quantity,
        period_start=period_start,
        period_end=period_end,
        description=description,
        evidence=evidence or "",
        entered_by=actor,
    )
    if actor.role in STAFF_ROLES:
        confirm_result(result, actor=actor)
    return result


@transaction.atomic
def confirm_result(result: Result, *, actor: User) -> Result:
    require_role(actor, STAFF_ROLES)
    if result.confirmed_at is None:
        result.confirmed_by = actor
        result.confirmed_at = timezone.now()
        result.save(update_fields=["confirmed_by", "confirmed_at"])
        application = result.application
        if application is not None:
            notify(
                applicant_users(application),
                "실적이 확인되었습니다",
                f"{result.get_kind_display()} {result.quantity}",
                _url(application),
                email=False,
            )
    return result
