"""KPI pages: dashboard, indicator drill-down, indicator and manual-entry forms (thin views)."""

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpis import access, charts, selectors, services, tasks
from kpis.forms import DecisionForm, IndicatorForm, ManualEntryForm
from kpis.models import BusinessArea, Indicator, ManualEntry
from kpis.workflow import ENTRY_MACHINE
from seoul_se.access import role_required
from seoul_se.core.feedback import attempt, show_on_form
from seoul_se.core.files import private_file_response
from seoul_se.core.jobs import start_job
from seoul_se.core.models import BackgroundJob


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


DASHBOARD_CACHE_SECONDS = 300


def _dashboard_body(request: HttpRequest, year: int, area_id: int | None) -> dict[str, str]:
    """The rendered summary cards and tables/charts, identical for every reader: cached under
    the year's data version (any edit, computation, entry or data change makes a new key)."""
    key = f"kpis:dashboard:{year}:{area_id}:{get_language()}:{selectors.dashboard_version(year)}"
    body = cache.get(key)
    if body is None:
        board = selectors.dashboard(year, area_id)
        context = {
            "board": board,
            "year": year,
            "bars": charts.target_vs_actual(board.rows),
            "distribution": charts.distribution(board.histogram),
            # Per-row texts resolved once (the table can hold 150 rows).
            "indicator_url": reverse("kpis:indicator", args=[0]).removesuffix("0"),
            "stale_label": _("재계산 필요"),
            "computed_label": _("자동 집계"),
            "manual_label": _("직접 입력"),
            "cumulative_label": _("누계"),
        }
        body = {
            "cards": render_to_string("kpis/_dashboard_cards.html", context, request),
            "tables": render_to_string("kpis/_dashboard_tables.html", context, request),
        }
        cache.set(key, body, DASHBOARD_CACHE_SECONDS)
    return body


@role_required(*access.READ_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year")) or selectors.default_year()
    area_id = _int(request.GET.get("area"))
    body = _dashboard_body(request, year, area_id)
    job = (
        BackgroundJob.objects.filter(kind=tasks.JOB_KIND, params__year=year)
        .order_by("-created_at")
        .first()
    )
    context = {
        # Cached as plain text by some backends: our own templates rendered it, escaped.
        "body_cards": mark_safe(body["cards"]),
        "body_tables": mark_safe(body["tables"]),
        "year": year,
        "area_id": area_id,
        "years": sorted(set(selectors.available_years()) | {year}, reverse=True),
        "areas": BusinessArea.objects.all(),
        "job": job,
        "can_edit": access.can_edit(request.user),
    }
    return render(request, "kpis/dashboard.html", context)


@require_POST
@role_required(*access.EDIT_ROLES)
def recompute(request: HttpRequest) -> HttpResponse:
    year = _int(request.POST.get("year")) or selectors.default_year()
    try:
        job = start_job(tasks.JOB_KIND, {"year": year}, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('kpis:dashboard')}?year={year}")
    messages.info(request, _("%(year)s년 성과지표 재계산을 시작했습니다.") % {"year": year})
    return redirect(f"{reverse('kpis:dashboard')}?year={year}&job={job.pk}")


@role_required(*access.READ_ROLES)
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        access.indicators_for(request.user).select_related("area", "value"), pk=pk
    )
    history = selectors.series(indicator)
    records, record_total = selectors.counted_records(indicator)
    context = {
        "indicator": indicator,
        "row": selectors.indicator_row(indicator),
        "history": history,
        "history_chart": charts.history(history),
        "records": records,
        "record_total": record_total,
        "entries": selectors.entries(indicator),
        "entry_form": ManualEntryForm(initial={"unit": indicator.unit}),
        "machine": ENTRY_MACHINE,
        "can_edit": access.can_edit(request.user),
    }
    return render(request, "kpis/indicator_detail.html", context)


@role_required(*access.EDIT_ROLES)
def indicator_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=pk) if pk else None
    if indicator:
        initial = {
            **{name: getattr(indicator, name) for name in services.INDICATOR_FIELDS},
            "area": indicator.area_id,
            "program": indicator.program_id,
            "target": "" if indicator.target is None else f"{indicator.target.normalize():f}",
        }
    else:
        initial = {"year": selectors.default_year(), "order": 100}
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "measure_params": form.cleaned_data["measure_params"] or {}}
        try:
            if indicator:
                indicator = services.update_indicator(indicator, actor=request.user, **data)
            else:
                indicator = services.create_indicator(actor=request.user, **data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("성과지표를 저장했습니다."))
            return redirect("kpis:indicator", pk=indicator.pk)
    return render(request, "kpis/indicator_form.html", {"form": form, "indicator": indicator})


@role_required(*access.EDIT_ROLES)
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("area"), pk=pk)
    form = ManualEntryForm(
        request.POST or None, request.FILES or None, initial={"unit": indicator.unit}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_entry(indicator, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("실적을 제출했습니다. 공무원 승인 후 반영됩니다."))
            return redirect("kpis:indicator", pk=indicator.pk)
    return render(request, "kpis/entry_form.html", {"form": form, "indicator": indicator})


@require_POST
@role_required(*access.EDIT_ROLES)
def entry_act(request: HttpRequest, pk: int) -> HttpResponse:
    """Any workflow action on an entry (the buttons of ``{% state_actions %}``); the machine
    decides who may take which."""
    entry = get_object_or_404(ManualEntry, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    name = request.POST.get("action", "")
    action = ENTRY_MACHINE.actions.get(name)
    attempt(
        request,
        lambda: services.act_on_entry(
            entry, name, actor=request.user, comment=form.cleaned_data.get("comment", "")
        ),
        str(action.done) if action and action.done else None,
    )
    return redirect("kpis:indicator", pk=entry.indicator_id)


@role_required(*access.READ_ROLES)
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    entry = get_object_or_404(access.entries_for(request.user), pk=pk)
    return private_file_response(entry.evidence)


@role_required(*access.READ_ROLES)
def pending(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "kpis/pending.html",
        {"entries": selectors.pending_entries(), "can_approve": access.can_approve(request.user)},
    )
