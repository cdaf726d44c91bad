"""Procurement pages: thin views over ``selectors`` / ``services``; scoping in ``access``."""

from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from procurement import access, selectors, services, tables
from procurement.forms import (
    ContractForm,
    EventForm,
    MeetingForm,
    PurchaseForm,
    TargetForm,
)
from procurement.models import MatchmakingEvent
from seoul_se.access import role_required
from seoul_se.core.pages import form_page, submit, table_pages


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        overview = selectors.yearly_overview()
        return overview[0].year if overview else timezone.localdate().year


NAV = "procurement/_nav.html"
IMPORT_KIND = "procurement.purchases"
_table_pages = partial(table_pages, roles=access.READ_ROLES, nav=NAV)


@role_required(*access.OVERVIEW_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    years = selectors.yearly_overview()
    return render(
        request,
        "procurement/overview.html",
        {
            "year": year,
            "years_table": tables.YEARS,
            "years": tables.YEARS.page_rows(years),
            "institutions_table": tables.INSTITUTIONS,
            "institutions": tables.INSTITUTIONS.page_rows(selectors.institution_figures(year)),
            "matching_total": selectors.matching_contract_total_until(year),
            "target_form": TargetForm(initial={"year": year})
            if access.can_manage(request.user)
            else None,
        },
    )


@role_required(*access.OVERVIEW_ROLES)
def years_export(request: HttpRequest) -> HttpResponse:
    return tables.YEARS.response(selectors.yearly_overview(), "공공구매_연도별_목표실적.xlsx")


@role_required(*access.OVERVIEW_ROLES)
def institutions_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return tables.INSTITUTIONS.response(
        selectors.institution_figures(year), f"공공구매_기관별실적_{year}.xlsx"
    )


@require_POST
@role_required(*access.MANAGE_ROLES)
def target_set(request: HttpRequest) -> HttpResponse:
    submit(
        request,
        TargetForm(request.POST),
        lambda data: services.set_target(actor=request.user, **data),
        _("구매 목표를 저장했습니다."),
    )
    return redirect(f"{reverse('procurement:overview')}?year={request.POST.get('year', '')}")


purchase_list, purchase_export = _table_pages(
    tables.PURCHASES,
    lambda request: selectors.purchases_for_list(access.visible_purchases(request.user)),
    title=_lazy("공공구매 실적"),
    filename="공공구매_실적.xlsx",
    export="procurement:purchase_export",
)


@role_required(*access.MANAGE_ROLES)
def purchase_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        PurchaseForm(request.POST or None),
        save=lambda data: services.record_purchase(actor=request.user, **data),
        success=_("구매 실적을 등록했습니다."),
        done=lambda _purchase: redirect("procurement:purchase_list"),
        title=_("공공구매 실적 등록"),
        nav=NAV,
    )


# The purchase report is the import kind "procurement.purchases" (procurement/imports.py): the
# former addresses lead to its pages.
@role_required(*access.MANAGE_ROLES)
def purchase_import(request: HttpRequest) -> HttpResponse:
    return redirect(_with_query(reverse("imports:upload", args=[IMPORT_KIND]), request))


@role_required(*access.MANAGE_ROLES)
def import_template(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("imports:template", args=[IMPORT_KIND]))


def _with_query(url: str, request: HttpRequest) -> str:
    institution = request.GET.get("institution", "")
    return f"{url}?{urlencode({'institution': institution})}" if institution else url


def _events(request: HttpRequest) -> QuerySet[MatchmakingEvent]:
    return selectors.events_for_list(access.visible_events(request.user))


@role_required(*access.READ_ROLES)
def event_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "procurement/events.html",
        {"events": _events(request), "can_manage": access.can_manage(request.user)},
    )


@role_required(*access.READ_ROLES)
def event_export(request: HttpRequest) -> HttpResponse:
    return tables.EVENTS.response(_events(request), "공공구매_상담회.xlsx")


@role_required(*access.MANAGE_ROLES)
def event_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        EventForm(request.POST or None),
        save=lambda data: services.create_event(actor=request.user, **data),
        success=_("상담회를 등록했습니다."),
        done=lambda event: redirect("procurement:event_detail", event.pk),
        title=_("구매상담회 등록"),
        nav=NAV,
    )


@role_required(*access.READ_ROLES)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(access.visible_events(request.user), pk=pk)
    meetings = selectors.meetings_for_list(
        access.visible_meetings(request.user).filter(event=event)
    )
    context: dict[str, Any] = {
        "event": event,
        "figures": selectors.event_figures(event) if access.can_manage(request.user) else None,
        "table": tables.MEETINGS,
        "rows": tables.MEETINGS.page_rows(meetings),
    }
    if access.can_manage(request.user):
        context["meeting_form"] = MeetingForm()
        context["contract_form"] = ContractForm(meetings=meetings)
    return render(request, "procurement/event_detail.html", context)


@require_POST
@role_required(*access.MANAGE_ROLES)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(MatchmakingEvent, pk=pk)
    submit(
        request,
        MeetingForm(request.POST),
        lambda data: services.record_meeting(event, actor=request.user, **data),
        _("상담을 기록했습니다."),
    )
    return redirect("procurement:event_detail", event.pk)


@require_POST
@role_required(*access.MANAGE_ROLES)
def contract_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(MatchmakingEvent, pk=pk)
    meetings = event.meetings.select_related("enterprise", "institution")
    submit(
        request,
        ContractForm(request.POST, meetings=meetings),
        lambda data: services.record_contract(
            meetings.get(pk=data["meeting"]),
            actor=request.user,
            **{k: v for k, v in data.items() if k != "meeting"},
        ),
        _("계약을 기록했습니다."),
    )
    return redirect("procurement:event_detail", event.pk)


@role_required(*access.READ_ROLES)
def meeting_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.meetings_for_list(access.visible_meetings(request.user))
    return tables.MEETINGS.response(rows, "공공구매_구매상담.xlsx")


contract_list, contract_export = _table_pages(
    tables.CONTRACTS,
    lambda request: selectors.contracts_for_list(access.visible_contracts(request.user)),
    title=_lazy("매칭 계약"),
    filename="공공구매_매칭계약.xlsx",
    export="procurement:contract_export",
)
