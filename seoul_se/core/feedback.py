"""Pages call a service and tell the user how it went, the same way in every app."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def form_errors(source: BaseForm | ValidationError) -> list[str]:
    """The messages of a bound form's errors or of a service's ValidationError, flat, for a
    page to show (as messages, or on a form with ``add_error(None, …)``)."""
    if isinstance(source, ValidationError):
        return [str(message) for message in source.messages]
    return [str(message) for errors in source.errors.values() for message in errors]


def show_on_form(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the bound form the page re-renders: each field's
    errors on that field when the form has it, the rest (and a plain error) above the form.
    The errors keep their stable codes."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def attempt(
    request: HttpRequest,
    action: Callable[[], Any],
    success: str | Callable[[Any], str] | None = None,
) -> bool:
    """Run a service call; show its Korean errors as messages, or ``success`` (a text, or a
    function of the call's result). True when it succeeded."""
    try:
        result = action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, str(message))
        return False
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return True
