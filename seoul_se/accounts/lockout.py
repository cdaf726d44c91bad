"""django-axes hooks: one login identity, two lock-out tiers, and one lock-out answer.

* Every spelling of an e-mail address (``Victim@…``, `` victim@… ``) counts against the same
  identity, on the login page, the admin login and the API token endpoint alike.
* Failures are counted per e-mail + client address (the address behind the trusted proxy, see
  ``TRUSTED_PROXY_COUNT``): an attacker locks out only their own address, not the real user.
  Once an e-mail collects ``AXES_USERNAME_FAILURE_LIMIT`` failures from all addresses together
  within the cool-off, it is locked everywhere: that caps distributed guessing.
"""

from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessBase
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle

USERNAME_AND_ADDRESS = [["username", "ip_address"]]


def normalise_email(value: object) -> str:
    """The one identity of a login: the stripped, lower-cased e-mail address."""
    return str(value or "").strip().lower()


def client_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the normalised e-mail of a login attempt."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    else:
        raw = getattr(request, "data", request.POST).get(field)
    return normalise_email(raw) or None


def client_address(request: HttpRequest) -> str:
    """``AXES_CLIENT_IP_CALLABLE``: the client behind ``TRUSTED_PROXY_COUNT`` proxies, by the
    rule DRF's throttles use (``NUM_PROXIES``), so both count the same address."""
    return BaseThrottle().get_ident(request)  # type: ignore[arg-type]


def lockout_parameters(
    request_or_attempt: HttpRequest | AccessBase, credentials: dict[str, Any] | None = None
) -> list[Any]:
    """``AXES_LOCKOUT_PARAMETERS``: e-mail + address, or the e-mail alone past the higher cap."""
    limit = settings.AXES_USERNAME_FAILURE_LIMIT
    if not limit or isinstance(request_or_attempt, AccessBase):
        return USERNAME_AND_ADDRESS
    username = get_client_username(request_or_attempt, credentials)
    if not username:
        return USERNAME_AND_ADDRESS
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off(request_or_attempt)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return ["username"] if failures >= limit else USERNAME_AND_ADDRESS


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the API answers in its error shape, pages with the template."""
    message = _(
        "로그인이 일시적으로 제한되었습니다. 15분 후에 다시 시도하거나 관리자에게 문의하세요."
    )
    if request.path.startswith("/api/"):
        body = {"error": {"status": 429, "code": "locked_out", "message": message, "fields": {}}}
        return JsonResponse(body, status=429, json_dumps_params={"ensure_ascii": False})
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {"message": message}, status=429)
