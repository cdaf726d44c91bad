"""융자금 사용 내역: what a borrower spent a loan on, with the evidence it showed (checked at
monitoring). The integrity checks compare it with grant spending: one invoice may not be
claimed against both a grant and a loan-funded project."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from funds.models import Loan


class LoanFundUse(models.Model):
    loan = models.ForeignKey(
        Loan, on_delete=models.PROTECT, related_name="fund_uses", verbose_name=_("융자")
    )
    spent_on = models.DateField(_("사용일"))
    payee = models.CharField(_("지급처"), max_length=200)
    amount = models.BigIntegerField(_("사용액(원)"))
    # Normalised like programs' grant spending (digits and capital letters only).
    approval_number = models.CharField(_("승인번호"), max_length=40, blank=True, db_index=True)
    evidence_sha256 = models.CharField(
        _("증빙 파일 해시"), max_length=64, blank=True, db_index=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("융자금 사용 내역")
        verbose_name_plural = _("융자금 사용 내역")
        ordering = ["spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funds_fund_use_positive")
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.payee} {self.amount:,}원"
