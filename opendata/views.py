"""Public pages (no login): the open-data overview, the downloads and the data dictionary.

What is published, and how, is decided in ``datasets`` and ``giving``; these views only parse
the query and serialise. A year is ``provisional`` until its settlement is locked; every file
says so (JSON ``provisional``, CSV column ``자료 상태``, 360Giving package description).
"""

import csv
import datetime as dt
import io
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from opendata import datasets, giving
from programs import selectors as programs
from seoul_se.reference import selectors as reference


def _unpublished_year(year: int) -> str:
    """Why ``year`` cannot be downloaded ('' when it can)."""
    if year in datasets.years(timezone.localdate()):
        return ""
    return _("공개하는 연도는 %(first)s년부터 올해까지입니다.") % {"first": datasets.FIRST_YEAR}


def _not_found(request: HttpRequest, reason: str) -> HttpResponse:
    """The portal's 404 page with the reason, so a public user knows what to change."""
    return render(request, "404.html", {"reason": reason}, status=404)


def _filters(request: HttpRequest) -> datasets.Filters:
    """``program`` (a number) and ``district`` (an administrative code); a malformed one is
    ignored with nothing narrowed rather than failing a public download."""
    program = request.GET.get("program", "")
    district = request.GET.get("district", "")
    return datasets.Filters(
        program_id=int(program) if program.isdigit() else None,
        district_code=district if district.isdigit() else None,
    )


def _status(year: int) -> str:
    return _("잠정") if datasets.is_provisional(year) else _("확정")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = datasets.years(today)
    requested = request.GET.get("year", "")
    if requested.isdigit() and int(requested) in years:
        year = int(requested)
    else:
        year = datasets.latest_year_with_data(today)
    filters = _filters(request)
    query = request.GET.copy()
    query["year"] = str(year)
    summary = datasets.summary(year, filters)
    return render(
        request,
        "opendata/index.html",
        {
            "year": year,
            "years": years,
            "filters": filters,
            "provisional": datasets.is_provisional(year),
            "summary": summary,
            "has_grants": datasets.has_grants(year),
            "datasets": datasets.DATASETS.values(),
            "programs": programs.open_programs(year),
            "districts": reference.districts(),
            "query": query.urlencode(),
        },
    )


@require_GET
def dictionary(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/dictionary.html", {"datasets": datasets.DATASETS.values()})


def _dataset(name: str) -> datasets.Dataset:
    try:
        return datasets.DATASETS[name]
    except KeyError:
        raise Http404(_("없는 자료입니다.")) from None


def _csv(dataset: datasets.Dataset, rows: list[dict[str, Any]], status: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(f.title) for f in dataset.fields] + [_("자료 상태")])
    for row in rows:
        writer.writerow([_cell(row[f.key]) for f in dataset.fields] + [status])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@require_GET
def download(request: HttpRequest, year: int, name: str, fmt: str) -> HttpResponse:
    dataset = _dataset(name)
    if reason := _unpublished_year(year):
        return _not_found(request, reason)
    rows = dataset.rows(year, _filters(request))
    filename = f"seoul-se-{name}-{year}.{fmt}"
    if fmt == "csv":
        # The BOM makes Excel in Korea open UTF-8 as UTF-8 instead of CP949.
        body = "\ufeff" + _csv(dataset, rows, _status(year))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        payload = {
            "dataset": name,
            "title": str(dataset.title),
            "year": year,
            "provisional": datasets.is_provisional(year),
            "license": giving.LICENSE,
            "fields": [f.key for f in dataset.fields],
            "rows": rows,
        }
        response = JsonResponse(
            payload, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False}
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def giving_package(request: HttpRequest, year: int) -> HttpResponse:
    if reason := _unpublished_year(year):
        return _not_found(request, reason)
    source = request.build_absolute_uri(reverse("opendata:index")) + f"?year={year}"
    package = giving.package(year, data_source=source)
    if not package["grants"]:
        return _not_found(request, _("이 연도에는 공개할 협약이나 배정이 없습니다."))
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="seoul-se-360giving-{year}.json"'
    return response
