"""View helpers for the pages every app has: a paged table with its Excel export, a form page
that saves through a service, and a form posted from a detail page. Errors reach the user the
same way everywhere (``seoul_se.core.feedback.attempt``)."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise

from seoul_se.access import role_required
from seoul_se.core.feedback import attempt, form_errors
from seoul_se.core.tables import Table

T = TypeVar("T")
View = Callable[..., HttpResponse]
PER_PAGE = 50


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], object],
    success: str,
) -> bool:
    """A form posted from a detail page: valid → ``action(cleaned_data)`` through ``attempt``;
    invalid → its errors as messages. True when the action succeeded."""
    if not form.is_valid():
        for message in form_errors(form):  # the form itself is not shown again
            messages.error(request, message)
        return False
    return attempt(request, lambda: action(form.cleaned_data), success)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict[str, Any]], T],
    success: str,
    done: Callable[[T], HttpResponse],
    title: str | Promise,
    nav: str | None = None,
) -> HttpResponse:
    """A page with one form: on a valid POST ``save(cleaned_data)`` through ``attempt`` and
    ``done(saved)`` (a redirect); otherwise the form (``nav``: the app's menu template)."""
    if request.method == "POST" and form.is_valid():
        saved: list[T] = []
        if attempt(request, lambda: saved.append(save(form.cleaned_data)), success):
            return done(saved[0])
    return render(request, "core/form_page.html", {"form": form, "title": title, "nav": nav})


def table_pages(
    table: Table,
    rows: Callable[[HttpRequest], QuerySet[Any]],
    *,
    roles: Iterable[str],
    title: str | Promise,
    filename: str,
    export: str,
    nav: str,
) -> tuple[View, View]:
    """The list view (paged, ``PER_PAGE`` rows) and the Excel export view of the same rows,
    both for ``roles``; ``export`` is the export view's URL name."""

    @role_required(*roles)
    def listing(request: HttpRequest) -> HttpResponse:
        page = Paginator(rows(request), PER_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "core/list_page.html",
            {
                "title": title,
                "nav": nav,
                "table": table,
                "rows": table.page_rows(page.object_list),
                "page": page,
                "export_url": reverse(export),
            },
        )

    @role_required(*roles)
    def export_view(request: HttpRequest) -> HttpResponse:
        return table.response(rows(request), filename)

    return listing, export_view
