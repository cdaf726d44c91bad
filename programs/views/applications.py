"""Application pages: create, edit, lists, detail, attachments, partners, submission,
withdrawal, manual moves and 보완요청."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs import access, forms, rules, selectors, services, steps, workflow
from programs.models import (
    Call,
    SupplementRequest,
)
from programs.views.common import (
    MEMBER,
    PAGE_SIZE,
    S,
    _application,
    _with_status_labels,
)
from programs.views.steps import render_step, step_url_after
from seoul_se.access import (
    ALL_ROLES,
    READ_ALL_ROLES,
    STAFF_ROLES,
    role_required,
)
from seoul_se.accounts.models import Role
from seoul_se.core.feedback import attempt, show_on_form
from seoul_se.core.files import private_file_response


@role_required(*MEMBER)
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 기본 정보 of a new application. An applicant's existing application to the call is
    opened instead: a member starts a second one only for another enterprise of theirs."""
    call = get_object_or_404(access.visible_calls(request.user).select_related("program"), pk=pk)
    own = access.own_applications(request.user).filter(call=call)
    enterprises = access.own_enterprises(request.user).exclude(
        pk__in=own.exclude(enterprise=None).values("enterprise_id")
    )
    if not enterprises:
        existing = own.first()
        if existing is not None:
            if existing.status == S.DRAFT:
                return redirect("programs:application_step", existing.pk, steps.BASIC)
            return redirect("programs:application_detail", existing.pk)
        messages.error(request, _("승인된 소속 기업이 없습니다. 먼저 기업 구성원 승인을 받으세요."))
        return redirect("programs:call_detail", call.pk)
    chooser = forms.EnterpriseChoiceForm(
        request.POST or None, initial={"enterprise": enterprises[0]}
    )
    chooser.fields["enterprise"].queryset = enterprises
    form = forms.BasicForm(request.POST or None, call=call)
    if request.method == "POST" and chooser.is_valid() and form.is_valid():
        try:
            application = services.create_application(
                call,
                chooser.cleaned_data["enterprise"],
                actor=request.user,
                title=form.cleaned_data["title"],
                requested_amount=form.cleaned_data["requested_amount"],
                duration_months=form.cleaned_data["duration_months"],
                persons=form.cleaned_data["persons"] or 0,
                rule=form.cleaned_data["rule"],
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("신청서를 임시 저장했습니다."))
            return step_url_after(request, application, steps.BASIC)
    return render_step(request, call, None, steps.BASIC, forms=[chooser, form])


@role_required(*MEMBER)
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The former single edit page: the draft's steps, from the first."""
    application = _application(request, pk)
    if not access.can_edit_application(request.user, application):
        raise PermissionDenied(_("제출된 신청서는 수정할 수 없습니다."))
    return redirect("programs:application_step", application.pk, steps.BASIC)


def _back(request: HttpRequest, application_id: int) -> HttpResponse:
    """Back to the step a form was posted from (``step``), else the application page."""
    step = request.POST.get("step", "")
    if step in steps.SLUGS:
        return redirect("programs:application_step", application_id, step)
    return redirect("programs:application_detail", application_id)


