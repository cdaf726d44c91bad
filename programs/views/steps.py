"""The application in steps (기본 정보 → 사업 계획 → 예산 → 첨부 → 확인·제출), each its own
page, 임시 저장 on every one, and the autosave endpoint the steps' script posts to."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from programs import access, forms, rules, services, steps
from programs.models import Application, Call
from programs.views.common import MEMBER, _application
from seoul_se.access import role_required
from seoul_se.core.feedback import show_on_form

SAVED = gettext_lazy("임시 저장했습니다.")


def step_url_after(request: HttpRequest, application: Application, step: str) -> HttpResponse:
    """After a save: the neighbour the member asked for (``go`` = prev/next), else the same
    step again."""
    before, after = steps.neighbours(step)
    target = {"prev": before, "next": after}.get(request.POST.get("go", "")) or step
    return redirect("programs:application_step", application.pk, target)


def render_step(
    request: HttpRequest,
    call: Call,
    application: Application | None,
    step: str,
    **context: Any,
) -> HttpResponse:
    before, after = steps.neighbours(step)
    now = timezone.now()
    return render(
        request,
        "programs/application_steps.html",
        {
            "title": _("신청서 작성"),
            "call": call,
            "application": application,
            "step": step,
            "step_label": steps.STEPS[steps.SLUGS.index(step)].label,
            "steps": steps.STEPS,
            "step_number": steps.SLUGS.index(step) + 1,
            "before": before,
            "after": after,
            "deadline": rules.deadline_label(call.closes_at, now),
            "days_left": rules.days_left(call.closes_at, now),
            "autosave": application is not None and step in (steps.BASIC, steps.PLAN),
            "step_template": f"programs/steps/{step}.html",
            **context,
        },
    )


def _saved(
    request: HttpRequest, form: Any, application: Application, step: str, save: Callable[[], Any]
) -> HttpResponse | None:
    """On a valid POST run the service: the next page, or None with its errors on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        save()
    except ValidationError as exc:
        show_on_form(form, exc)
        return None
    messages.success(request, SAVED)
    return step_url_after(request, application, step)


def _basic(request: HttpRequest, application: Application) -> HttpResponse:
    form = forms.BasicForm(request.POST or None, instance=application, call=application.call)
    saved = _saved(
        request,
        form,
        application,
        steps.BASIC,
        lambda: services.update_application(application, actor=request.user, **form.cleaned_data),
    )
    if saved:
        return saved
    return render_step(
        request,
        application.call,
        application,
        steps.BASIC,
        forms=[form],
        partners=application.partners.select_related("enterprise"),
        partner_form=forms.PartnerForm() if application.call.consortium_allowed else None,
    )


def _plan(request: HttpRequest, application: Application) -> HttpResponse:
    initial = {f"q_{a.question_id}": a.value for a in application.answers.all()}
    form = forms.PlanForm(
        request.POST or None,
        call=application.call,
        initial={"summary": application.summary, **initial},
    )
    saved = _saved(
        request,
        form,
        application,
        steps.PLAN,
        lambda: services.save_draft_text(
            application,
            actor=request.user,
            summary=form.cleaned_data["summary"],
            answers=form.answers(),
        ),
    )
    if saved:
        return saved
    return render_step(request, application.call, application, steps.PLAN, forms=[form])


def _budget(request: HttpRequest, application: Application) -> HttpResponse:
    lines = application.budget_lines.all()
    formset = forms.BudgetFormSet(
        request.POST or None,
        prefix="budget",
        initial=[{"item": line.item, "amount": line.amount} for line in lines],
    )
    if request.method == "POST" and formset.is_valid():
        rows = [
            (row["item"], int(row["amount"] or 0))
            for row in formset.cleaned_data
            if row.get("item") or row.get("amount")
        ]
        try:
            services.save_budget(application, rows, actor=request.user)
        except ValidationError as exc:
            formset.forms[0].add_error(None, exc)
        else:
            messages.success(request, SAVED)
            return step_url_after(request, application, steps.BUDGET)
    total = sum(line.amount for line in lines)
    return render_step(
        request,
        application.call,
        application,
        steps.BUDGET,
        formset=formset,
        total=total,
        difference=total - application.requested_amount,
    )


def _attachments(request: HttpRequest, application: Application) -> HttpResponse:
    if request.method == "POST":  # files are kept as they are uploaded: nothing else to save
        messages.success(request, SAVED)
        return step_url_after(request, application, steps.ATTACHMENTS)
    attachments = list(application.attachments.filter(supplement__isnull=True))
    attached = {" ".join(a.label.split()) for a in attachments}
    return render_step(
        request,
        application.call,
        application,
        steps.ATTACHMENTS,
        attachments=attachments,
        documents=[
            (document, " ".join(document.split()) in attached)
            for document in application.call.document_list
        ],
        attachment_form=forms.AttachmentForm(),
    )


def _check(request: HttpRequest, application: Application) -> HttpResponse:
    if request.method == "POST":
        messages.success(request, SAVED)
        return step_url_after(request, application, steps.CHECK)
    return render_step(
        request,
        application.call,
        application,
        steps.CHECK,
        missing=services.missing_items(application),
        budget_lines=application.budget_lines.all(),
        answers=application.answers.select_related("question"),
        attachments=application.attachments.filter(supplement__isnull=True),
        call_open=application.call.status == Call.Status.PUBLISHED
        and timezone.now() < application.call.closes_at,
    )


STEP_PAGES = {
    steps.BASIC: _basic,
    steps.PLAN: _plan,
    steps.BUDGET: _budget,
    steps.ATTACHMENTS: _attachments,
    steps.CHECK: _check,
}


@role_required(*MEMBER)
def application_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    page = STEP_PAGES.get(step)
    if page is None:
        raise Http404
    application = _application(request, pk)
    if not access.can_edit_application(request.user, application):
        raise PermissionDenied(_("제출된 신청서는 수정할 수 없습니다."))
    return page(request, application)


@require_POST
@role_required(*MEMBER)
def application_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save the text fields posted (the step script, every few seconds and when the page is
    hidden or closed). Answers JSON: ``{"saved_at", "message"}`` or the error body."""
    application = _application(request, pk)
    form = forms.DraftTextForm(request.POST, call=application.call)
    if not form.is_valid():
        return _error(form.errors.as_data().popitem()[1][0])
    present = request.POST
    try:
        services.save_draft_text(
            application,
            actor=request.user,
            title=form.cleaned_data["title"] if "title" in present else None,
            summary=form.cleaned_data["summary"] if "summary" in present else None,
            answers=form.answers(present),
        )
    except ValidationError as exc:
        return _error(exc)
    saved_at = timezone.localtime().strftime("%H:%M")
    return JsonResponse(
        {"saved_at": saved_at, "message": _("자동 저장됨 %(time)s") % {"time": saved_at}}
    )


def _error(exc: ValidationError) -> JsonResponse:
    code = exc.code if getattr(exc, "code", None) else "invalid"
    message = " ".join(str(m) for m in exc.messages)
    return JsonResponse({"error": {"status": 400, "code": code, "message": message}}, status=400)
