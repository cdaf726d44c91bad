"""Auditors are read-only everywhere: one guard for pages and API.

A view that auditors may post to (their findings form, report generation, login/logout) says so
with :func:`auditor_may_write`.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from seoul_se.accounts.models import Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def auditor_may_write(view: Any) -> Any:
    view.auditor_may_write = True
    return view


def _allows_auditor(view_func: Callable[..., Any]) -> bool:
    candidates = [
        view_func,
        getattr(view_func, "view_class", None),
        getattr(view_func, "cls", None),
    ]
    return any(getattr(candidate, "auditor_may_write", False) for candidate in candidates)


class AuditorReadOnlyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        user = getattr(request, "user", None)
        if (
            request.method not in SAFE_METHODS
            and user is not None
            and user.is_authenticated
            and user.role == Role.AUDITOR
            and not _allows_auditor(view_func)
        ):
            raise PermissionDenied("감사인은 자료를 조회만 할 수 있습니다.")


class KoreanFirstLocaleMiddleware(LocaleMiddleware):
    """Korean unless the user chose another language in the header (language cookie).

    The browser's Accept-Language is ignored on purpose: staff PCs often run English browsers.
    """

    def process_request(self, request: HttpRequest) -> None:
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
