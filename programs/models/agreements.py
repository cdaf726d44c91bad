"""Agreements (협약) with their instalment plan, yearly phases and disbursements (교부)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from programs.models.applications import Application
from programs.models.calls import Program
from seoul_se.reference.models import District

USER = settings.AUTH_USER_MODEL


class Agreement(models.Model):
    """협약: the award with its 국비/시비 split (see ``rules.split_cost``) and period."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="agreement", verbose_name=_("신청서")
    )
    # Denormalised for reporting (reports/KPIs group agreements without joining calls).
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="agreements")
    # The application's applicant: an enterprise or (district programs) a 자치구.
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="agreements", null=True, blank=True
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="agreements", null=True, blank=True
    )
    award_amount = models.BigIntegerField(_("협약 금액(원)"))
    national_amount = models.BigIntegerField(_("국비(원)"))
    district_amount = models.BigIntegerField(_("구비(원)"), default=0)
    city_amount = models.BigIntegerField(_("시비(원)"))
    starts_on = models.DateField(_("사업 시작일"))
    ends_on = models.DateField(_("사업 종료일"))
    signed_on = models.DateField(_("협약일"))
    signed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    terminated_on = models.DateField(_("중도 종료일"), null=True, blank=True)

    class Meta:
        verbose_name = _("협약")
        verbose_name_plural = _("협약")
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.applicant} · {self.program}"

    @property
    def applicant(self) -> Enterprise | District:
        return self.enterprise or self.district  # type: ignore[return-value]


class Instalment(models.Model):
    """Planned payment (교부 계획) of an agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField(_("교부 예정일"))
    amount = models.BigIntegerField(_("예정 금액(원)"))

    class Meta:
        verbose_name = _("교부 계획")
        verbose_name_plural = _("교부 계획")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.due_on} {self.amount}"


class Phase(models.Model):
    """A yearly phase of multi-year support with its continuation decision (같이살림 stage,
    우수기업 re-review, 혁신형 interim evaluation)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("결정 대기")
        CONTINUE = "continue", _("계속 지원")
        TERMINATE = "terminate", _("지원 종료")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="phases")
    year_number = models.PositiveSmallIntegerField(_("차년도"))
    amount = models.BigIntegerField(_("해당 연도 금액(원)"), default=0)
    decision = models.CharField(
        _("계속 여부"), max_length=12, choices=Decision.choices, default=Decision.PENDING
    )
    comment = models.TextField(_("평가 의견"), blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("연차 단계")
        verbose_name_plural = _("연차 단계")
        ordering = ["agreement", "year_number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year_number"], name="unique_phase_year")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.year_number}차년도"


class Disbursement(models.Model):
    """교부: a payment on an agreement, never above what is left of the award."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="disbursements", verbose_name=_("협약")
    )
    paid_on = models.DateField(_("교부일"), db_index=True)
    amount = models.BigIntegerField(_("교부액(원)"))
    national_amount = models.BigIntegerField(_("국비(원)"))
    district_amount = models.BigIntegerField(_("구비(원)"), default=0)
    city_amount = models.BigIntegerField(_("시비(원)"))
    note = models.CharField(_("비고"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("교부")
        verbose_name_plural = _("교부")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"
