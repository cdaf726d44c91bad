"""같이살림: apartment complexes, their yearly stage with matched enterprises, workshops, living
problems, self-help groups and resident surveys."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from programs.models.applications import Application
from seoul_se.reference.models import District

USER = settings.AUTH_USER_MODEL


class ApartmentComplex(models.Model):
    class Tenure(models.TextChoices):
        RENTAL = "rental", _("임대")
        OWNED = "owned", _("분양")
        MIXED = "mixed", _("혼합")
        UNKNOWN = "unknown", _("미상")

    name = models.CharField(_("단지명"), max_length=200, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, verbose_name=_("자치구"))
    neighbourhood = models.CharField(_("동"), max_length=50, blank=True)
    households = models.PositiveIntegerField(_("세대수"), null=True, blank=True)
    elderly_households = models.PositiveIntegerField(_("노인 거주 세대수"), null=True, blank=True)
    tenure = models.CharField(_("임대·분양"), max_length=10, choices=Tenure.choices)
    coordinator = models.CharField(_("코디네이터"), max_length=100, blank=True)
    joined_year = models.PositiveSmallIntegerField(_("참여 시작 연도"))
    note = models.TextField(_("비고"), blank=True)

    class Meta:
        verbose_name = _("같이살림 단지")
        verbose_name_plural = _("같이살림 단지")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def elderly_share(self) -> Decimal | None:
        if not self.households or self.elderly_households is None:
            return None
        return Decimal(self.elderly_households) / Decimal(self.households)


class ComplexYear(models.Model):
    """A complex's support in one year: its stage (1 공동체 및 가치 공유 → 2 경제공동체 형성 →
    3 선순환 경제 구축) and the application/agreement funding it."""

    class Stage(models.IntegerChoices):
        COMMUNITY = 1, _("1단계 공동체 및 가치 공유")
        ECONOMIC = 2, _("2단계 경제공동체 형성")
        VIRTUOUS = 3, _("3단계 선순환 경제 구축")

    complex = models.ForeignKey(ApartmentComplex, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("연도"))
    stage = models.PositiveSmallIntegerField(_("단계"), choices=Stage.choices)
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    matched_enterprises = models.ManyToManyField(
        Enterprise, blank=True, related_name="+", verbose_name=_("매칭 기업")
    )
    expected_workshops = models.PositiveSmallIntegerField(_("예정 워크숍 수"), default=4)

    class Meta:
        verbose_name = _("같이살림 연차")
        verbose_name_plural = _("같이살림 연차")
        ordering = ["complex", "year"]
        constraints = [
            models.UniqueConstraint(fields=["complex", "year"], name="one_stage_per_complex_year")
        ]

    def __str__(self) -> str:
        return f"{self.complex} {self.year}"


class Workshop(models.Model):
    complex = models.ForeignKey(
        ApartmentComplex, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("단지")
    )
    held_on = models.DateField(_("개최일"), db_index=True)
    topic = models.CharField(_("주제"), max_length=200, blank=True)
    facilitator = models.CharField(_("퍼실리테이터"), max_length=100)
    attendance = models.PositiveIntegerField(_("참석 인원"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("주민 워크숍")
        verbose_name_plural = _("주민 워크숍")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.complex} {self.held_on}"


class LivingProblem(models.Model):
    class Category(models.TextChoices):
        CARE = "care", _("돌봄")
        FOOD = "food", _("먹거리")
        ENERGY = "energy", _("에너지")
        ENVIRONMENT = "environment", _("환경·쓰레기")
        HEALTH = "health", _("건강")
        OTHER = "other", _("기타")

    complex = models.ForeignKey(ApartmentComplex, on_delete=models.CASCADE, related_name="problems")
    year = models.PositiveSmallIntegerField(_("연도"))
    category = models.CharField(_("분야"), max_length=16, choices=Category.choices)
    description = models.CharField(_("생활문제"), max_length=300)

    class Meta:
        verbose_name = _("생활문제")
        verbose_name_plural = _("생활문제")
        ordering = ["complex", "year", "pk"]

    def __str__(self) -> str:
        return self.description


class SelfHelpGroup(models.Model):
    complex = models.ForeignKey(ApartmentComplex, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("자조모임명"), max_length=200)
    members = models.PositiveIntegerField(_("구성원 수"), default=0)
    formed_on = models.DateField(_("결성일"), null=True, blank=True)

    class Meta:
        verbose_name = _("자조모임")
        verbose_name_plural = _("자조모임")
        ordering = ["complex", "name"]

    def __str__(self) -> str:
        return self.name


class ResidentSurvey(models.Model):
    """Resident survey results (e.g. 2019: 849 respondents across participating complexes)."""

    complex = models.ForeignKey(
        ApartmentComplex, on_delete=models.CASCADE, related_name="surveys", null=True, blank=True
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    respondents = models.PositiveIntegerField(_("응답자 수"))
    awareness_rate = models.DecimalField(
        _("사회적경제 인지율"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    satisfaction_rate = models.DecimalField(
        _("만족률"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    note = models.TextField(_("비고"), blank=True)

    class Meta:
        verbose_name = _("주민 설문")
        verbose_name_plural = _("주민 설문")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.respondents}명"
