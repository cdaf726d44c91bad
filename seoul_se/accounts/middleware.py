"""The one place that enforces the second factor, for pages and the session-authenticated API.

A signed-in user who needs a second factor (enforced roles, or anyone who set one up) and has not
passed it in this session may only reach the set-up / code pages, logout and the language switch.
Pages redirect there; the API answers 403 in its error shape. Token-authenticated API calls are
checked when the token is issued (``otp`` field).
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from seoul_se.accounts import selectors

ALLOWED_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:second_factor_verify",
        "accounts:second_factor_setup",
        "set_language",
        "healthz",
    }
)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr,attr-defined]
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_VIEWS:
            return None
        if request.path.startswith("/api/") and "HTTP_AUTHORIZATION" in request.META:
            return None  # token (or other header) authentication: DRF decides
        if not selectors.second_factor_required(user):  # type: ignore[arg-type]
            return None
        setup = not selectors.has_second_factor(user)  # type: ignore[arg-type]
        if request.path.startswith("/api/"):
            message = (
                _("2단계 인증을 먼저 설정하세요.")
                if setup
                else _("2단계 인증을 마친 뒤 이용할 수 있습니다.")
            )
            body = {
                "error": {"status": 403, "code": "otp_required", "message": message, "fields": {}}
            }
            return JsonResponse(body, status=403, json_dumps_params={"ensure_ascii": False})
        target = "accounts:second_factor_setup" if setup else "accounts:second_factor_verify"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(f"{reverse(target)}?{query}" if query else reverse(target))
