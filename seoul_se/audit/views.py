import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seoul_se.access import AUDIT_TRAIL_ROLES, OFFICIAL_ROLES, has_role, role_required
from seoul_se.audit import excel, selectors, services
from seoul_se.audit.exports import ask_purpose, purpose_form
from seoul_se.audit.forms import AccessLogFilterForm, AuditFilterForm, MonthForm, ReviewForm
from seoul_se.audit.models import AccessLog
from seoul_se.audit.recording import log_access
from seoul_se.core.excel import workbook_response


@role_required(*AUDIT_TRAIL_ROLES)
def log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, model_choices=selectors.audited_models())
    kwargs = form.selector_kwargs() if form.is_valid() else {}
    page = Paginator(selectors.log_entries(**kwargs), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()}
    )


def _access_filter(request: HttpRequest) -> AccessLogFilterForm:
    return AccessLogFilterForm(
        request.GET or None,
        actors=selectors.access_log_actors(),
        targets=selectors.access_log_targets(),
    )


@role_required(*AUDIT_TRAIL_ROLES)
def access_log(request: HttpRequest) -> HttpResponse:
    form = _access_filter(request)
    kwargs = form.selector_kwargs() if form.is_valid() else {}
    page = Paginator(selectors.access_logs(**kwargs), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@role_required(*AUDIT_TRAIL_ROLES)
def access_log_export(request: HttpRequest) -> HttpResponse:
    """The filtered access log as Excel; itself an export of personal data (who did what)."""
    purpose = purpose_form(request)
    if not purpose.is_valid():
        return ask_purpose(request, purpose, title=_("개인정보 접속기록 엑셀 내려받기"))
    form = _access_filter(request)
    rows = selectors.access_logs(**(form.selector_kwargs() if form.is_valid() else {}))
    ids: list[int] = []
    workbook = excel.access_log_workbook(rows.iterator(chunk_size=2000), ids)
    log_access(
        request,
        action=AccessLog.Action.EXPORT,
        model=AccessLog,
        record_ids=ids,
        **purpose.log_kwargs(),
    )
    return workbook_response(workbook, "개인정보_접속기록.xlsx")


def _previous_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@role_required(*AUDIT_TRAIL_ROLES)
def access_review(request: HttpRequest) -> HttpResponse:
    """One month's per-person volumes with bulk and night access flagged; officials record
    that they reviewed it."""
    month_form = MonthForm(request.GET or None)
    month = (
        month_form.cleaned_data.get("month") if month_form.is_valid() else None
    ) or _previous_month()
    review_form = ReviewForm(request.POST or None)
    if request.method == "POST" and review_form.is_valid():
        try:
            services.record_review(
                actor=request.user,  # type: ignore[arg-type]
                month=month,
                note=review_form.cleaned_data["note"],
            )
        except ValidationError as exc:
            review_form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(month)s 점검 결과를 기록했습니다.") % {"month": f"{month:%Y-%m}"}
            )
            return redirect(f"{reverse('audit:access_review')}?month={month:%Y-%m}")
    if not month_form.is_bound:
        month_form = MonthForm(initial={"month": month})
    return render(
        request,
        "audit/access_review.html",
        {
            "month_form": month_form,
            "review_form": review_form,
            "data": selectors.monthly_review(month),
            "can_record": has_role(request.user, OFFICIAL_ROLES),
            "month_over": month < timezone.localdate().replace(day=1),
        },
        status=400 if review_form.errors else 200,
    )
