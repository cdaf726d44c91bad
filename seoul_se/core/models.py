import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Written by the ``core.heartbeat`` task: proof that a worker reached the database."""

    note = models.CharField(_("메모"), max_length=200)
    created_at = models.DateTimeField(_("기록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("워커 확인 기록")

    def __str__(self) -> str:
        return self.note


class BackgroundJob(models.Model):
    """A long task run by Celery (import, recomputation, workbook) with its progress.

    One active job per (kind, parameters): asking again while it runs returns the same job.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("대기")
        RUNNING = "running", _("진행 중")
        SUCCEEDED = "succeeded", _("완료")
        FAILED = "failed", _("실패")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("작업 종류"), max_length=64)
    params = models.JSONField(_("매개변수"), default=dict)
    params_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("상태"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("진행률(%)"), default=0)
    message = models.TextField(_("메시지"), blank=True)
    result = models.JSONField(_("결과"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("요청자"),
    )
    created_at = models.DateTimeField(_("요청 시각"), auto_now_add=True)
    started_at = models.DateTimeField(_("시작 시각"), null=True, blank=True)
    finished_at = models.DateTimeField(_("종료 시각"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("시도 횟수"), default=0)

    class Meta:
        verbose_name = _("백그라운드 작업")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "params_hash"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_job_per_kind_and_params",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @staticmethod
    def hash_params(params: dict) -> str:
        return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
