"""Consulting pages. Thin: access from ``access``, reads from ``selectors``, changes via
``services``."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consulting import access, exporting, selectors, services, workflow
from consulting.forms import (
    AssignForm,
    CancelForm,
    CloseForm,
    ExpertForm,
    FollowUpForm,
    RateForm,
    RecordForm,
    RequestForm,
    SessionForm,
)
from consulting.models import Case, Expert
from enterprises.access import visible_enterprises
from seoul_se.access import STAFF_ROLES, role_required
from seoul_se.accounts.models import User
from seoul_se.audit.exports import ask_purpose, purpose_form
from seoul_se.audit.masking import PersonalDataPolicy
from seoul_se.audit.models import AccessLog
from seoul_se.audit.recording import collecting_ids, log_access
from seoul_se.core.excel import workbook_response
from seoul_se.core.feedback import show_on_form


def _guard(request: HttpRequest) -> None:
    if not access.may_open(request.user):
        raise PermissionDenied(_("이 화면에 접근할 권한이 없습니다."))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _filtered(request: HttpRequest) -> Any:
    return selectors.filter_cases(
        access.visible_cases(request.user),
        user=request.user,
        mine=request.GET.get("mine") == "1",
        status=request.GET.get("status", ""),
        enterprise_id=_int(request.GET.get("enterprise")),
        year=_int(request.GET.get("year")),
        kind=request.GET.get("kind", ""),
    )


@role_required()
def case_list(request: HttpRequest) -> HttpResponse:
    _guard(request)
    page = Paginator(selectors.for_list(_filtered(request)), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consulting/list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "statuses": Case.Status.choices,
            "kinds": Case.Kind.choices,
            "is_staff": access.is_consulting_staff(request.user),
            "is_member": request.user.role in access.MEMBER_ROLES,
            "can_export": request.user.role in access.EXPORT_ROLES,
        },
    )


@role_required(*access.EXPORT_ROLES)
def export(request: HttpRequest) -> HttpResponse:
    """Exactly the filtered list, after the purpose is recorded; logged with every row's id."""
    cases = selectors.for_list(_filtered(request))
    purpose = purpose_form(request)
    if not purpose.is_valid():
        return ask_purpose(
            request, purpose, title=_("상담 목록 엑셀 내려받기"), count=cases.count()
        )
    ids: list[int] = []
    workbook = exporting.cases_workbook(collecting_ids(cases.iterator(chunk_size=2000), ids))
    log_access(
        request, action=AccessLog.Action.EXPORT, model=Case, record_ids=ids, **purpose.log_kwargs()
    )
    return workbook_response(workbook, "상담_컨설팅_목록.xlsx")


