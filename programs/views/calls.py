"""Pages for programs, their rule rows, calls (with documents, criteria and questions) and the
dashboard."""

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs import access, forms, selectors, services
from programs.models import (
    Application,
    Call,
    Program,
    ProgramRule,
)
from programs.views.common import (
    PAGE_SIZE,
    _added,
    _saved,
)
from seoul_se.access import (
    ALL_ROLES,
    OFFICIAL_ROLES,
    READ_ALL_ROLES,
    STAFF_ROLES,
    role_required,
)
from seoul_se.accounts.models import Role, User
from seoul_se.core.feedback import attempt


@role_required(*ALL_ROLES)
def call_list(request: HttpRequest) -> HttpResponse:
    calls = selectors.call_overview(access.visible_calls(request.user)).order_by("-opens_at", "-pk")
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/call_list.html",
        {"page": page, "now": timezone.now(), "is_staff": access.is_staff(request.user)},
    )


@role_required(*ALL_ROLES)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(access.visible_calls(request.user).select_related("program"), pk=pk)
    own: list[Application] = []
    can_apply = (
        request.user.role == Role.ENTERPRISE_MEMBER
        and call.status == Call.Status.PUBLISHED
        and timezone.now() < call.closes_at
    )
    if request.user.role == Role.ENTERPRISE_MEMBER:
        # An existing application is opened, never a second one started (one per applicant).
        own = list(access.own_applications(request.user).filter(call=call))
        can_apply = can_apply and (
            not own
            or access.own_enterprises(request.user)
            .exclude(pk__in=[a.enterprise_id for a in own if a.enterprise_id])
            .exists()
        )
    context: dict[str, Any] = {
        "call": call,
        "rules": call.program.rules.prefetch_related("eligible_legal_types"),
        "now": timezone.now(),
        "can_apply": can_apply,
        "own_applications": own,
        "documents": call.documents.all(),
    }
    if access.reads_all(request.user):
        context["dashboard"] = selectors.call_dashboard(call)
        context["assignments"] = call.assignments.select_related("reviewer")
        context["criteria"] = call.criteria.all()
        if access.is_staff(request.user):
            form = forms.AssignReviewerForm()
            form.fields["reviewer"].queryset = User.objects.filter(
                role=Role.REVIEWER, is_active=True
            )
            context["assign_form"] = form
            context["criterion_form"] = forms.CriterionForm()
            context["question_form"] = forms.QuestionForm()
            context["document_form"] = forms.CallDocumentForm()
        context["questions"] = call.questions.all()
    return render(request, "programs/call_detail.html", context)


@role_required(*STAFF_ROLES)
def call_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk) if pk else None
    form = forms.CallForm(request.POST or None, instance=call)
    saved = _saved(
        request,
        form,
        lambda data: services.save_call(call, data, actor=request.user),
        _("공모를 저장했습니다."),
    )
    if saved is not None:
        return redirect("programs:call_detail", saved.pk)
    title = _("공모 수정") if call else _("공모 등록")
    return render(request, "programs/form.html", {"form": form, "title": title})


@role_required(*READ_ALL_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    calls = selectors.call_overview(Call.objects.exclude(status=Call.Status.DRAFT)).order_by(
        "-opens_at"
    )[:30]
    return render(request, "programs/dashboard.html", {"calls": calls})


@role_required(*READ_ALL_ROLES)
def program_list(request: HttpRequest) -> HttpResponse:
    programs = Program.objects.prefetch_related("rules__eligible_legal_types").order_by(
        "-year", "program_type"
    )
    return render(
        request,
        "programs/program_list.html",
        {"programs": programs, "can_edit": request.user.role in OFFICIAL_ROLES},
    )


@role_required(*OFFICIAL_ROLES)
def program_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk) if pk else None
    form = forms.ProgramForm(request.POST or None, instance=program)
    if _saved(
        request,
        form,
        lambda data: services.save_program(program, data, actor=request.user),
        _("지원사업을 저장했습니다."),
    ):
        return redirect("programs:program_list")
    return render(request, "programs/form.html", {"form": form, "title": _("지원사업")})


@role_required(*OFFICIAL_ROLES)
def rule_edit(request: HttpRequest, program_pk: int, pk: int | None = None) -> HttpResponse:
    program = get_object_or_404(Program, pk=program_pk)
    rule = get_object_or_404(ProgramRule, pk=pk, program=program) if pk else None
    form = forms.RuleForm(request.POST or None, instance=rule)
    if _saved(
        request,
        form,
        lambda data: services.save_rule(program, rule, data, actor=request.user),
        _("지원 기준을 저장했습니다."),
    ):
        return redirect("programs:program_list")
    return render(
        request, "programs/form.html", {"form": form, "title": _("지원 기준: %s") % program}
    )


@require_POST
@role_required(*STAFF_ROLES)
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    _added(
        request,
        forms.CriterionForm(request.POST),
        lambda data: services.add_criterion(call, data, actor=request.user),
        _("심사 기준을 추가했습니다."),
    )
    return redirect("programs:call_detail", call.pk)


@require_POST
@role_required(*STAFF_ROLES)
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    _added(
        request,
        forms.QuestionForm(request.POST),
        lambda data: services.add_question(call, data, actor=request.user),
        _("추가 질문을 등록했습니다."),
    )
    return redirect("programs:call_detail", call.pk)


@require_POST
@role_required(*STAFF_ROLES)
def call_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    form = forms.CallDocumentForm(request.POST, request.FILES)
    _added(
        request,
        form,
        lambda data: services.add_call_document(
            call, data["file"], data["kind"], data["label"], actor=request.user
        ),
        _("공모 문서를 올렸습니다."),
    )
    return redirect("programs:call_detail", call.pk)


@role_required(*ALL_ROLES)
def call_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(access.visible_call_documents(request.user), pk=pk)
    # A call's notice and forms hold no personal data: served without an access-log row (the
    # monthly review would flag members fetching forms at night).
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )


@require_POST
@role_required(*STAFF_ROLES)
def call_document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(access.visible_call_documents(request.user), pk=pk)
    attempt(
        request,
        lambda: services.remove_call_document(document, actor=request.user),
        _("공모 문서를 삭제했습니다."),
    )
    return redirect("programs:call_detail", document.call_id)
