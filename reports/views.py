"""Pages: budgets and settlements, execution entry, the auditor's ledger and findings form,
workbook generation and download. Thin: rules live in services/selectors/generation."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import access, generation, selectors, services
from reports.forms import (
    BudgetChangeForm,
    ExpenditureForm,
    FindingForm,
    GenerateForm,
    RevenueForm,
    TransitionForm,
)
from reports.models import Budget, LineKind, ReportDownload, ReportKind
from reports.workflow import FINDINGS_PAGE_ACTIONS, SETTLEMENT_MACHINE
from seoul_se.access import role_required
from seoul_se.core.feedback import show_on_form
from seoul_se.core.files import private_file_response
from seoul_se.core.middleware import auditor_may_write
from seoul_se.core.models import BackgroundJob
from seoul_se.core.query import query_id


def _budget(request: HttpRequest, pk: int) -> Budget:
    return get_object_or_404(access.budgets_for(request.user), pk=pk)


@role_required(*access.READ_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    job_id = query_id(request, "job")
    job = (
        BackgroundJob.objects.filter(pk=job_id, kind__startswith=generation.JOB_PREFIX).first()
        if job_id
        else None
    )
    context = {
        "budgets": access.budgets_for(request.user),
        "closing": selectors.closing_table("centre"),
        "reports": access.reports_for(request.user).select_related("generated_by")[:50],
        "job": job,
        "kinds": ReportKind.choices,
    }
    return render(request, "reports/index.html", context)


@role_required(*access.READ_ROLES)
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    budget = _budget(request, pk)
    change = selectors.budget_change_vs_previous(budget)
    context = {
        "budget": budget,
        "summary": selectors.settlement_summary(budget),
        "revenue_rows": list(selectors.flatten(selectors.line_rows(budget, LineKind.REVENUE))),
        "expenditure_rows": list(
            selectors.flatten(selectors.line_rows(budget, LineKind.EXPENDITURE))
        ),
        "change": change,
        "change_text": selectors.triangle(change.difference) if change else "",
        "national_total": selectors.budget_national_total(budget),
        "findings": selectors.findings(budget),
        "transitions": budget.transitions.select_related("actor"),
        "actions": [
            action
            for action in SETTLEMENT_MACHINE.allowed_actions(budget, request.user)
            if action.name not in FINDINGS_PAGE_ACTIONS
        ],
        "can_record": request.user.role in access.RECORD_ROLES and not budget.is_closed,
        "reports": access.reports_for(request.user).filter(
            kind=ReportKind.SETTLEMENT, parameters__budget_id=budget.pk
        )[:10],
    }
    return render(request, "reports/budget.html", context)


@require_POST
@role_required(*access.READ_ROLES)
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    budget = _budget(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.act_on_settlement(
                budget,
                form.cleaned_data["action"],
                actor=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            budget.refresh_from_db()
            messages.success(
                request,
                _("정산 상태가 '%(s)s'(으)로 바뀌었습니다.") % {"s": budget.get_status_display()},
            )
    return redirect("reports:budget", pk=budget.pk)


def _entry_page(
    request: HttpRequest, pk: int, form_class: type[Form], title: str, record: Any
) -> HttpResponse:
    """A staff entry form whose cleaned data are the keyword arguments of ``record``."""
    budget = _budget(request, pk)
    form = form_class(request.POST or None, request.FILES or None, budget=budget)  # type: ignore[call-arg]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            record(actor=request.user, line_id=data.pop("line"), **data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("%(t)s을(를) 저장했습니다.") % {"t": title})
            return redirect("reports:budget", pk=budget.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reports/entry_form.html",
        {"budget": budget, "form": form, "title": title},
        status=status,
    )


@role_required(*access.RECORD_ROLES)
def revenue_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_page(request, pk, RevenueForm, _("수입"), services.record_revenue)


@role_required(*access.RECORD_ROLES)
def expenditure_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_page(request, pk, ExpenditureForm, _("지출"), services.record_expenditure)


@role_required(*access.RECORD_ROLES)
def budget_change_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_page(request, pk, BudgetChangeForm, _("예산변경"), services.record_budget_change)


@role_required(*access.READ_ROLES)
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    budget = _budget(request, pk)
    page = Paginator(selectors.expenditure_ledger(budget), 50).get_page(request.GET.get("page"))
    return render(request, "reports/ledger.html", {"budget": budget, "page": page, "query": ""})


@role_required(*access.READ_ROLES)
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    expenditure = get_object_or_404(access.expenditures_for(request.user), pk=pk)
    return private_file_response(expenditure.evidence_file)


@auditor_may_write
@role_required(*access.READ_ROLES)
def findings(request: HttpRequest, pk: int) -> HttpResponse:
    """The auditor's findings form (auditors may POST here) and review completion."""
    budget = _budget(request, pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "review":
            try:
                services.act_on_settlement(
                    budget, "review", actor=request.user, comment=request.POST.get("comment", "")
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("감사 검토를 완료했습니다."))
            return redirect("reports:findings", pk=budget.pk)
        if form.is_valid():
            expenditure = None
            if form.cleaned_data["expenditure"]:
                expenditure = (
                    access.expenditures_for(request.user)
                    .filter(pk=form.cleaned_data["expenditure"], line__budget=budget)
                    .first()
                )
                if expenditure is None:
                    form.add_error("expenditure", _("이 예산에 없는 지출 번호입니다."))
            if form.is_valid():
                try:
                    services.record_finding(
                        budget,
                        actor=request.user,
                        disallowed_amount=form.cleaned_data["disallowed_amount"],
                        reason=form.cleaned_data["reason"],
                        expenditure=expenditure,
                    )
                except ValidationError as error:
                    show_on_form(form, error)
                else:
                    messages.success(request, _("감사 지적사항을 기록했습니다."))
                    return redirect("reports:findings", pk=budget.pk)
    can_write = request.user.role in access.FINDING_ROLES and budget.status == "submitted"
    return render(
        request,
        "reports/findings.html",
        {
            "budget": budget,
            "can_review": any(
                action.name == "review"
                for action in SETTLEMENT_MACHINE.allowed_actions(budget, request.user)
            ),
            "form": form,
            "findings": selectors.findings(budget),
            "summary": selectors.settlement_summary(budget),
            "can_write": can_write,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@auditor_may_write
@role_required(*access.GENERATE_ROLES)
def generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("보고서 종류와 매개변수를 확인해 주세요."))
        return redirect("reports:index")
    try:
        job = generation.request_report(form.cleaned_data["kind"], form.params(), request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:index")
    messages.info(request, _("보고서 생성을 시작했습니다. 완료되면 목록에 나타납니다."))
    return redirect(reverse("reports:index") + f"?job={job.pk}")


@role_required(*access.READ_ROLES)
def download(request: HttpRequest, pk: int) -> FileResponse:
    report = get_object_or_404(access.reports_for(request.user), pk=pk)
    with transaction.atomic():
        ReportDownload.objects.create(
            report=report, user=request.user, remote_addr=request.META.get("REMOTE_ADDR")
        )
    return private_file_response(report.file, report.filename)
