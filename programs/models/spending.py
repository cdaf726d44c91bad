"""보조금 집행 내역: what a recipient spent its grant on, with the evidence it claims.

The integrity checks (``integrity``) read these through ``programs.selectors``: the evidence file
hash and the approval number find evidence claimed twice, the payee's number and account find
related-party payments, and dates and amounts find payments split under a threshold.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.validators import validate_business_number
from programs.models.agreements import Agreement


def spending_evidence_path(instance: "GrantExpenditure", filename: str) -> str:
    return f"programs/spending/{instance.agreement_id}/{filename}"


class EvidenceKind(models.TextChoices):
    TAX_INVOICE = "tax_invoice", _("전자세금계산서")
    CARD = "card", _("카드 매출전표")
    OTHER = "other", _("기타 증빙")


class GrantExpenditure(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="expenditures", verbose_name=_("협약")
    )
    spent_on = models.DateField(_("집행일"), db_index=True)
    payee = models.CharField(_("지급처"), max_length=200)
    payee_business_number = models.CharField(
        _("지급처 사업자등록번호"),
        max_length=10,
        blank=True,
        db_index=True,
        validators=[validate_business_number],
    )
    payee_account = models.CharField(_("지급 계좌"), max_length=40, blank=True, db_index=True)
    amount = models.BigIntegerField(_("집행액(원)"))
    evidence_kind = models.CharField(_("증빙 종류"), max_length=20, choices=EvidenceKind.choices)
    # Digits and letters only (``programs.services.spending.normalise_approval``), so the same
    # invoice typed with or without dashes is one number.
    approval_number = models.CharField(_("승인번호"), max_length=40, blank=True, db_index=True)
    evidence_file = models.FileField(_("증빙 파일"), upload_to=spending_evidence_path, blank=True)
    evidence_sha256 = models.CharField(
        _("증빙 파일 해시"), max_length=64, blank=True, db_index=True
    )
    split_declared = models.BooleanField(_("분할 집행 사유 있음"), default=False)
    split_reason = models.CharField(_("분할 집행 사유"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("보조금 집행 내역")
        verbose_name_plural = _("보조금 집행 내역")
        ordering = ["spent_on", "pk"]
        indexes = [
            models.Index(fields=["agreement", "payee", "spent_on"], name="grant_spend_payee_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="programs_grant_spend_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.payee} {self.amount:,}원"
