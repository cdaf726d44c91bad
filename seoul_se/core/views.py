from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from seoul_se.access import READ_ALL_ROLES
from seoul_se.core import confirm as confirmation
from seoul_se.core import health, jobs, work_queue
from seoul_se.core.middleware import auditor_may_write
from seoul_se.core.models import BackgroundJob
from seoul_se.core.navigation import items_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home page: a greeting, its work queue ("할 일") and the tasks
    its menu offers."""
    user = request.user
    template = f"core/home_{user.role}.html"
    context = {
        "tasks": items_for(user),
        "role_label": user.get_role_display(),
        "work_items": work_queue.rows(user),
    }
    return render(request, [template, "core/home.html"], context)


def ping(request: HttpRequest) -> HttpResponse:
    """A trivial view: the benchmark baseline other pages are quoted against."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    db_ok, db_info = health.database_ok()
    broker_ok, broker_info = health.broker_ok()
    ok = db_ok and broker_ok
    body = {
        "status": "ok" if ok else "error",
        "database": {"ok": db_ok, "info": db_info},
        "broker": {"ok": broker_ok, "info": broker_info},
    }
    return JsonResponse(body, status=200 if ok else 503)


@auditor_may_write  # choosing a language changes no record; auditors read in either language
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, but an unknown language code is a clear 400, not ignored."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES) or not check_for_language(code):
        return HttpResponseBadRequest(
            _("지원하지 않는 언어 코드입니다: %(code)s") % {"code": code[:20]},
            content_type="text/plain; charset=utf-8",
        )
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        request.POST = request.POST.copy()
        request.POST["next"] = "/"
    return django_set_language(request)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = (
        str(exception) if exception and str(exception) else _("이 화면에 접근할 권한이 없습니다.")
    )
    if _wants_json(request):
        body = {
            "error": {"status": 403, "code": "permission_denied", "message": message, "fields": {}}
        }
        return JsonResponse(body, status=403)
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        body = {
            "error": {
                "status": 404,
                "code": "not_found",
                "message": _("요청한 자료를 찾을 수 없습니다."),
                "fields": {},
            }
        }
        return JsonResponse(body, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The portal's 500 page, rendered without the request: the database may be what failed."""
    if _wants_json(request):
        message = _("일시적인 오류가 발생했습니다.")
        body = {"error": {"status": 500, "code": "server_error", "message": message, "fields": {}}}
        return JsonResponse(body, status=500)
    return HttpResponseServerError(loader.render_to_string("500.html"))


class PortalNotFoundMiddleware:
    """Under DEBUG, Django answers a 404 with its technical page (URL list); this serves the
    portal's own 404 instead, so development shows what users see. Listed only in development
    settings (production already uses handler404)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            resolve(request.path_info)
        except Resolver404 as exception:
            return page_not_found(request, exception)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _("보안 토큰이 없거나 만료되었습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.")
    if _wants_json(request):
        body = {"error": {"status": 403, "code": "csrf_failed", "message": message, "fields": {}}}
        return JsonResponse(body, status=403)
    return render(request, "403.html", {"message": message}, status=403)


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Progress of a background job, polled by pages; visible to its requester and to staff."""
    job = get_object_or_404(BackgroundJob, pk=pk)
    if job.created_by_id != request.user.pk and request.user.role not in READ_ALL_ROLES:
        return permission_denied(request)
    return JsonResponse(
        {
            "id": job.pk,
            "kind": job.kind,
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "message": job.display_message,
            "error_code": job.error_code,
            "result": job.result,
        }
    )


@require_POST
@auditor_may_write  # an auditor may retry a workbook; start_job checks each kind's permission
@login_required
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """The retry button of a failed job: a fresh job with the same kind and parameters."""
    job = get_object_or_404(BackgroundJob, pk=pk)
    try:
        entry = jobs.job_kind(job.kind)
    except LookupError:  # a kind no longer offered
        raise Http404 from None
    try:
        fresh = jobs.retry_job(job, actor=request.user)
    except PermissionDenied:
        return permission_denied(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(entry.page(job))
    messages.info(request, _("작업을 다시 시작했습니다."))
    return redirect(entry.page(fresh))


@auditor_may_write  # it only shows a page; the step's own view decides who may act
@require_POST
@login_required
def confirm(request: HttpRequest) -> HttpResponse:
    """The confirmation page of an irreversible step when JavaScript is off: the step's button
    posted its form here with a signed token; the page shows the token's message and a form
    posting the same fields to the token's URL (see seoul_se/core/confirm.py)."""
    try:
        if request.FILES:
            raise confirmation.BadConfirmation(
                _("파일을 올리는 양식은 확인 화면을 거칠 수 없습니다.")
            )
        step = confirmation.read(request.POST.get(confirmation.TOKEN_FIELD, ""))
    except confirmation.BadConfirmation as error:
        return render(request, "core/confirm_invalid.html", {"message": error.message}, status=400)
    skipped = {"csrfmiddlewaretoken", confirmation.TOKEN_FIELD}
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in skipped
        for value in values
    ]
    if step.name:
        fields.append((step.name, step.value))
    return render(request, "core/confirm.html", {"step": step, "fields": fields})
