"""Registry pages. Thin: access from ``access``, reads from ``selectors``, changes via ``services``."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises import exporting, selectors, services
from enterprises.access import (
    ONBOARDING_ROLES,
    REGISTRY_ROLES,
    REGISTRY_STAFF_ROLES,
    REGISTRY_WRITE_ROLES,
    can_edit_enterprise,
    editable_enterprises,
    is_registry_staff,
    personal_data,
    personal_data_policy,
    visible_enterprises,
)
from enterprises.filters import EnterpriseFilter
from enterprises.forms import (
    CertificationForm,
    EnterpriseForm,
    JoinForm,
    YearlyFiguresForm,
)
from enterprises.models import (
    Certification,
    ChangeRequest,
    Enterprise,
    EnterpriseMembership,
    YearlyFigures,
)
from enterprises.workflow import (
    CHANGE_REQUEST_MACHINE,
    MEMBERSHIP_MACHINE,
    VERIFICATION_MACHINE,
)
from seoul_se.access import READ_ALL_ROLES, has_role, role_required
from seoul_se.audit.exports import ask_purpose, purpose_form
from seoul_se.audit.models import AccessLog
from seoul_se.audit.recording import collecting_ids, log_access
from seoul_se.core.excel import workbook_response
from seoul_se.core.feedback import attempt, show_on_form
from seoul_se.core.files import private_file_response
from seoul_se.core.query import query_int
from seoul_se.core.support import enterprise_panels

PAGE_SIZES = (20, 50, 100)


def _filtered(request: HttpRequest) -> tuple[EnterpriseFilter, Any]:
    filterset = EnterpriseFilter(request.GET or None, queryset=visible_enterprises(request.user))
    queryset = filterset.qs if filterset.is_valid() else visible_enterprises(request.user)
    date = filterset.form.cleaned_data.get("status_on") if filterset.is_valid() else None
    if not request.GET.get("ordering"):
        queryset = queryset.order_by("name", "pk")
    return filterset, selectors.for_list(queryset, date)


@role_required(*REGISTRY_ROLES)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    filterset, queryset = _filtered(request)
    size = query_int(request, "page_size")
    size = size if size in PAGE_SIZES else 50
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprises/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "is_staff": is_registry_staff(request.user),
            "can_export": has_role(request.user, READ_ALL_ROLES),
        },
    )


@role_required(*READ_ALL_ROLES)
def export(request: HttpRequest) -> HttpResponse:
    """Exactly the filtered list (same FilterSet as the page), every cell neutralised, after
    the purpose is recorded; personal fields masked per role; logged with every row's id."""
    _filterset, queryset = _filtered(request)
    purpose = purpose_form(request)
    if not purpose.is_valid():
        return ask_purpose(
            request, purpose, title=_("사회적경제기업 명부 엑셀 내려받기"), count=queryset.count()
        )
    ids: list[int] = []
    workbook = exporting.export_workbook(
        collecting_ids(queryset.iterator(chunk_size=2000), ids),
        policy=personal_data_policy(request.user),
    )
    log_access(
        request,
        action=AccessLog.Action.EXPORT,
        model=Enterprise,
        record_ids=ids,
        **purpose.log_kwargs(),
    )
    return workbook_response(workbook, "사회적경제기업_명부.xlsx")


@role_required(*REGISTRY_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(selectors.for_detail(visible_enterprises(request.user)), pk=pk)
    panels = [
        {"panel": panel, "html": _render_panel(request, panel)}
        for panel in enterprise_panels(enterprise, request.user)
    ]
    log_access(request, action=AccessLog.Action.VIEW, model=enterprise, record_ids=[enterprise.pk])
    return render(
        request,
        "enterprises/detail.html",
        {
            "enterprise": enterprise,
            "personal": personal_data(personal_data_policy(request.user), enterprise),
            "panels": panels,
            "is_staff": is_registry_staff(request.user),
            "can_edit": can_edit_enterprise(request.user, enterprise),
            "verification_machine": VERIFICATION_MACHINE,
            "verification_actions": VERIFICATION_MACHINE.allowed_actions(enterprise, request.user),
            "membership_machine": MEMBERSHIP_MACHINE,
            "change_machine": CHANGE_REQUEST_MACHINE,
            **selectors.enterprise_detail_context(enterprise),
        },
    )


def _render_panel(request: HttpRequest, panel: Any) -> str:
    return render_to_string(panel.template, panel.context, request=request)


@role_required(*REGISTRY_STAFF_ROLES)
def create(request: HttpRequest) -> HttpResponse:
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.create_enterprise(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("기업을 등록했습니다."))
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(
        request, "enterprises/form.html", {"form": form, "title": _("사회적경제기업 등록")}
    )


@role_required(*REGISTRY_WRITE_ROLES)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(editable_enterprises(request.user), pk=pk)
    staff = is_registry_staff(request.user)
    form = EnterpriseForm(request.POST or None, instance=enterprise, identity_note=not staff)
    if request.method == "POST" and form.is_valid():
        try:
            opened = services.update_profile(
                actor=request.user, enterprise=enterprise, data=form.cleaned_data
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("기업 정보를 저장했습니다."))
            if opened:
                messages.info(
                    request,
                    _("기업명·등록번호·유형 변경은 센터 승인 후 반영됩니다: %(fields)s")
                    % {"fields": ", ".join(r.get_field_display() for r in opened)},
                )
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/form.html",
        {"form": form, "title": _("%(name)s 정보 수정") % {"name": enterprise.name}},
    )


