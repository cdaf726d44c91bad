"""Consulting and everyday management support (컨설팅·일상경영지원): cases an enterprise asks
for online or staff record from a walk-in, phone or visit; sessions; outcome and rating."""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from seoul_se.core.models import Recorded, TransitionRecord, user_field


class Field(models.TextChoices):
    """Fields of support (the 2020 plan lists 법률, 회계, 마케팅, 경영전략 …)."""

    ACCOUNTING = "accounting", _("회계")
    TAX = "tax", _("세무")
    LABOUR = "labour", _("노무")
    LEGAL = "legal", _("법률")
    MARKETING = "marketing", _("마케팅")
    STRATEGY = "strategy", _("경영전략")


class Expert(models.Model):
    """An external consultant of the centre's pool; optionally a portal user (then they see
    the cases assigned to them)."""

    name = models.CharField(_("이름"), max_length=100)
    field = models.CharField(_("전문 분야"), max_length=16, choices=Field.choices)
    organisation = models.CharField(_("소속"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consulting_experts",
        verbose_name=_("포털 계정"),
    )
    is_active = models.BooleanField(_("활동 중"), default=True)

    class Meta:
        verbose_name = _("전문가")
        verbose_name_plural = _("전문가 풀")
        ordering = ["field", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_field_display()})"


class Case(Recorded):
    """One request for support: a consulting engagement or an everyday consultation."""

    class Kind(models.TextChoices):
        CONSULTING = "consulting", _("컨설팅")
        DAILY = "daily", _("일상상담")

    class Channel(models.TextChoices):
        ONLINE = "online", _("온라인 신청")
        WALK_IN = "walk_in", _("내방")
        PHONE = "phone", _("전화")
        VISIT = "visit", _("현장 방문")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("접수")
        ASSIGNED = "assigned", _("배정")
        IN_PROGRESS = "in_progress", _("진행 중")
        CLOSED = "closed", _("종결")
        CANCELLED = "cancelled", _("취소")

    number = models.CharField(_("접수 번호"), max_length=20, unique=True)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="consulting_cases",
        verbose_name=_("기업"),
    )
    kind = models.CharField(_("구분"), max_length=16, choices=Kind.choices, default=Kind.CONSULTING)
    field = models.CharField(_("분야"), max_length=16, choices=Field.choices)
    channel = models.CharField(_("접수 경로"), max_length=16, choices=Channel.choices)
    description = models.TextField(_("요청 내용"))
    requested_on = models.DateField(_("접수일"), db_index=True)
    status = models.CharField(
        _("상태"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consulting_cases",
        verbose_name=_("담당 직원"),
    )
    expert = models.ForeignKey(
        Expert,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("외부 전문가"),
    )
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("사후지원 대상 건"),
    )
    outcome = models.TextField(_("결과"), blank=True)
    closed_on = models.DateField(_("종결일"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("만족도"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = models.TextField(_("만족도 의견"), blank=True)

    class Meta:
        verbose_name = _("상담·컨설팅 건")
        verbose_name_plural = _("상담·컨설팅 건")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="consulting_satisfaction_1_to_5",
            )
        ]
        indexes = [models.Index(fields=["enterprise", "-requested_on"], name="case_enterprise_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.enterprise} ({self.get_field_display()})"


class Session(models.Model):
    """One consulting session of a case."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("상담 건")
    )
    held_on = models.DateField(_("일자"))
    hours = models.DecimalField(_("시간"), max_digits=4, decimal_places=1)
    notes = models.TextField(_("내용"), blank=True)
    recorded_by = user_field(_("기록자"), optional=False)
    created_at = models.DateTimeField(_("기록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("상담 회차")
        verbose_name_plural = _("상담 회차")
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="consulting_session_hours_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.held_on} ({self.hours}h)"


class CaseTransition(TransitionRecord):
    """Every status change of a case (``consulting.workflow``): who, when, from, to, why."""

    subject_field = "case"

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("상담 건")
    )
    comment = models.TextField(_("사유"), blank=True)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("상담 상태 변경")
        verbose_name_plural = _("상담 상태 변경")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.from_status} → {self.to_status}"


for _model in (Expert, Case, Session, CaseTransition):
    auditlog.register(_model)
