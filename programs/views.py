"""Pages of the programs app. Thin: scope with ``access``, read with ``selectors``, change with
``services``; a service's ValidationError becomes a Korean message and nothing is saved."""

import datetime as dt
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

from enterprises.access import enterprise_ids_for
from enterprises.models import Enterprise
from programs import access, forms, selectors, services, workflow
from programs.models import (
    ApartmentComplex,
    Application,
    Call,
    ConsortiumPartner,
    Program,
    ProgramRule,
    Result,
    Review,
    ReviewerAssignment,
    SupplementRequest,
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
from seoul_se.core.files import private_file_response

S = Application.Status
MEMBER = (Role.ENTERPRISE_MEMBER,)
PAGE_SIZE = 50


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _with_status_labels(page: Any) -> Any:
    """Set ``status_label`` on each row: ``get_status_display`` re-hashes the lazy choices on
    every call, which dominated list rendering."""
    labels = {value: str(label) for value, label in S.choices}
    for application in page:
        application.status_label = labels[application.status]
    return page


def _application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        access.visible_applications(request.user).select_related(
            "call__program", "enterprise__legal_type", "rule"
        ),
        pk=pk,
    )


# --- calls --------------------------------------------------------------------------------


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
    context: dict[str, Any] = {
        "call": call,
        "rules": call.program.rules.prefetch_related("eligible_legal_types"),
        "now": timezone.now(),
        "can_apply": request.user.role == Role.ENTERPRISE_MEMBER
        and call.status == Call.Status.PUBLISHED
        and timezone.now() < call.closes_at,
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
        context["questions"] = call.questions.all()
    return render(request, "programs/call_detail.html", context)


@role_required(*STAFF_ROLES)
def call_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk) if pk else None
    form = forms.CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        call = form.save()
        messages.success(request, _("공모를 저장했습니다."))
        return redirect("programs:call_detail", call.pk)
    title = _("공모 수정") if call else _("공모 등록")
    return render(request, "programs/form.html", {"form": form, "title": title})


@require_POST
@role_required(*STAFF_ROLES)
def assign_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    reviewer = get_object_or_404(User, pk=request.POST.get("reviewer"), role=Role.REVIEWER)
    attempt(
        request,
        lambda: services.assign_reviewer(call, reviewer, request.user),
        _("심사위원을 배정했습니다."),
    )
    return redirect("programs:call_detail", call.pk)


@role_required(*READ_ALL_ROLES)
def call_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("program"), pk=pk)
    ranked = list(selectors.ranking(call))
    if request.method == "POST":
        if not access.is_staff(request.user):
            raise PermissionDenied
        proposals = []
        for application in ranked:
            status = request.POST.get(f"status_{application.pk}", "")
            amount = request.POST.get(f"amount_{application.pk}", "").replace(",", "")
            if application.status in (S.IN_REVIEW, S.RESERVE):
                proposals.append(
                    (application.pk, status, int(amount) if amount.isdigit() else None)
                )
        if attempt(
            request,
            lambda: services.propose_selection(call, request.user, proposals),
            _("선정안을 저장했습니다."),
        ):
            return redirect("programs:call_ranking", call.pk)
    proposed_total = sum(a.proposed_amount or 0 for a in ranked if a.proposed_status == S.SELECTED)
    return render(
        request,
        "programs/ranking.html",
        {
            "call": call,
            "ranked": ranked,
            "proposed_total": proposed_total,
            "is_staff": access.is_staff(request.user),
            "is_official": request.user.role in OFFICIAL_ROLES,
            "decision_choices": [
                ("", "—"),
                (S.SELECTED, S.SELECTED.label),
                (S.RESERVE, S.RESERVE.label),
                (S.REJECTED, S.REJECTED.label),
            ],
        },
    )


