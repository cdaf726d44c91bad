"""Market-access pages: thin views over ``selectors`` / ``services``; scoping in ``access``."""

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from markets import access, selectors, services, tables
from markets.forms import ChannelForm, EventForm, ParticipationForm, PlacementForm, SalesForm
from markets.models import ChannelKind, MarketEvent, Placement
from seoul_se.access import role_required
from seoul_se.core.feedback import attempt
from seoul_se.core.pages import form_page, submit, table_pages


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        latest = Placement.objects.order_by("-started_on").values_list("started_on", flat=True)
        return latest[0].year if latest else timezone.localdate().year


@role_required(*access.READ_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    figures = None
    series = None
    if access.reads_all(request.user):
        figures = [
            {
                "label": label,
                "placements": selectors.placements_in_year(year, kind),
                "enterprises": selectors.enterprises_placed_in_year(year, kind),
                "stores": selectors.stores_with_placements(year, kind).count(),
            }
            for kind, label in ChannelKind.choices
        ]
        series = selectors.event_series_figures(year)
    return render(
        request,
        "markets/overview.html",
        {
            "year": year,
            "figures": figures,
            "series": series,
            "channels": selectors.channels_for_list(
                access.visible_channels(request.user), timezone.localdate()
            ),
            "events": selectors.events_for_list(access.visible_events(request.user))[:100],
            "can_manage": access.can_manage(request.user),
        },
    )


def _placements(request: HttpRequest) -> QuerySet[Placement]:
    return selectors.placements_for_list(access.visible_placements(request.user)).order_by(
        "-started_on", "pk"
    )


NAV = "markets/_nav.html"
_table_pages = partial(table_pages, roles=access.READ_ROLES, nav=NAV)
placement_list, placement_export = _table_pages(
    tables.PLACEMENTS,
    _placements,
    title=_lazy("입점"),
    filename="판로지원_입점.xlsx",
    export="markets:placement_export",
)
sales_list, sales_export = _table_pages(
    tables.SALES,
    lambda request: selectors.sales_for_list(access.visible_sales(request.user)),
    title=_lazy("매출 보고"),
    filename="판로지원_매출보고.xlsx",
    export="markets:sales_export",
)
participation_list, participation_export = _table_pages(
    tables.PARTICIPATIONS,
    lambda request: selectors.participations_for_list(access.visible_participations(request.user)),
    title=_lazy("행사 참가"),
    filename="판로지원_행사참가.xlsx",
    export="markets:participation_export",
)


@role_required(*access.READ_ROLES)
def channel_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.channels_for_list(access.visible_channels(request.user), timezone.localdate())
    return tables.CHANNELS.response(rows, "판로지원_판매채널.xlsx")


@role_required(*access.READ_ROLES)
def event_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.events_for_list(access.visible_events(request.user))
    return tables.EVENTS.response(rows, "판로지원_마켓행사.xlsx")


@role_required(*access.MANAGE_ROLES)
def channel_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        ChannelForm(request.POST or None),
        save=lambda data: services.create_channel(actor=request.user, **data),
        success=_("채널을 등록했습니다."),
        done=lambda channel: redirect("markets:channel_detail", channel.pk),
        title=_("판매 채널 등록"),
    )


@role_required(*access.READ_ROLES)
def channel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(access.visible_channels(request.user), pk=pk)
    placements = _placements(request).filter(channel=channel)
    context: dict[str, Any] = {
        "channel": channel,
        "table": tables.PLACEMENTS,
        "rows": tables.PLACEMENTS.page_rows(placements),
    }
    if access.can_manage(request.user):
        context["placement_form"] = PlacementForm()
        context["sales_form"] = SalesForm(placements=placements)
    return render(request, "markets/channel_detail.html", context)


@require_POST
@role_required(*access.MANAGE_ROLES)
def placement_create(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(access.visible_channels(request.user), pk=pk)
    submit(
        request,
        PlacementForm(request.POST),
        lambda data: services.place_enterprise(channel, actor=request.user, **data),
        _("입점을 등록했습니다."),
    )
    return redirect("markets:channel_detail", channel.pk)


@require_POST
@role_required(*access.MANAGE_ROLES)
def sales_create(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(access.visible_channels(request.user), pk=pk)
    placements = access.visible_placements(request.user).filter(channel=channel)
    submit(
        request,
        SalesForm(request.POST, placements=placements.select_related("enterprise")),
        lambda data: services.report_sales(
            placements.get(pk=data["placement"]),
            actor=request.user,
            **{k: v for k, v in data.items() if k != "placement"},
        ),
        _("매출을 저장했습니다."),
    )
    return redirect("markets:channel_detail", channel.pk)


@role_required(*access.MANAGE_ROLES)
def event_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        EventForm(request.POST or None),
        save=lambda data: services.create_event(actor=request.user, **data),
        success=_("행사를 등록했습니다."),
        done=lambda event: redirect("markets:event_detail", event.pk),
        title=_("마켓 행사 등록"),
    )


@role_required(*access.READ_ROLES)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event: MarketEvent = get_object_or_404(access.visible_events(request.user), pk=pk)
    form = None
    if access.can_manage(request.user):
        form = ParticipationForm(request.POST or None)
        if request.method == "POST":
            if form.is_valid():
                attempt(
                    request,
                    lambda: services.record_participation(
                        event, actor=request.user, **form.cleaned_data
                    ),
                    _("참가 기업을 저장했습니다."),
                )
                return redirect("markets:event_detail", event.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("판로지원 기록을 관리할 권한이 없습니다."))
    rows = selectors.participations_for_list(
        access.visible_participations(request.user).filter(event=event)
    )
    return render(
        request,
        "markets/event_detail.html",
        {
            "event": event,
            "table": tables.PARTICIPATIONS,
            "rows": tables.PARTICIPATIONS.page_rows(rows),
            "form": form,
        },
    )
