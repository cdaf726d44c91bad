"""Monitoring of active loans: quarterly written reports, yearly on-site inspections, reminders
(seed 000: 분기별 서면보고 및 연 1회 현장점검 의무화 from 2020)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.selectors import approved_members_of
from funds.models import Intermediary, Loan, OnSiteInspection, QuarterlyReport
from funds.selectors import loans_missing_inspection
from funds.workflow import ACTIVE
from seoul_se.accounts.models import User
from seoul_se.notifications.services import notify

REPORT_DAYS_AFTER_QUARTER = 30
# Quarterly written reports are tracked in the portal from 2020 Q1.
MONITORING_START = (2020, 1)
REMINDER_INTERVAL = dt.timedelta(days=7)


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def ensure_quarterly_reports(today: dt.date) -> int:
    """Create the report rows due for active loans up to ``today`` (quarters since disbursement)."""
    loans = Loan.objects.filter(status__in=ACTIVE).prefetch_related("disbursements")
    existing = set(QuarterlyReport.objects.values_list("loan_id", "year", "quarter"))
    new = []
    for loan in loans:
        disbursed = [d.disbursed_on for d in loan.disbursements.all()]
        if not disbursed:
            continue
        year, quarter = max(
            (min(disbursed).year, (min(disbursed).month - 1) // 3 + 1), MONITORING_START
        )
        while True:
            due = quarter_end(year, quarter) + dt.timedelta(days=REPORT_DAYS_AFTER_QUARTER)
            if due > today:
                break
            if (loan.pk, year, quarter) not in existing:
                new.append(QuarterlyReport(loan=loan, year=year, quarter=quarter, due_on=due))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    QuarterlyReport.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
    return len(new)


@transaction.atomic
def submit_quarterly_report(
    report: QuarterlyReport, *, actor: User, summary: str, on: dt.date | None = None
) -> QuarterlyReport:
    if not summary.strip():
        raise ValidationError(
            {"summary": ValidationError(_("보고 내용을 입력해 주세요."), code="summary_required")}
        )
    report.submitted_on = on or timezone.localdate()
    report.summary = summary
    report.save(update_fields=["submitted_on", "summary"])
    return report


@transaction.atomic
def record_inspection(
    loan: Loan, *, actor: User, inspected_on: dt.date, inspector: str, findings: str
) -> OnSiteInspection:
    if not inspector.strip():
        raise ValidationError(
            {"inspector": ValidationError(_("점검자를 입력해 주세요."), code="inspector_required")}
        )
    inspection, _created = OnSiteInspection.objects.update_or_create(
        loan=loan,
        year=inspected_on.year,
        defaults={"inspected_on": inspected_on, "inspector": inspector, "findings": findings},
    )
    return inspection


def send_monitoring_reminders(today: dt.date | None = None) -> dict[str, int]:
    """E-mail borrowers whose quarterly report is overdue (at most weekly) and tell the
    intermediary's staff which active loans have no on-site inspection this year."""
    today = today or timezone.localdate()
    ensure_quarterly_reports(today)
    now = timezone.now()
    overdue = QuarterlyReport.objects.filter(
        due_on__lt=today, submitted_on__isnull=True, loan__status__in=ACTIVE
    ).exclude(reminded_at__gt=now - REMINDER_INTERVAL)
    overdue = overdue.select_related("loan__enterprise")
    reminded = 0
    for report in overdue:
        with transaction.atomic():
            notify(
                approved_members_of(report.loan.enterprise_id),
                f"[사회투자기금] {report.year}년 {report.quarter}분기 서면보고 제출 기한이 지났습니다",
                f"융자 {report.loan.number}의 분기 서면보고 기한은 {report.due_on}입니다. "
                "포털에서 제출해 주세요.",
            )
            QuarterlyReport.objects.filter(pk=report.pk).update(reminded_at=now)
        reminded += 1
    missing = loans_missing_inspection(today.year)
    by_intermediary: dict[int, list[str]] = {}
    for loan in missing:
        by_intermediary.setdefault(loan.intermediary_id, []).append(loan.number)
    for intermediary in Intermediary.objects.filter(pk__in=by_intermediary).prefetch_related(
        "staff"
    ):
        numbers = by_intermediary[intermediary.pk]
        notify(
            list(intermediary.staff.all()),
            f"[사회투자기금] {today.year}년 현장점검 미실시 융자 {len(numbers)}건",
            "연 1회 현장점검이 필요한 융자: " + ", ".join(numbers[:50]),
            email=False,
        )
    return {"reminded": reminded, "missing_inspections": len(missing)}
