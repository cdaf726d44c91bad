"""The purpose question asked before any export of personal data (pages of every app use it):
``form = purpose_form(request)``; unless ``form.is_valid()``, answer ``ask_purpose(...)``;
otherwise export and log with ``form.log_kwargs()``."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seoul_se.audit.forms import PURPOSE_FIELDS, ExportPurposeForm


def purpose_form(request: HttpRequest) -> ExportPurposeForm:
    return ExportPurposeForm(request.GET if "purpose" in request.GET else None)


def ask_purpose(
    request: HttpRequest, form: ExportPurposeForm, *, title: str, count: int | None = None
) -> HttpResponse:
    """The purpose form; the export's own query (filters) rides along as hidden fields."""
    keep = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in PURPOSE_FIELDS
        for value in values
    ]
    return render(
        request,
        "audit/export_purpose.html",
        {"form": form, "title": title, "keep": keep, "count": count},
        status=400 if form.is_bound else 200,
    )
