"""월별 상환 보고: per intermediary and month, whether the report arrived, what it posted and
the difference to the schedule (the city sees every intermediary, an intermediary's staff
their own), and the uploads. Uploading itself is the import framework's page
(``/imports/funds.repayment_report/``)."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from funds import access, report_selectors
from funds.schedule import add_months
from seoul_se.access import has_role, role_required


def _month(request: HttpRequest) -> dt.date:
    """``?month=2025-06``; by default the month before this one (the last one reported)."""
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return add_months(timezone.localdate().replace(day=1), -1)


@role_required(*(access.REPAYMENT_REPORT_ROLES | access.REPORT_STATUS_ROLES))
def repayment_reports(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    intermediaries = access.reporting_intermediaries(request.user)
    return render(
        request,
        "funds/repayment_reports.html",
        {
            "month": month,
            "previous": add_months(month, -1),
            "next": add_months(month, 1),
            "status": report_selectors.monthly_report_status(month, intermediaries),
            "reports": report_selectors.reports_of(intermediaries)[:50],
            "may_upload": has_role(request.user, access.REPAYMENT_REPORT_ROLES),
        },
    )