@require_POST
@role_required(*OFFICIAL_ROLES)
def confirm_selection(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    attempt(
        request,
        lambda: services.confirm_selection(call, request.user, request.POST.get("comment", "")),
        _("선정 결과를 확정하고 신청 기업에 알렸습니다."),
    )
    return redirect("programs:call_ranking", call.pk)


# --- applications -------------------------------------------------------------------------


@role_required(*MEMBER)
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(access.visible_calls(request.user).select_related("program"), pk=pk)
    enterprises = Enterprise.objects.filter(pk__in=enterprise_ids_for(request.user))
    if not enterprises:
        messages.error(request, _("승인된 소속 기업이 없습니다. 먼저 기업 구성원 승인을 받으세요."))
        return redirect("programs:call_detail", call.pk)
    chooser = forms.EnterpriseChoiceForm(
        request.POST or None, initial={"enterprise": enterprises[0]}
    )
    chooser.fields["enterprise"].queryset = enterprises
    form = forms.ApplicationForm(request.POST or None, call=call)
    if request.method == "POST" and chooser.is_valid() and form.is_valid():
        try:
            application = services.create_application(
                call,
                chooser.cleaned_data["enterprise"],
                request.user,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                requested_amount=form.cleaned_data["requested_amount"],
                duration_months=form.cleaned_data["duration_months"],
                persons=form.cleaned_data["persons"] or 0,
                rule=form.cleaned_data["rule"],
            )
            services.save_answers(application, request.user, form.answers())
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("신청서를 임시 저장했습니다. 서류를 첨부하고 제출하세요."))
            return redirect("programs:application_detail", application.pk)
    return render(
        request,
        "programs/application_form.html",
        {"forms": [chooser, form], "call": call, "title": _("신청서 작성")},
    )


@role_required(*MEMBER)
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not access.can_edit_application(request.user, application):
        raise PermissionDenied(_("제출된 신청서는 수정할 수 없습니다."))
    initial = {f"q_{a.question_id}": a.value for a in application.answers.all()}
    form = forms.ApplicationForm(
        request.POST or None, instance=application, call=application.call, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(application, request.user, **form.cleaned_data)
            services.save_answers(application, request.user, form.answers())
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("신청서를 저장했습니다."))
            return redirect("programs:application_detail", application.pk)
    return render(
        request,
        "programs/application_form.html",
        {"forms": [form], "call": application.call, "title": _("신청서 수정")},
    )


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
    for application in page:
        application.next_action = workflow.NEXT_ACTION[application.status]
        application.open_supplement = next(iter(application.supplements.all()), None)
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
        "attachments": application.attachments.all(),
        "answers": application.answers.select_related("question"),
        "partners": application.partners.select_related("enterprise"),
        "supplements": application.supplements.all(),
        "can_edit": access.can_edit_application(user, application),
        "applicant": applicant,
        "is_staff": staff,
        "can_withdraw": applicant and application.status in workflow.WITHDRAWABLE,
        "next_action": workflow.NEXT_ACTION[application.status],
        "agreement": getattr(application, "agreement", None)
        if application.status in selectors.COMMITTED_STATES
        else None,
        "results": application.results.all(),
        "now": timezone.now(),
        "my_partner_ids": enterprise_ids_for(user) if user.role == Role.ENTERPRISE_MEMBER else [],
    }
    if context["can_edit"]:
        context["attachment_form"] = forms.AttachmentForm()
        context["partner_form"] = forms.PartnerForm()
    if access.reads_all(user):
        context["history"] = selectors.support_history(application, timezone.localdate())
        context["reviews"] = application.reviews.select_related("reviewer")
    if staff:
        transition_form = forms.TransitionForm(application=application)
        if transition_form.fields["to_status"].choices:
            context["transition_form"] = transition_form
        context["supplement_form"] = forms.SupplementForm()
        if application.status == S.SELECTED and context["agreement"] is None:
            context["can_sign"] = True
        if application.status == S.INTERIM_EVALUATION:
            context["interim_form"] = forms.InterimForm()
    if (applicant or staff) and application.status in services.PAYABLE | {S.COMPLETED}:
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
                application, request.user, form.cleaned_data["file"], form.cleaned_data["label"]
            ),
            _("서류를 첨부했습니다."),
        )
    else:
        messages.error(request, _("서류명과 파일을 입력해 주십시오."))
    return redirect("programs:application_detail", application.pk)


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
        lambda: services.remove_attachment(attachment, request.user),
        _("첨부 서류를 삭제했습니다."),
    )
    return redirect("programs:application_detail", attachment.application_id)


@require_POST
@role_required(*MEMBER)
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    attempt(
        request,
        lambda: services.add_partner(
            application, request.user, request.POST.get("business_number", "")
        ),
        _("참여기업을 추가했습니다. 참여기업의 확인이 필요합니다."),
    )
    return redirect("programs:application_detail", application.pk)


@require_POST
@role_required(*MEMBER)
def partner_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(
        ConsortiumPartner, pk=pk, enterprise_id__in=enterprise_ids_for(request.user)
    )
    services.confirm_partner(partner, request.user)
    messages.success(request, _("컨소시엄 참여를 확인했습니다."))
    return redirect("programs:application_detail", partner.application_id)


