"""The personal-data access log (개인정보 접속기록) and its monthly reviews.

Every page view, list, export, API read and file download of personal data writes one
:class:`AccessLog` row (the record ids of a list or export go into one JSON array, so a request
costs one INSERT). Rows are append-only: the model refuses updates and deletes, and on
PostgreSQL a trigger (migration 0002) refuses them in the database, except the retention purge
(``services.purge_expired_access_logs``) of rows older than two years.
"""

from typing import Any, NoReturn

from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seoul_se.accounts.models import Role


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an access-log row."""


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("개인정보 접속기록은 수정할 수 없습니다.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("개인정보 접속기록은 삭제할 수 없습니다.")


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("상세 조회")
        LIST = "list", _("목록 조회")
        EXPORT = "export", _("엑셀 내려받기")
        DOWNLOAD = "download", _("파일 내려받기")
        API = "api", _("API 조회")

    class Purpose(models.TextChoices):
        PROGRAM = "program", _("지원사업 운영·관리")
        MONITORING = "monitoring", _("기업 현황 점검·모니터링")
        STATISTICS = "statistics", _("통계·보고서 작성")
        AUDIT = "audit", _("감사·정산")
        CIVIL = "civil", _("민원 처리")
        OTHER = "other", _("기타 (직접 입력)")

    at = models.DateTimeField(_("시각"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("사용자"),
    )
    # The role at the time of access: a later role change must not rewrite history.
    actor_role = models.CharField(_("역할"), max_length=32, blank=True)
    ip = models.GenericIPAddressField(_("접속 주소"), null=True, blank=True)
    action = models.CharField(_("작업"), max_length=16, choices=Action.choices)
    target = models.CharField(
        _("자료 종류"), max_length=100, help_text=_("app_label.model, 예: enterprises.enterprise")
    )
    record_ids = models.JSONField(_("자료 번호"), default=list, blank=True)
    count = models.PositiveIntegerField(_("건수"), default=0)
    purpose = models.CharField(_("목적"), max_length=16, choices=Purpose.choices, blank=True)
    purpose_detail = models.CharField(_("목적 상세"), max_length=200, blank=True)
    path = models.CharField(_("요청 주소"), max_length=500, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("개인정보 접속기록")
        verbose_name_plural = _("개인정보 접속기록")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["actor", "at"], name="accesslog_actor_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("개인정보 접속기록은 수정할 수 없습니다.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("개인정보 접속기록은 삭제할 수 없습니다.")

    @property
    def action_label(self) -> str:
        return str(self.Action(self.action).label)

    @property
    def role_label(self) -> str:
        return str(Role(self.actor_role).label) if self.actor_role in Role.values else ""

    @property
    def target_label(self) -> str:
        """The model's name in the reader's language; the stored label if the model is gone."""
        try:
            return str(apps.get_model(self.target)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.target

    @property
    def purpose_label(self) -> str:
        return str(self.Purpose(self.purpose).label) if self.purpose else ""


class AccessReview(models.Model):
    """An official's record that one month of the access log was reviewed (점검)."""

    month = models.DateField(_("점검 월"), unique=True, help_text=_("그 달의 1일"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("점검자"),
    )
    reviewed_at = models.DateTimeField(_("점검 시각"), default=timezone.now)
    flagged = models.PositiveIntegerField(_("점검 시 특이사항 수"), default=0)
    note = models.TextField(_("점검 의견"))

    class Meta:
        verbose_name = _("개인정보 접속기록 점검")
        verbose_name_plural = _("개인정보 접속기록 점검")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} 점검"


auditlog.register(AccessReview)
