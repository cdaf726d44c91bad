import hashlib
import json
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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

    One active job per (kind, parameters): asking again while it runs returns the same job,
    unless its heartbeat is stale (see ``seoul_se.core.jobs``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("대기")
        RUNNING = "running", _("진행 중")
        SUCCEEDED = "succeeded", _("완료")
        FAILED = "failed", _("실패")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    # What the user reads for a failure with a known cause (``error_code``), in their language.
    ERROR_MESSAGES = {
        "broker_unavailable": _(
            "작업 대기열(메시지 브로커)에 연결할 수 없어 작업을 시작하지 못했습니다. "
            "잠시 후 다시 시도해 주세요."
        ),
        "interrupted": _("작업이 중단되었습니다. 다시 시도해 주세요."),
        "not_started": _("작업이 제시간에 시작되지 않았습니다. 다시 시도해 주세요."),
        "time_limit": _("작업이 제한 시간을 넘어 중단되었습니다. 다시 시도해 주세요."),
    }

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
    # Written when the job is queued or re-sent, claimed, reports progress, and every
    # JOB_HEARTBEAT_SECONDS while it runs: a job silent for JOB_STALE_AFTER_SECONDS is dead.
    heartbeat_at = models.DateTimeField(_("마지막 응답 시각"), null=True, blank=True)
    # Why a job failed, as a stable machine code ("broker_unavailable", "interrupted", "error").
    error_code = models.CharField(_("오류 코드"), max_length=32, blank=True)

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

    @property
    def display_message(self) -> str:
        """The message for the user; a failure with a known cause in their language."""
        if self.error_code in self.ERROR_MESSAGES:
            return str(self.ERROR_MESSAGES[self.error_code])
        if self.error_code == "error":
            return f"{_('처리 중 오류가 발생했습니다.')} {self.message}"
        return self.message


class TransitionRecord(models.Model):
    """One status change of a record: from, to, who (None: the system), why, when.

    Abstract: each workflow's concrete model adds the foreign key to its subject, named by
    ``subject_field`` (or overrides :meth:`subject_of`), and is written only by
    ``seoul_se.core.workflow.StateMachine``.
    """

    subject_field: ClassVar[str] = ""

    from_status = models.CharField(_("이전 상태"), max_length=32, blank=True)
    to_status = models.CharField(_("변경 상태"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("처리자"),
    )
    comment = models.TextField(_("의견"), blank=True)
    created_at = models.DateTimeField(_("처리 시각"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"

    @classmethod
    def subject_of(cls, subject: models.Model) -> dict[str, Any]:
        """The fields naming the subject in a new row."""
        return {cls.subject_field: subject}


def user_field(
    verbose_name: "StrOrPromise", *, optional: bool = True
) -> "models.ForeignKey[Any, Any]":
    """A foreign key to the user who did something: the record outlives no account (PROTECT) and
    users get no reverse accessor. ``optional``: the system (no user) may do it too."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=optional,
        blank=optional,
        related_name="+",
        verbose_name=verbose_name,
    )


class Recorded(models.Model):
    """Who registered a record (None: the system, e.g. demo data or an import) and when."""

    created_by = user_field(_("등록자"))
    created_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    class Meta:
        abstract = True


class ImportRecord(models.Model):
    """One uploaded file of an import kind: who, when, the file's checksum, the mapping used,
    the dry run's counts and report, and (once committed) the objects it created or changed."""

    class State(models.TextChoices):
        MAPPING = "mapping", _("열 지정 필요")
        CHECKED = "checked", _("검사 완료")
        REFUSED = "refused", _("오류로 거부")
        COMMITTING = "committing", _("저장 중")
        COMMITTED = "committed", _("저장 완료")
        FAILED = "failed", _("저장 실패")

    kind = models.CharField(_("종류"), max_length=64, db_index=True)
    actor = user_field(_("올린 사람"))
    organisation = models.CharField(_("소속"), max_length=200, blank=True)
    scope = models.JSONField(_("범위"), default=dict, blank=True)
    file_name = models.CharField(_("파일명"), max_length=255)
    stored_file = models.CharField(_("보관 파일"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("크기(바이트)"))
    header = models.JSONField(_("머리글"), default=list, blank=True)
    mapping = models.JSONField(_("열 지정"), default=dict, blank=True)
    state = models.CharField(_("상태"), max_length=16, choices=State.choices)
    rows = models.PositiveIntegerField(_("행 수"), default=0)
    created = models.PositiveIntegerField(_("생성"), default=0)
    changed = models.PositiveIntegerField(_("변경"), default=0)
    unchanged = models.PositiveIntegerField(_("그대로"), default=0)
    errors = models.PositiveIntegerField(_("오류"), default=0)
    report = models.JSONField(_("검사 결과"), default=dict, blank=True)
    job = models.ForeignKey(
        BackgroundJob,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("작업"),
    )
    created_at = models.DateTimeField(_("올린 시각"), auto_now_add=True)
    committed_at = models.DateTimeField(_("저장 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("가져오기 기록")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def link(
        self, obj: models.Model, outcome: str = "create", row: int = 0, detail: Any = None
    ) -> None:
        """Remember that this import created or changed ``obj`` (``detail``: what changed,
        {field: [before, after]}); written in bulk by the framework after the kind's commit."""
        self.link_key(type(obj), obj.pk, outcome, row, detail)

    def link_key(
        self,
        model: type[models.Model],
        pk: Any,
        outcome: str = "create",
        row: int = 0,
        detail: Any = None,
    ) -> None:
        """``link`` by model and primary key, for a kind that inserts rows without instances."""
        self.__dict__.setdefault("_links", []).append((model, pk, outcome, row, detail or {}))


class ImportedObject(models.Model):
    """A record an import created or changed: each import lists its rows, each row links back."""

    record = models.ForeignKey(
        ImportRecord, models.CASCADE, related_name="imported", verbose_name=_("가져오기 기록")
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", models.CASCADE, related_name="+", verbose_name=_("종류")
    )
    object_id = models.CharField(_("대상 ID"), max_length=64)
    outcome = models.CharField(_("결과"), max_length=16)
    row = models.PositiveIntegerField(_("행"), default=0)
    detail = models.JSONField(_("변경 내용"), default=dict, blank=True)

    class Meta:
        verbose_name = _("가져온 자료")
        ordering = ("record", "row", "pk")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.record_id}:{self.row} {self.outcome}"


class HeaderMapping(models.Model):
    """An organisation's own column titles for a kind ({their title: our column key}),
    remembered after a mapping and proposed on the next upload. ``owner`` is ``org:<소속>``, or
    ``user:<id>`` for a user without an organisation."""

    kind = models.CharField(_("종류"), max_length=64)
    owner = models.CharField(_("소유"), max_length=220)
    mapping = models.JSONField(_("열 지정"), default=dict)
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)

    class Meta:
        verbose_name = _("머리글 지정")
        constraints = [
            models.UniqueConstraint(fields=["kind", "owner"], name="header_mapping_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.owner}"
