"""자치구 사회적경제 생태계 지원: the districts' support centres, the staged tracks of the
통합지원사업 and the 사회적경제특구 (stages with yearly caps as data), each district's standing
in a track before the portal, and which stage and stage year an application is for.

The applications themselves are ``programs.Application`` rows whose applicant is the district
(calls with ``applicant_kind = district``); calls, review, selection, agreements and payments
are the programs machinery.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seoul_se.reference.models import District


class DistrictCentre(models.Model):
    """자치구 사회적경제 (통합)지원센터 — one per district; its staff apply for the district."""

    district = models.OneToOneField(
        District, on_delete=models.PROTECT, related_name="centre", verbose_name=_("자치구")
    )
    name = models.CharField(_("기관명"), max_length=200)
    address = models.CharField(_("주소"), max_length=300, blank=True)
    phone = models.CharField(_("전화번호"), max_length=30, blank=True)
    email = models.EmailField(_("이메일"), blank=True)
    head = models.CharField(_("센터장"), max_length=100, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="district_centres",
        verbose_name=_("센터 직원"),
        help_text=_(
            "역할이 '기업 담당자'인 사용자가 이 자치구를 대신해 신청하고 자기 구의 신청만 봅니다."
        ),
    )

    class Meta:
        verbose_name = _("자치구 지원센터")
        verbose_name_plural = _("자치구 지원센터")
        ordering = ["district__sort_order", "district__code"]

    def __str__(self) -> str:
        return self.name


class Track(models.TextChoices):
    ECOSYSTEM = "ecosystem", _("통합지원사업")
    ZONE = "zone", _("사회적경제특구")


class DistrictStage(models.Model):
    """A stage of a track (생태계사업단 → 통합지원센터; 예비특구 → 본특구) with its rules as data:
    how many years a district may stay and the cap of each stage year."""

    track = models.CharField(_("사업"), max_length=12, choices=Track.choices)
    code = models.SlugField(_("단계 코드"), max_length=40, unique=True)
    name = models.CharField(_("단계명"), max_length=100)
    order = models.PositiveSmallIntegerField(_("단계 순서"))
    max_years = models.PositiveSmallIntegerField(_("최대 지원 연수"))
    # {"1": 100000000, "2": 200000000, …}: the cap (원) of each stage year (JSON keys are text).
    yearly_caps = models.JSONField(_("연차별 지원 한도(원)"))

    class Meta:
        verbose_name = _("지원 단계")
        verbose_name_plural = _("지원 단계")
        ordering = ["track", "order"]
        constraints = [
            models.UniqueConstraint(fields=["track", "order"], name="districts_stage_order")
        ]

    def __str__(self) -> str:
        return f"{self.get_track_display()} · {self.name}"

    @property
    def caps(self) -> dict[int, int]:
        return {int(year): int(cap) for year, cap in self.yearly_caps.items()}


class DistrictParticipation(models.Model):
    """Where a district stood in a stage before the portal recorded its applications
    (e.g. 2019: 성북 통합지원센터) — the years it already used there."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="participations", verbose_name=_("자치구")
    )
    stage = models.ForeignKey(
        DistrictStage, on_delete=models.PROTECT, related_name="+", verbose_name=_("단계")
    )
    since_year = models.PositiveSmallIntegerField(_("시작 연도"))
    years_used = models.PositiveSmallIntegerField(_("지원받은 연수"))

    class Meta:
        verbose_name = _("단계 참여 이력")
        verbose_name_plural = _("단계 참여 이력")
        constraints = [
            models.UniqueConstraint(fields=["district", "stage"], name="districts_one_standing")
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.stage} ({self.years_used}년)"


class StageApplication(models.Model):
    """The stage and stage year a district's application is for. One per district, stage and
    fiscal year (the database refuses a second)."""

    application = models.OneToOneField(
        "programs.Application", on_delete=models.CASCADE, related_name="district_stage"
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    stage = models.ForeignKey(DistrictStage, on_delete=models.PROTECT, related_name="applications")
    year = models.PositiveSmallIntegerField(_("회계연도"))
    year_index = models.PositiveSmallIntegerField(_("단계 차년도"))

    class Meta:
        verbose_name = _("단계 신청")
        verbose_name_plural = _("단계 신청")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "stage", "year"], name="districts_one_stage_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.stage} {self.year_index}차년도"


for _model in (DistrictStage, DistrictParticipation, StageApplication):
    auditlog.register(_model)
# Who works for a centre decides whose applications they see: record every change.
auditlog.register(DistrictCentre, m2m_fields={"staff"})