@role_required(*access.MEMBER_ROLES)
def request_support(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None, enterprises=visible_enterprises(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(
                actor=request.user,
                enterprise=form.cleaned_data["enterprise"],
                field=form.cleaned_data["field"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request, _("상담을 신청했습니다. 접수 번호: %(n)s") % {"n": case.number}
            )
            return redirect("consulting:detail", pk=case.pk)
    return render(
        request,
        "core/cancellable_form_page.html",
        {"form": form, "title": _("컨설팅·상담 신청"), "cancel": "consulting:list"},
    )


@role_required(*access.CONSULTING_STAFF_ROLES)
def record(request: HttpRequest) -> HttpResponse:
    form = RecordForm(request.POST or None, enterprises=visible_enterprises(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                actor=request.user,
                enterprise=data["enterprise"],
                field=data["field"],
                description=data["description"],
                channel=data["channel"],
                kind=data["kind"],
                requested_on=data["requested_on"],
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request, _("상담을 기록했습니다. 접수 번호: %(n)s") % {"n": case.number}
            )
            return redirect("consulting:detail", pk=case.pk)
    return render(
        request,
        "core/cancellable_form_page.html",
        {"form": form, "title": _("상담 기록"), "cancel": "consulting:list"},
    )


def _action_forms(request: HttpRequest, case: Case, data: Any = None) -> dict[str, Any]:
    user = request.user
    forms: dict[str, Any] = {}
    if access.may_manage(user):
        forms["assign"] = AssignForm(
            data,
            staff=User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("name"),
            experts=selectors.active_experts(),
            initial={"assignee": case.assignee_id, "expert": case.expert_id},
        )
        forms["close"] = CloseForm(data)
        forms["cancel"] = CancelForm(data)
        forms["follow_up"] = FollowUpForm(data)
    elif access.may_withdraw(user, case):
        forms["cancel"] = CancelForm(data)
    if access.may_record_session(user, case):
        forms["session"] = SessionForm(data)
    if access.may_rate(user, case):
        forms["rate"] = RateForm(data, initial={"satisfaction": case.satisfaction})
    return forms


# The forms that change the case's state, and the workflow actions they take.
STATE_FORMS = {"close": {"close"}, "cancel": {"cancel", "withdraw"}}


def _offered(request: HttpRequest, case: Case, forms: dict[str, Any], keep: str = "") -> dict:
    """The forms the page shows: a state-changing one only while the machine allows its action
    to this user now (assigning also while someone may be re-assigned); ``keep`` is the form
    just submitted, shown again with its errors."""
    allowed = {action.name for action in workflow.MACHINE.allowed_actions(case, request.user)}

    def shown(name: str) -> bool:
        if name == keep:
            return True
        if name == "assign":
            return case.status in workflow.ASSIGNABLE
        return name not in STATE_FORMS or bool(STATE_FORMS[name] & allowed)

    return {name: form for name, form in forms.items() if shown(name)}


def _detail_page(
    request: HttpRequest, case: Case, forms: dict[str, Any], status: int = 200, keep: str = ""
) -> HttpResponse:
    allowed = workflow.MACHINE.allowed_actions(case, request.user)
    # The state-changing forms ask before they are sent (docs/ui.md, "Confirmations").
    confirms = {
        form: action.confirm
        for form, names in STATE_FORMS.items()
        for action in allowed
        if action.name in names and action.confirm
    }
    return render(
        request,
        "consulting/detail.html",
        {
            "case": case,
            "forms": _offered(request, case, forms, keep),
            "confirms": confirms,
            "is_staff": access.is_consulting_staff(request.user),
        },
        status=status,
    )


@role_required()
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    case = get_object_or_404(selectors.for_detail(access.visible_cases(request.user)), pk=pk)
    return _detail_page(request, case, _action_forms(request, case))


def _run(action: str, request: HttpRequest, case: Case, form: Any) -> str:
    data, actor = form.cleaned_data, request.user
    if action == "assign":
        services.assign(actor=actor, case=case, assignee=data["assignee"], expert=data["expert"])
        return _("담당자를 지정했습니다.")
    if action == "session":
        services.record_session(
            actor=actor,
            case=case,
            held_on=data["held_on"],
            hours=data["hours"],
            notes=data["notes"],
        )
        return _("상담 회차를 기록했습니다.")
    if action == "close":
        services.close(actor=actor, case=case, outcome=data["outcome"])
        return _("상담을 종결했습니다.")
    if action == "cancel":
        services.cancel(actor=actor, case=case, reason=data["reason"])
        return _("상담을 취소했습니다.")
    if action == "follow_up":
        follow_up = services.open_follow_up(actor=actor, case=case, description=data["description"])
        return _("사후지원 건 %(n)s을(를) 등록했습니다.") % {"n": follow_up.number}
    services.rate(actor=actor, case=case, rating=data["satisfaction"], comment=data["comment"])
    return _("만족도를 남겼습니다. 감사합니다.")


@require_POST
@role_required()
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _guard(request)
    case = get_object_or_404(selectors.for_detail(access.visible_cases(request.user)), pk=pk)
    forms = _action_forms(request, case, request.POST)
    if action not in forms:
        if action in {"assign", "session", "close", "cancel", "follow_up", "rate"}:
            raise PermissionDenied(_("이 상담 건을 처리할 권한이 없습니다."))
        raise Http404
    form = forms[action]
    # Only the submitted form is bound; the others are shown empty again.
    forms = {**_action_forms(request, case), action: form}
    if form.is_valid():
        try:
            message = _run(action, request, case, form)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, message)
            return redirect("consulting:detail", pk=case.pk)
    return _detail_page(request, case, forms, status=400, keep=action)


@role_required(*access.CONSULTING_ROLES - access.MEMBER_ROLES)
def experts(request: HttpRequest) -> HttpResponse:
    form = ExpertForm(request.POST or None) if access.may_manage(request.user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("전문가 풀을 관리할 권한이 없습니다."))
        if form.is_valid():
            try:
                services.save_expert(actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, _("전문가를 등록했습니다."))
                return redirect("consulting:experts")
    policy = PersonalDataPolicy(request.user)
    experts = list(access.visible_experts(request.user).select_related("user"))
    if policy.full and experts:
        log_access(
            request, action=AccessLog.Action.LIST, model=Expert, record_ids=[e.pk for e in experts]
        )
    rows = [(expert, access.expert_contact(policy, expert)) for expert in experts]
    return render(request, "consulting/experts.html", {"experts": rows, "form": form})
