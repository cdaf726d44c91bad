"""보완요청: staff ask for more with a deadline, the applicant answers with a text and files,
and a daily job reminds applicants of requests about to fall due."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Application, SupplementRequest
from programs.services.applications import store_file
from programs.services.common import _require_applicant, _url, applicant_users
from seoul_se.access import STAFF_ROLES, require_role
from seoul_se.accounts.models import User
from seoul_se.notifications.services import notify

S = Application.Status
MAX_SUPPLEMENT_FILES = 10


@transaction.atomic
def request_supplement(
    application: Application, message: str, due_at: dt.datetime, *, actor: User
) -> SupplementRequest:
    require_role(actor, STAFF_ROLES)
    if application.status in (S.DRAFT, S.WITHDRAWN):
        raise ValidationError(
            _("접수된 신청서에만 보완을 요청할 수 있습니다."), code="not_submitted"
        )
    if due_at <= timezone.now():
        raise ValidationError(_("보완 기한은 현재 이후여야 합니다."), code="due_in_past")
    if not message.strip():
        raise ValidationError(_("요청 내용을 입력해 주십시오."), code="message_required")
    request = SupplementRequest.objects.create(
        application=application, message=message, due_at=due_at, requested_by=actor
    )
    notify(
        applicant_users(application),
        "신청서 보완요청",
        f"{message}\n기한: {timezone.localtime(due_at):%Y-%m-%d %H:%M}",
        _url(application),
    )
    return request


@transaction.atomic
def answer_supplement(
    request: SupplementRequest,
    response: str,
    *,
    actor: User,
    files: Sequence[UploadedFile] = (),
) -> SupplementRequest:
    """The applicant's answer: a text, files (each through ``check_upload``, kept as the
    application's attachments of this request), or both; once, before the deadline."""
    request = SupplementRequest.objects.select_for_update().get(pk=request.pk)
    _require_applicant(actor, request.application)
    if request.responded_at is not None:
        raise ValidationError(_("이미 답변한 보완요청입니다."), code="already_answered")
    if timezone.now() > request.due_at:
        raise ValidationError(_("보완 기한이 지났습니다."), code="supplement_overdue")
    if not response.strip() and not files:
        raise ValidationError(_("보완 내용을 입력해 주십시오."), code="response_required")
    if len(files) > MAX_SUPPLEMENT_FILES:
        raise ValidationError(
            _("보완 서류는 %(max)s개까지 첨부할 수 있습니다.") % {"max": MAX_SUPPLEMENT_FILES},
            code="too_many_files",
        )
    for upload in files:
        store_file(request.application, upload, _("보완 서류"), actor=actor, supplement=request)
    request.response = response
    request.responded_by = actor
    request.responded_at = timezone.now()
    request.save(update_fields=["response", "responded_by", "responded_at"])
    names = ", ".join(upload.name or "" for upload in files)
    notify(
        [request.requested_by],
        "보완요청 답변 도착",
        (response[:200] + (f"\n첨부: {names}" if names else "")).strip(),
        _url(request.application),
    )
    return request


def send_supplement_reminders(now: dt.datetime | None = None) -> int:
    """Remind applicants once when an unanswered 보완요청 is due within 48 hours (daily task).
    Returns how many reminders were sent; running it again the same day sends nothing new."""
    now = now or timezone.now()
    due = SupplementRequest.objects.filter(
        responded_at__isnull=True,
        reminded_at__isnull=True,
        due_at__gt=now,
        due_at__lte=now + dt.timedelta(hours=48),
    ).select_related("application")
    sent = 0
    for request in due:
        with transaction.atomic():
            if not SupplementRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue  # another worker reminded it meanwhile
            notify(
                applicant_users(request.application),
                "보완요청 기한 임박",
                f"{request.message}\n기한: {timezone.localtime(request.due_at):%Y-%m-%d %H:%M}",
                _url(request.application),
            )
            sent += 1
    return sent
