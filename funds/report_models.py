"""Monthly repayment reports of intermediaries (월별 상환 보고) and the repayments they posted,
kept apart from ``funds.models`` (which imports them, so the app registers them)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from funds.models import Intermediary, Loan, LoanTransaction


class RepaymentReport(models.Model):
    """월별 상환 보고: one file of an intermediary's repayments, uploaded by its staff (or the
    city). ``month`` is the latest value-date month in the file (the month it reports)."""

    intermediary = models.ForeignKey(
        Intermediary, on_delete=models.PROTECT, related_name="repayment_reports"
    )
    month = models.DateField(_("보고 월"), db_index=True)
    file_name = models.CharField(_("파일명"), max_length=255)
    row_count = models.PositiveIntegerField(_("행 수"), default=0)
    posted_count = models.PositiveIntegerField(_("새로 기록"), default=0)
    corrected_count = models.PositiveIntegerField(_("정정"), default=0)
    unchanged_count = models.PositiveIntegerField(_("변경 없음"), default=0)
    amount = models.BigIntegerField(_("보고 금액(원)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("업로드 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("월별 상환 보고")
        verbose_name_plural = _("월별 상환 보고")
        ordering = ["-month", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.intermediary} {self.month:%Y-%m} ({self.file_name})"


class ReportedRepayment(models.Model):
    """A repayment an intermediary reported under its own reference. The reference is unique
    per intermediary, so the same file sent twice posts once; a correction (same reference,
    other loan, date or amount) reverses ``transaction`` and points it at the new posting."""

    intermediary = models.ForeignKey(
        Intermediary, on_delete=models.PROTECT, related_name="reported_repayments"
    )
    reference = models.CharField(_("기관 참조번호"), max_length=100)
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="reported_repayments")
    transaction = models.OneToOneField(
        LoanTransaction, on_delete=models.PROTECT, related_name="reported_as"
    )
    report = models.ForeignKey(RepaymentReport, on_delete=models.PROTECT, related_name="repayments")

    class Meta:
        verbose_name = _("보고된 상환")
        verbose_name_plural = _("보고된 상환")
        ordering = ["intermediary", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["intermediary", "reference"], name="funds_one_reported_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intermediary_id} {self.reference}"


auditlog.register(RepaymentReport)
auditlog.register(ReportedRepayment)