@role_required(*READ_ALL_ROLES)
def application_list(request: HttpRequest) -> HttpResponse:
    calls = Call.objects.select_related("program").order_by("-opens_at")
    filters = forms.ApplicationFilterForm(request.GET or None, calls=calls)
    queryset = access.visible_applications(request.user)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["call"]:
            queryset = queryset.filter(call=data["call"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["q"]:
            queryset = queryset.filter(
                Q(enterprise__name__icontains=data["q"]) | Q(receipt_number__icontains=data["q"])
            )
    page = _with_status_labels(
        Paginator(selectors.application_list(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    )
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(
        request,
        "programs/application_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "selected": {k: request.GET.get(k, "") for k in ("call", "status", "q")},
        },
    )


@role_required(*MEMBER)
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = selectors.application_list(
        access.own_applications(request.user)
    ).prefetch_related(
        Prefetch(
            "supplements",
            queryset=SupplementRequest.objects.filter(responded_at__isnull=True),
        )
    )
    page = _with_status_labels(Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page")))
    now = timezone.now()
    for application in page:
        application.next_action = workflow.NEXT_ACTION[application.status]
        application.open_supplement = next(iter(application.supplements.all()), None)
        if application.status == S.DRAFT:  # the deadline matters until it is submitted
            application.deadline = rules.deadline_label(application.call.closes_at, now)
    open_calls = (
        Call.objects.filter(status=Call.Status.PUBLISHED, closes_at__gt=timezone.now())
        .select_related("program")
        .order_by("closes_at")[:10]
    )
    return render(
        request,
        "programs/my_applications.html",
        {"page": page, "query": "", "open_calls": open_calls},
    )


@role_required(*ALL_ROLES)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    user = request.user
    applicant = access.is_applicant(user, application)
    staff = access.is_staff(user)
    context: dict[str, Any] = {
        "application": application,
        "timeline": selectors.timeline(application),
        "attachments": application.attachments.filter(supplement__isnull=True),
        "answers": application.answers.select_related("question"),
        "partners": application.partners.select_related("enterprise"),
        "supplements": application.supplements.prefetch_related("files"),
        "can_edit": access.can_edit_application(user, application),
        "applicant": applicant,
        "is_staff": staff,
        # The applicant's own button; staff do not withdraw from this page.
        "can_withdraw": applicant and workflow.may(application, user, "withdraw"),
        "next_action": workflow.NEXT_ACTION[application.status],
        "agreement": getattr(application, "agreement", None)
        if application.status in workflow.COMMITTED
        else None,
        "results": application.results.all(),
        "now": timezone.now(),
        "my_partner_ids": access.partner_enterprise_ids(user),
    }
    if context["can_edit"]:
        context["attachment_form"] = forms.AttachmentForm()
        context["partner_form"] = forms.PartnerForm()
    if access.reads_all(user):
        context["history"] = selectors.support_history(application, timezone.localdate())
        context["reviews"] = application.reviews.select_related("reviewer")
    if staff:
        transition_form = forms.TransitionForm(application=application, user=user)
        if transition_form.fields["action"].choices:
            context["transition_form"] = transition_form
        context["supplement_form"] = forms.SupplementForm()
        if context["agreement"] is None and workflow.may(application, user, "sign"):
            context["can_sign"] = True
        if workflow.may(application, user, "continue"):
            context["interim_form"] = forms.InterimForm()
    if (applicant or staff) and application.status in workflow.RESULT_FORM:
        context["result_form"] = forms.ResultForm()
    if user.role == Role.REVIEWER:
        context["my_review"] = application.reviews.filter(reviewer=user).first()
    return render(request, "programs/application_detail.html", context)


@require_POST
@role_required(*MEMBER)
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            lambda: services.add_attachment(
                application,
                form.cleaned_data["file"],
                form.cleaned_data["label"],
                actor=request.user,
            ),
            _("서류를 첨부했습니다."),
        )
    else:
        messages.error(request, _("서류명과 파일을 입력해 주십시오."))
    return _back(request, application.pk)


@role_required(*ALL_ROLES)
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(access.visible_attachments(request.user), pk=pk)
    return private_file_response(attachment.file, attachment.original_name)


@require_POST
@role_required(*MEMBER)
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(access.visible_attachments(request.user), pk=pk)
    attempt(
        request,
        lambda: services.remove_attachment(attachment, actor=request.user),
        _("첨부 서류를 삭제했습니다."),
    )
    return _back(request, attachment.application_id)


@require_POST
@role_required(*MEMBER)
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    attempt(
        request,
        lambda: services.add_partner(
            application, request.POST.get("business_number", ""), actor=request.user
        ),
        _("참여기업을 추가했습니다. 참여기업의 확인이 필요합니다."),
    )
    return _back(request, application.pk)


@require_POST
@role_required(*MEMBER)
def partner_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(access.confirmable_partners(request.user), pk=pk)
    services.confirm_partner(partner, actor=request.user)
    messages.success(request, _("컨소시엄 참여를 확인했습니다."))
    return redirect("programs:application_detail", partner.application_id)


@require_POST
@role_required(*MEMBER)
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if attempt(
        request,
        lambda: services.submit_application(application.pk, actor=request.user),
        _("신청서를 제출했습니다. 접수 확인 메일을 보냈습니다."),
    ):
        return redirect("programs:application_detail", application.pk)
    return _back(request, application.pk)


@require_POST
@role_required(*MEMBER)
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    attempt(
        request,
        lambda: services.withdraw_application(application, actor=request.user),
        _("신청을 철회했습니다."),
    )
    return redirect("programs:application_detail", application.pk)


@require_POST
@role_required(*STAFF_ROLES)
def application_transition(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    attempt(
        request,
        lambda: services.act_on_application(
            application,
            request.POST.get("action", ""),
            actor=request.user,
            comment=request.POST.get("comment", ""),
        ),
        _("상태를 변경했습니다."),
    )
    return redirect("programs:application_detail", application.pk)


@require_POST
@role_required(*STAFF_ROLES)
def supplement_request(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = forms.SupplementForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.request_supplement(
                application,
                form.cleaned_data["message"],
                form.cleaned_data["due_at"],
                actor=request.user,
            ),
            _("보완을 요청했습니다."),
        )
    else:
        messages.error(request, _("요청 내용과 기한을 입력해 주십시오."))
    return redirect("programs:application_detail", application.pk)


@require_POST
@role_required(*MEMBER)
def supplement_answer(request: HttpRequest, pk: int) -> HttpResponse:
    supplement = get_object_or_404(access.answerable_supplements(request.user), pk=pk)
    attempt(
        request,
        lambda: services.answer_supplement(
            supplement,
            request.POST.get("response", ""),
            actor=request.user,
            files=request.FILES.getlist("files"),
        ),
        _("보완 내용을 제출했습니다."),
    )
    return redirect("programs:application_detail", supplement.application_id)
