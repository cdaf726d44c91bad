"""Pages of the integrity checks: the flags to review, one flag with its records and history,
the shared-address list. Staff decide; auditors read; nobody else sees them."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from integrity import access, services, workflow
from integrity.models import Flag, Rule
from seoul_se.access import READ_ALL_ROLES, STAFF_ROLES, role_required
from seoul_se.core.feedback import attempt

PAGE_SIZE = 50


@role_required(*READ_ALL_ROLES)
def flag_list(request: HttpRequest) -> HttpResponse:
    flags = access.visible_flags(request.user)
    rule = request.GET.get("rule", "")
    status = request.GET.get("status", Flag.Status.OPEN)
    if rule in Rule.values:
        flags = flags.filter(rule=rule)
    if status in Flag.Status.values:
        flags = flags.filter(status=status)
    page = Paginator(flags.order_by("-found_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "integrity/list.html",
        {
            "page": page,
            "rules": Rule.choices,
            "statuses": Flag.Status.choices,
            "rule": rule,
            "status": status,
            "query": _without_page(request),
        },
    )


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required(*READ_ALL_ROLES)
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(access.visible_flags(request.user), pk=pk)
    return render(
        request,
        "integrity/detail.html",
        {
            "flag": flag,
            "machine": workflow.MACHINE,
            "history": flag.transitions.select_related("actor"),
        },
    )


@require_POST
@role_required(*STAFF_ROLES)
def act(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(access.visible_flags(request.user), pk=pk)
    action = request.POST.get("action", "")
    known = workflow.MACHINE.actions.get(action)
    attempt(
        request,
        lambda: services.act_on_flag(
            flag, action, actor=request.user, comment=request.POST.get("comment", "")
        ),
        str(known.done) if known and known.done else None,
    )
    return redirect("integrity:detail", pk=flag.pk)
