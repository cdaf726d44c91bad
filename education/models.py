"""Education (아카데미, 인재양성, 인식 개선 교육): courses, their sessions, enrolments with a
first-come waiting list, attendance, completion certificates and the satisfaction survey."""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from seoul_se.core.models import Recorded, user_field


class Course(Recorded):
    class Kind(models.TextChoices):
        ADVANCED = "advanced", _("아카데미 전문심화과정")
        TAILORED = "tailored", _("업종·대상별 맞춤형과정")
        TRAINING = "training", _("인재양성 연수")
        # The performance report counts these two 연수 apart (전략기획연수, 기술연수).
        STRATEGY_TRAINING = "strategy_training", _("전략기획연수")
        TECHNICAL_TRAINING = "technical_training", _("기술연수")
        AWARENESS = "awareness", _("인식 개선 교육")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("기업 구성원")
        CITIZENS = "citizens", _("시민")

    kind = models.CharField(_("과정 구분"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("과정명"), max_length=200)
    description = models.TextField(_("소개"), blank=True)
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"))
    capacity = models.PositiveIntegerField(_("정원"))
    audience = models.CharField(_("대상"), max_length=16, choices=Audience.choices)
    # Completion rule as data: the share of sessions attended (percent, e.g. 80.00).
    completion_rate = models.DecimalField(
        _("수료 기준 출석률(%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        verbose_name = _("교육과정")
        verbose_name_plural = _("교육과정")
        ordering = ["-starts_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="course_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_capacity_positive"),
            models.CheckConstraint(
                condition=Q(completion_rate__gte=0, completion_rate__lte=100),
                name="course_completion_rate_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# What staff edit on a course (form, API and ``services.save_course`` alike).
COURSE_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_on",
    "ends_on",
    "capacity",
    "audience",
    "completion_rate",
)


class CourseSession(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("교육과정")
    )
    date = models.DateField(_("일자"))
    starts_at = models.TimeField(_("시작 시각"))
    ends_at = models.TimeField(_("종료 시각"))
    topic = models.CharField(_("주제"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("교육 회차")
        verbose_name_plural = _("교육 회차")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="course_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.date} {self.starts_at:%H:%M}"


class Enrolment(models.Model):
    """A place on a course: an enterprise member (account) or a citizen (name, e-mail, phone
    only — the least personal data that lets the centre reach them)."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("수강 확정")
        WAITING = "waiting", _("대기")
        CANCELLED = "cancelled", _("취소")

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("교육과정")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("수강생 계정"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("소속 기업"),
    )
    name = models.CharField(_("이름"), max_length=100)
    email = models.EmailField(_("이메일"))
    phone = models.CharField(_("전화번호"), max_length=30, blank=True)
    status = models.CharField(_("상태"), max_length=16, choices=Status.choices)
    requested_at = models.DateTimeField(_("신청 시각"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("취소 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("수강 신청")
        verbose_name_plural = _("수강 신청")
        # First come, first served: the waiting list is read in this order.
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "email"],
                condition=~Q(status="cancelled"),
                name="one_live_enrolment_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.course}"


class Attendance(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("수강생")
    )
    session = models.ForeignKey(
        CourseSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("회차")
    )
    present = models.BooleanField(_("출석"), default=False)
    recorded_by = user_field(_("기록자"), optional=False)
    recorded_at = models.DateTimeField(_("기록 시각"), auto_now=True)

    class Meta:
        verbose_name = _("출석")
        verbose_name_plural = _("출석")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="one_attendance_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.session.date} {'O' if self.present else 'X'}"


class Certificate(models.Model):
    """A certificate of completion; its number is printed on the PDF and verifiable publicly."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("수강생")
    )
    number = models.CharField(_("수료증 번호"), max_length=32, unique=True)
    attendance_rate = models.DecimalField(_("출석률(%)"), max_digits=5, decimal_places=2)
    issued_on = models.DateField(_("발급일"))
    issued_by = user_field(_("발급자"), optional=False)

    class Meta:
        verbose_name = _("수료증")
        verbose_name_plural = _("수료증")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return self.number


class Survey(models.Model):
    """The satisfaction survey after the course: one per enrolment."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="survey", verbose_name=_("수강생")
    )
    rating = models.PositiveSmallIntegerField(
        _("만족도"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("의견"), blank=True)
    submitted_at = models.DateTimeField(_("제출 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("만족도 조사")
        verbose_name_plural = _("만족도 조사")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="education_survey_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.rating}"


for _model in (Course, CourseSession, Enrolment, Attendance, Certificate, Survey):
    auditlog.register(_model)
