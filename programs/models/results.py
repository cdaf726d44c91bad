"""Results (실적) of supported projects."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models.applications import Application
from programs.models.calls import Program

USER = settings.AUTH_USER_MODEL


class Result(models.Model):
    """실적: an output of a supported project for a period, with evidence, confirmed by staff."""

    class Kind(models.TextChoices):
        WORKSHOPS = "workshops", _("워크숍 개최")
        PARTICIPANTS = "participants", _("참여자")
        JOBS_CREATED = "jobs_created", _("일자리 창출")
        PERSONS_SUPPORTED = "persons_supported", _("지원 인원")
        REVENUE = "revenue", _("매출액(원)")
        PRODUCTS_SOLD = "products_sold", _("제품 판매")
        ENTERPRISES_SUPPORTED = "enterprises_supported", _("지원 기업")
        PROJECTS = "projects", _("사업 수")
        AMOUNT_SUPPORTED = "amount_supported", _("지원 금액(원)")
        OTHER = "other", _("기타")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="results")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="results", null=True, blank=True
    )
    kind = models.CharField(_("실적 종류"), max_length=24, choices=Kind.choices)
    quantity = models.DecimalField(_("수량"), max_digits=16, decimal_places=2)
    description = models.CharField(_("내용"), max_length=300, blank=True)
    period_start = models.DateField(_("기간 시작"))
    period_end = models.DateField(_("기간 종료"), db_index=True)
    evidence = models.FileField(
        _("증빙 파일"), upload_to="programs/results/", blank=True, max_length=300
    )
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    entered_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("확인 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("실적")
        verbose_name_plural = _("실적")
        ordering = ["-period_end", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}"
