"""Pages call a service and tell the user how it went, the same way in every app."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


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
