"""What the programs pages share: a form handed to a service, the scoped application, status
labels for lists."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from programs import access
from programs.models import (
    Application,
)
from seoul_se.accounts.models import Role
from seoul_se.core.feedback import attempt, form_errors

S = Application.Status
MEMBER = (Role.ENTERPRISE_MEMBER,)
PAGE_SIZE = 50


def _saved(
    request: HttpRequest, form: BaseForm, save: Callable[[dict[str, Any]], Any], success: str
) -> Any:
    """On a valid POST, give the form's data to the service ``save``: its result, or None with
    the service's errors on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        record = save(form.cleaned_data)
    except ValidationError as exc:
        for message in form_errors(exc):
            form.add_error(None, message)
        return None
    messages.success(request, success)
    return record


def _added(
    request: HttpRequest, form: BaseForm, save: Callable[[dict[str, Any]], Any], success: str
) -> None:
    """A form posted from another page: its errors and the service's are shown as messages."""
    if form.is_valid():
        attempt(request, lambda: save(form.cleaned_data), success)
    else:
        for message in form_errors(form):
            messages.error(request, message)


def _with_status_labels(page: Any) -> Any:
    """Set ``status_label`` on each row: ``get_status_display`` re-hashes the lazy choices on
    every call, which dominated list rendering."""
    labels = {value: str(label) for value, label in S.choices}
    for application in page:
        application.status_label = labels[application.status]
    return page


def _application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        access.visible_applications(request.user).select_related(
            "call__program", "enterprise__legal_type", "rule"
        ),
        pk=pk,
    )
