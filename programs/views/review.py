"""Review and selection pages: reviewer assignment, scoring, ranking and confirmation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs import access, forms, ranking, rules, selectors, services
from programs.models import (
    Call,
    Review,
)
from programs.views.common import S, _application
from seoul_se.access import (
    OFFICIAL_ROLES,
    READ_ALL_ROLES,
    STAFF_ROLES,
    role_required,
)
from seoul_se.accounts.models import Role, User
from seoul_se.audit.models import AccessLog
from seoul_se.audit.recording import log_access
from seoul_se.core.feedback import attempt, form_errors
from seoul_se.core.work_queue import dday


@require_POST
@role_required(*STAFF_ROLES)
def assign_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    reviewer = get_object_or_404(User, pk=request.POST.get("reviewer"), role=Role.REVIEWER)
    attempt(
        request,
        lambda: services.assign_reviewer(call, reviewer, actor=request.user),
        _("심사위원을 배정했습니다."),
    )
    return redirect("programs:call_detail", call.pk)


@role_required(*READ_ALL_ROLES)
def call_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("program"), pk=pk)
    panel = ranking.ranking_panel(call)
    ranked = panel.applications
    if request.method == "POST":
        if not access.is_staff(request.user):
            raise PermissionDenied
        if attempt(
            request,
            lambda: services.propose_selection(
                call, rules.selection_proposals(request.POST, ranked), actor=request.user
            ),
            _("선정안을 저장했습니다."),
        ):
            return redirect("programs:call_ranking", call.pk)
    proposed_total = sum(a.proposed_amount or 0 for a in ranked if a.proposed_status == S.SELECTED)
    is_staff = access.is_staff(request.user)
    decision_choices = [
        ("", "—"),
        (S.SELECTED, S.SELECTED.label),
        (S.RESERVE, S.RESERVE.label),
        (S.REJECTED, S.REJECTED.label),
    ]
    # A proposal's <option>s rendered once per status, not per row (2,000 rows: about 0.2 s).
    options = {
        value: render_to_string(
            "programs/_decision_options.html", {"choices": decision_choices, "current": value}
        )
        for value, _label in decision_choices
    }
    rows = [
        (line, options.get(line.proposed_status, options[""]))
        for line in ranking.lines(panel, editable=is_staff)
    ]
    return render(
        request,
        "programs/ranking.html",
        {
            "call": call,
            "rows": rows,
            "panel": panel,
            "method_form": forms.RankingMethodForm(initial={"method": call.ranking_method}),
            "proposed_total": proposed_total,
            "is_staff": is_staff,
            "is_official": request.user.role in OFFICIAL_ROLES,
        },
    )


@require_POST
@role_required(*OFFICIAL_ROLES)
def confirm_selection(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    attempt(
        request,
        lambda: services.confirm_selection(
            call, actor=request.user, comment=request.POST.get("comment", "")
        ),
        _("선정 결과를 확정하고 신청 기업에 알렸습니다."),
    )
    return redirect("programs:call_ranking", call.pk)


@require_POST
@role_required(*STAFF_ROLES)
def ranking_method(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    form = forms.RankingMethodForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.set_ranking_method(
                call,
                form.cleaned_data["method"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            ),
            _("순위 산정 방식을 바꾸고 기록했습니다."),
        )
    else:
        for message in form_errors(form):
            messages.error(request, message)
    return redirect("programs:call_ranking", call.pk)


@role_required(Role.REVIEWER)
def review_list(request: HttpRequest) -> HttpResponse:
    assignments = list(access.own_assignments(request.user).select_related("call__program"))
    today = timezone.localdate()
    for assignment in assignments:
        assignment.dday = dday(assignment.call.review_deadline, today)
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
                    actor=request.user,
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
                    score_form.values(),
                    score_form.cleaned_data["comment"],
                    actor=request.user,
                ),
                _("심사 점수를 제출했습니다."),
            ):
                return redirect("programs:review_list")
    # Reading an application (its people, amounts, documents) is a personal-data read.
    log_access(
        request, action=AccessLog.Action.VIEW, model=application, record_ids=[application.pk]
    )
    return render(
        request,
        "programs/review_form.html",
        {
            "application": application,
            "review": review,
            "criteria": criteria,
            "conflict_form": conflict_form,
            "score_form": score_form,
            "answers": application.answers.select_related("question"),
            "partners": application.partners.select_related("enterprise"),
            "attachments": application.attachments.all(),
            "now": timezone.now(),
        },
    )


@role_required(*STAFF_ROLES)
def send_to_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a call's screened applications to review; while the receipt is open or the call has
    no criteria the page states why and asks for a second confirmation."""
    call = get_object_or_404(Call.objects.select_related("program"), pk=pk)
    screened = list(
        call.applications.filter(status=S.SCREENING)
        .select_related("enterprise", "district")
        .order_by("receipt_number", "pk")
    )
    warnings = selectors.review_warnings(call)
    form = forms.SendToReviewForm(request.POST or None, applications=screened)
    if not warnings:
        del form.fields["acknowledged"]
    if "application" in request.GET:
        form.fields["applications"].initial = request.GET.getlist("application")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: services.send_to_review(
                call,
                data["applications"],
                actor=request.user,
                comment=data["comment"],
                acknowledged=data.get("acknowledged", False),
            ),
            _("선택한 신청서를 심사로 보냈습니다."),
        ):
            return redirect("programs:call_detail", call.pk)
    return render(
        request,
        "programs/send_to_review.html",
        {"call": call, "form": form, "warnings": warnings, "screened": screened},
    )