@role_required(*ONBOARDING_ROLES)
def start(request: HttpRequest) -> HttpResponse:
    """After signup: register a new enterprise or ask to join one by 사업자등록번호."""
    action = request.POST.get("action") if request.method == "POST" else None
    register_form = EnterpriseForm(request.POST if action == "register" else None, prefix="new")
    join_form = JoinForm(request.POST if action == "join" else None, prefix="join")
    if action == "register" and register_form.is_valid():
        try:
            enterprise = services.create_enterprise(
                actor=request.user, data=register_form.cleaned_data
            )
        except ValidationError as exc:
            show_on_form(register_form, exc)
        else:
            messages.success(
                request,
                _("%(name)s 등록을 신청했습니다. 센터 확인 후 이용할 수 있습니다.")
                % {"name": enterprise.name},
            )
            return redirect("enterprises:start")
    if action == "join" and join_form.is_valid():
        try:
            membership = services.request_membership(
                actor=request.user, business_number=join_form.cleaned_data["business_number"]
            )
        except ValidationError as exc:
            show_on_form(join_form, exc)
        else:
            messages.success(
                request,
                _("%(name)s 가입을 신청했습니다. 센터 승인 후 이용할 수 있습니다.")
                % {"name": membership.enterprise.name},
            )
            return redirect("enterprises:start")
    return render(
        request,
        "enterprises/start.html",
        {
            "register_form": register_form,
            "join_form": join_form,
            "memberships": selectors.memberships_of(request.user),
        },
    )


@role_required(*REGISTRY_STAFF_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    work = selectors.pending_work()
    # The queue shows applicants' names and e-mail addresses.
    log_access(
        request,
        action=AccessLog.Action.LIST,
        model=EnterpriseMembership,
        record_ids=[m.pk for m in work["memberships"]],
    )
    return render(
        request,
        "enterprises/queue.html",
        {
            "verification_machine": VERIFICATION_MACHINE,
            "membership_machine": MEMBERSHIP_MACHINE,
            "change_machine": CHANGE_REQUEST_MACHINE,
            **work,
        },
    )


def _act(request: HttpRequest, act: Any, machine: Any, obj: Any, back: str) -> HttpResponse:
    """Take the posted workflow ``action`` (with its ``comment``) through the service."""
    name = request.POST.get("action", "")
    attempt(
        request,
        lambda: act(obj, name, actor=request.user, comment=request.POST.get("comment", "")),
        machine.actions[name].done if name in machine.actions else None,
    )
    return redirect(back)


@require_POST
@role_required(*REGISTRY_STAFF_ROLES)
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise, pk=pk)
    return _act(
        request,
        services.act_on_enterprise,
        VERIFICATION_MACHINE,
        enterprise,
        "enterprises:queue"
        if request.GET.get("next") == "queue"
        else reverse("enterprises:detail", args=[pk]),
    )


@require_POST
@role_required(*REGISTRY_STAFF_ROLES)
def decide_membership(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(EnterpriseMembership, pk=pk)
    return _act(
        request, services.act_on_membership, MEMBERSHIP_MACHINE, membership, "enterprises:queue"
    )


@require_POST
@role_required(*REGISTRY_STAFF_ROLES)
def decide_change(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(ChangeRequest, pk=pk)
    return _act(
        request,
        services.act_on_change_request,
        CHANGE_REQUEST_MACHINE,
        change,
        "enterprises:queue",
    )


@role_required(*REGISTRY_STAFF_ROLES)
def add_certification(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise, pk=pk)
    form = CertificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None or k == "valid_to"}
        try:
            services.add_certification(actor=request.user, enterprise=enterprise, data=data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("인증·지정 이력을 추가했습니다."))
            return redirect("enterprises:detail", pk=pk)
    return render(
        request,
        "enterprises/form.html",
        {"form": form, "title": _("%(name)s 인증·지정 추가") % {"name": enterprise.name}},
    )


@role_required(*REGISTRY_ROLES)
def certification_document(request: HttpRequest, pk: int) -> Any:  # a FileResponse
    """Evidence files are private: served only to people who may see the enterprise."""
    certification = get_object_or_404(
        Certification, pk=pk, enterprise__in=visible_enterprises(request.user)
    )
    return private_file_response(certification.document)


@role_required(*REGISTRY_WRITE_ROLES)
def figures(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(editable_enterprises(request.user), pk=pk)
    form = YearlyFiguresForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year = data.pop("year")
        try:
            services.save_yearly_figures(
                actor=request.user, enterprise=enterprise, year=year, data=data
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("%(year)s년 실적을 저장했습니다.") % {"year": year})
            return redirect("enterprises:detail", pk=pk)
    return render(
        request,
        "enterprises/form.html",
        {"form": form, "title": _("%(name)s 연도별 실적 입력") % {"name": enterprise.name}},
    )


@require_POST
@role_required(*REGISTRY_STAFF_ROLES)
def confirm_figures(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(YearlyFigures, pk=pk)
    services.confirm_yearly_figures(actor=request.user, figures=item)
    messages.success(request, _("%(year)s년 실적을 확인했습니다.") % {"year": item.year})
    return redirect("enterprises:detail", pk=item.enterprise_id)


# --- Excel import (the import framework: seoul_se/core/imports, kind enterprises.roster) ----

ROSTER = "enterprises.roster"


@role_required(*REGISTRY_STAFF_ROLES)
def import_template(request: HttpRequest) -> HttpResponse:
    return redirect("imports:template", kind=ROSTER)


@role_required(*REGISTRY_STAFF_ROLES)
def import_roster(request: HttpRequest) -> HttpResponse:
    return redirect("imports:upload", kind=ROSTER)