@require_POST
@role_required(*MEMBER)
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    attempt(
        request,
        lambda: services.submit_application(application.pk, request.user),
        _("신청서를 제출했습니다. 접수 확인 메일을 보냈습니다."),
    )
    return redirect("programs:application_detail", application.pk)


@require_POST
@role_required(*MEMBER)
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    attempt(
        request,
        lambda: services.withdraw_application(application, request.user),
        _("신청을 철회했습니다."),
    )
    return redirect("programs:application_detail", application.pk)


@require_POST
@role_required(*STAFF_ROLES)
def application_transition(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    attempt(
        request,
        lambda: services.staff_transition(
            application,
            request.POST.get("to_status", ""),
            request.user,
            request.POST.get("comment", ""),
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
                application, request.user, form.cleaned_data["message"], form.cleaned_data["due_at"]
            ),
            _("보완을 요청했습니다."),
        )
    else:
        messages.error(request, _("요청 내용과 기한을 입력해 주십시오."))
    return redirect("programs:application_detail", application.pk)


@require_POST
@role_required(*MEMBER)
def supplement_answer(request: HttpRequest, pk: int) -> HttpResponse:
    supplement = get_object_or_404(
        SupplementRequest.objects.filter(
            application__enterprise_id__in=enterprise_ids_for(request.user)
        ),
        pk=pk,
    )
    attempt(
        request,
        lambda: services.answer_supplement(
            supplement, request.user, request.POST.get("response", "")
        ),
        _("보완 내용을 제출했습니다."),
    )
    return redirect("programs:application_detail", supplement.application_id)


# --- review -------------------------------------------------------------------------------


@role_required(Role.REVIEWER)
def review_list(request: HttpRequest) -> HttpResponse:
    assignments = ReviewerAssignment.objects.filter(reviewer=request.user).select_related(
        "call__program"
    )
    applications = (
        access.visible_applications(request.user)
        .filter(status=S.IN_REVIEW)
        .select_related("call", "enterprise")
        .prefetch_related(
            Prefetch(
                "reviews", queryset=Review.objects.filter(reviewer=request.user), to_attr="mine"
            )
        )
        .order_by("call", "receipt_number")
    )
    return render(
        request,
        "programs/review_list.html",
        {"assignments": assignments, "applications": applications, "now": timezone.now()},
    )


@role_required(Role.REVIEWER)
def review_form(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    review = application.reviews.filter(reviewer=request.user).first()
    criteria = list(application.call.criteria.all())
    conflict_form = forms.ConflictForm(
        request.POST if request.POST.get("step") == "conflict" else None
    )
    initial = {f"c_{s.criterion_id}": s.value for s in review.scores.all()} if review else {}
    score_form = forms.ScoreForm(
        request.POST if request.POST.get("step") == "score" else None,
        criteria=criteria,
        initial={**initial, "comment": review.comment if review else ""},
    )
    if request.method == "POST":
        if request.POST.get("step") == "conflict" and conflict_form.is_valid():
            if attempt(
                request,
                lambda: services.declare_conflict(
                    application,
                    request.user,
                    has_conflict=conflict_form.cleaned_data["has_conflict"],
                    reason=conflict_form.cleaned_data["reason"],
                ),
                _("이해충돌 여부를 신고했습니다."),
            ):
                return redirect("programs:review_form", application.pk)
        elif request.POST.get("step") == "score" and score_form.is_valid():
            if attempt(
                request,
                lambda: services.score_application(
                    application,
                    request.user,
                    score_form.values(),
                    score_form.cleaned_data["comment"],
                ),
                _("심사 점수를 제출했습니다."),
            ):
                return redirect("programs:review_list")
    return render(
        request,
        "programs/review_form.html",
        {
            "application": application,
            "review": review,
            "conflict_form": conflict_form,
            "score_form": score_form,
            "attachments": application.attachments.all(),
        },
    )


# --- agreements, disbursements, results ---------------------------------------------------


@role_required(*STAFF_ROLES)
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    today = timezone.localdate()
    form = forms.AgreementForm(
        request.POST or None,
        initial={
            "award_amount": application.awarded_amount,
            "signed_on": today,
            "starts_on": today,
            "ends_on": today + dt.timedelta(days=30 * application.duration_months),
            "instalments": 1,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.sign_agreement(
                application,
                request.user,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                signed_on=data["signed_on"],
                award_amount=data["award_amount"],
                instalments=_equal_instalments(
                    data["award_amount"], data["instalments"], data["starts_on"]
                ),
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("협약을 체결했습니다."))
            return redirect("programs:agreement_detail", agreement.pk)
    return render(
        request,
        "programs/form.html",
        {"form": form, "title": _("협약 체결: %(t)s") % {"t": application.title}},
    )


def _equal_instalments(total: int, count: int, start: dt.date) -> list[tuple[dt.date, int]]:
    """Equal instalments every three months; rounding: each = floor(total / count), the last one
    takes the remainder so the plan sums exactly to the award."""
    base = total // count
    plan = []
    for n in range(count):
        month = start.month - 1 + 3 * n
        due = start.replace(year=start.year + month // 12, month=month % 12 + 1, day=1)
        plan.append((due, base if n < count - 1 else total - base * (count - 1)))
    return plan


@role_required(Role.ENTERPRISE_MEMBER, *READ_ALL_ROLES)
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = selectors.with_paid(access.visible_agreements(request.user)).order_by(
        "-signed_on", "-pk"
    )
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programs/agreement_list.html", {"page": page, "query": ""})


@role_required(Role.ENTERPRISE_MEMBER, *READ_ALL_ROLES)
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        selectors.with_paid(access.visible_agreements(request.user)), pk=pk
    )
    staff = access.is_staff(request.user)
    context = {
        "agreement": agreement,
        "disbursements": agreement.disbursements.select_related("recorded_by"),
        "instalments": agreement.instalments.all(),
        "phases": agreement.phases.all(),
        "is_staff": staff,
        "disbursement_form": forms.DisbursementForm(initial={"paid_on": timezone.localdate()})
        if staff and agreement.application.status in services.PAYABLE
        else None,
    }
    if access.reads_all(request.user):
        context["history"] = selectors.support_history(agreement.application, timezone.localdate())
    return render(request, "programs/agreement_detail.html", context)


@require_POST
@role_required(*STAFF_ROLES)
def disbursement_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(access.visible_agreements(request.user), pk=pk)
    form = forms.DisbursementForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.record_disbursement(agreement.pk, request.user, **form.cleaned_data),
            _("교부를 기록했습니다."),
        )
    else:
        messages.error(request, _("교부액과 교부일을 입력해 주십시오."))
    return redirect("programs:agreement_detail", agreement.pk)


@require_POST
@role_required(*STAFF_ROLES)
def interim_decision(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = forms.InterimForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.decide_interim(
                application,
                request.user,
                continue_support=form.cleaned_data["decision"] == "continue",
                additional_amount=form.cleaned_data["additional_amount"],
                comment=form.cleaned_data["comment"],
            ),
            _("중간평가 결과를 기록했습니다."),
        )
    return redirect("programs:application_detail", application.pk)


@require_POST
@role_required(Role.ENTERPRISE_MEMBER, *STAFF_ROLES)
def result_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = forms.ResultForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            lambda: services.record_result(
                application,
                request.user,
                kind=form.cleaned_data["kind"],
                quantity=form.cleaned_data["quantity"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                description=form.cleaned_data["description"],
                evidence=form.cleaned_data.get("evidence") or None,
            ),
            _("실적을 입력했습니다."),
        )
    else:
        messages.error(request, _("실적 입력값을 확인해 주십시오."))
    return redirect("programs:application_detail", application.pk)


@require_POST
@role_required(*STAFF_ROLES)
def result_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(Result, pk=pk)
    services.confirm_result(result, request.user)
    messages.success(request, _("실적을 확인했습니다."))
    return redirect("programs:application_detail", result.application_id)


@role_required(Role.ENTERPRISE_MEMBER, *READ_ALL_ROLES)
def result_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(access.visible_results(request.user).exclude(evidence=""), pk=pk)
    return private_file_response(result.evidence)


# --- dashboards and 같이살림 ---------------------------------------------------------------


@role_required(*READ_ALL_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    calls = selectors.call_overview(Call.objects.exclude(status=Call.Status.DRAFT)).order_by(
        "-opens_at"
    )[:30]
    return render(request, "programs/dashboard.html", {"calls": calls})


@role_required(*READ_ALL_ROLES)
def complex_list(request: HttpRequest) -> HttpResponse:
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else timezone.localdate().year
    complexes = list(selectors.complexes_with_workshops(year))
    for item in complexes:
        item.shortfall = selectors.workshop_shortfall(4, item.workshops_held)
    return render(
        request,
        "programs/complex_list.html",
        {
            "complexes": complexes,
            "year": year,
            "years": range(2018, timezone.localdate().year + 1),
            "is_staff": access.is_staff(request.user),
        },
    )


@role_required(*READ_ALL_ROLES)
def complex_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complex = get_object_or_404(ApartmentComplex.objects.select_related("district"), pk=pk)
    staff = access.is_staff(request.user)
    form = forms.WorkshopForm(request.POST if request.POST.get("kind") == "workshop" else None)
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        if request.POST.get("kind") == "workshop":
            if form.is_valid() and attempt(
                request,
                lambda: services.record_workshop(complex, request.user, **form.cleaned_data),
                _("워크숍을 기록했습니다."),
            ):
                return redirect("programs:complex_detail", complex.pk)
        elif request.POST.get("kind") in forms.COMPLEX_RECORD_FORMS:
            kind = request.POST["kind"]
            form_class, success = forms.COMPLEX_RECORD_FORMS[kind]
            record = form_class(request.POST)
            if record.is_valid():
                attempt(
                    request,
                    lambda: services.add_complex_record(
                        complex, request.user, kind, record.cleaned_data
                    ),
                    success,
                )
            else:
                for error in record.errors.values():
                    messages.error(request, error.as_text())
            return redirect("programs:complex_detail", complex.pk)
        elif request.POST.get("kind") == "match":
            match = forms.MatchEnterpriseForm(request.POST)
            if match.is_valid():
                year = get_object_or_404(complex.years, pk=match.cleaned_data["complex_year"])
                attempt(
                    request,
                    lambda: services.match_enterprise(
                        year, request.user, match.cleaned_data["business_number"]
                    ),
                    _("매칭 기업을 추가했습니다."),
                )
            else:
                messages.error(request, _("사업자등록번호를 입력해 주세요."))
            return redirect("programs:complex_detail", complex.pk)
        elif request.POST.get("kind") == "unmatch":
            unmatch = forms.UnmatchEnterpriseForm(request.POST)
            if unmatch.is_valid():
                year = get_object_or_404(complex.years, pk=unmatch.cleaned_data["complex_year"])
                services.unmatch_enterprise(year, request.user, unmatch.cleaned_data["enterprise"])
                messages.success(request, _("매칭을 해제했습니다."))
            return redirect("programs:complex_detail", complex.pk)
    record_forms = (
        [(kind, form_class()) for kind, (form_class, _msg) in forms.COMPLEX_RECORD_FORMS.items()]
        if staff
        else []
    )
    return render(
        request,
        "programs/complex_detail.html",
        {
            "complex": complex,
            "years": complex.years.prefetch_related("matched_enterprises"),
            "workshops": complex.workshops.all(),
            "problems": complex.problems.all(),
            "groups": complex.groups.all(),
            "surveys": complex.surveys.all(),
            "form": form if staff else None,
            "record_forms": record_forms,
            "staff": staff,
        },
    )


@role_required(*STAFF_ROLES)
def complex_create(request: HttpRequest) -> HttpResponse:
    form = forms.ComplexForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        complex = form.save()
        messages.success(request, _("단지를 등록했습니다."))
        return redirect("programs:complex_detail", complex.pk)
    return render(request, "programs/form.html", {"form": form, "title": _("같이살림 단지 등록")})


# --- programs and rules (officials edit; every change is in the audit trail) ----------------


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
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("지원사업을 저장했습니다."))
        return redirect("programs:program_list")
    return render(request, "programs/form.html", {"form": form, "title": _("지원사업")})


@role_required(*OFFICIAL_ROLES)
def rule_edit(request: HttpRequest, program_pk: int, pk: int | None = None) -> HttpResponse:
    program = get_object_or_404(Program, pk=program_pk)
    rule = get_object_or_404(ProgramRule, pk=pk, program=program) if pk else None
    form = forms.RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.instance.program = program
        form.save()
        messages.success(request, _("지원 기준을 저장했습니다."))
        return redirect("programs:program_list")
    return render(
        request, "programs/form.html", {"form": form, "title": _("지원 기준: %s") % program}
    )


@require_POST
@role_required(*STAFF_ROLES)
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    form = forms.CriterionForm(request.POST)
    if form.is_valid():
        form.instance.call = call
        form.save()
        messages.success(request, _("심사 기준을 추가했습니다."))
    else:
        for error in form.errors.values():
            messages.error(request, error.as_text())
    return redirect("programs:call_detail", call.pk)


@require_POST
@role_required(*STAFF_ROLES)
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        form.instance.call = call
        form.save()
        messages.success(request, _("추가 질문을 등록했습니다."))
    else:
        for error in form.errors.values():
            messages.error(request, error.as_text())
    return redirect("programs:call_detail", call.pk)
