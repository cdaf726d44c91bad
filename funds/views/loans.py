"""Loan pages: list, application, the loan page (balances, next instalment, payoff quote,
workflow buttons, postings) and the loan's own forms. Thin over ``funds.selectors``,
``funds.quotes`` and ``funds.services``; scoping in ``funds.access``."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funds import access, excel, quotes, selectors, services
from funds.forms import (
    ApprovalForm,
    AsOfForm,
    DecisionForm,
    DisbursementForm,
    InspectionForm,
    LoanApplicationForm,
    LoanFilterForm,
    PayoffQuoteForm,
    PostingForm,
    ReportSubmitForm,
    WriteOffForm,
)
from funds.models import Loan
from funds.workflow import LOAN_MACHINE, PAYABLE
from seoul_se.access import has_role, role_required
from seoul_se.core.feedback import attempt, show_on_form
from seoul_se.core.query import query_id
from seoul_se.core.workflow import Action

# The form and the page that take each loan workflow action; which actions a user sees on a
# loan is the machine's answer (``LOAN_MACHINE.allowed_actions``).
ACTION_FORMS: dict[str, tuple[type[Form], str, str]] = {
    "approve": (ApprovalForm, "workflow", "funds:loan_workflow"),
    "contract": (DecisionForm, "workflow", "funds:loan_workflow"),
    "disburse": (DisbursementForm, "disburse", "funds:loan_disburse"),
    "write_off": (WriteOffForm, "writeoff", "funds:loan_write_off"),
}


@role_required(*access.LOAN_READ_ROLES)
def loan_list(request: HttpRequest) -> HttpResponse:
    form = LoanFilterForm(request.GET or None)
    loans = access.visible_loans(request.user).select_related(
        "enterprise", "intermediary", "product"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            loans = loans.filter(
                Q(number__icontains=data["q"]) | Q(enterprise__name__icontains=data["q"])
            )
        if data["status"]:
            loans = loans.filter(status=data["status"])
        if data["intermediary"]:
            loans = loans.filter(intermediary=data["intermediary"])
        if data["product"]:
            loans = loans.filter(product=data["product"])
    loans = loans.annotate(disbursed=Sum("disbursements__amount")).order_by("-applied_on", "-pk")
    page = Paginator(loans, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "funds/loan_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": has_role(request.user, access.LOAN_MANAGE_ROLES),
        },
    )


@role_required(*access.LOAN_MANAGE_ROLES)
def loan_create(request: HttpRequest) -> HttpResponse:
    form = LoanApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = services.apply_for_loan(
                actor=request.user,
                enterprise=data["enterprise"],
                intermediary=data["intermediary"],
                product=data["product"],
                amount=data["amount"],
                rate=data["rate"],
                term_months=data["term_months"],
                grace_months=data["grace_months"],
                purpose=data["purpose"],
                applied_on=data["applied_on"],
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("융자 신청을 등록했습니다."))
            return redirect("funds:loan_detail", loan.pk)
    return render(request, "funds/form.html", {"form": form, "title": _("융자 신청 등록")})


def visible_loan(request: HttpRequest, pk: int) -> Loan:
    return get_object_or_404(
        access.visible_loans(request.user).select_related("enterprise", "intermediary", "product"),
        pk=pk,
    )


def writable_loan(request: HttpRequest, pk: int) -> Loan:
    loan = visible_loan(request, pk)
    if not access.writable_loans(request.user).filter(pk=loan.pk).exists():
        raise PermissionDenied(_("이 융자의 거래를 기록할 권한이 없습니다."))
    return loan


def _action_forms(loan: Loan, user: Any) -> list[tuple[Action, Form, str]]:
    """The workflow actions ``user`` may take on ``loan`` now, each with its form and URL."""
    forms = []
    for action in LOAN_MACHINE.allowed_actions(loan, user):
        form_class, prefix, url = ACTION_FORMS[action.name]
        initial = {"amount": loan.requested_amount} if action.name == "approve" else {}
        forms.append(
            (action, form_class(prefix=prefix, initial=initial), reverse(url, args=[loan.pk]))
        )
    return forms


def _payoff_form(request: HttpRequest, loan: Loan) -> PayoffQuoteForm:
    """The payoff quote asked on the page (``?payoff-on=``): the amount that closes the loan on
    that day, before anyone posts it."""
    asked = "payoff-on" in request.GET
    form = PayoffQuoteForm(request.GET if asked else None, prefix="payoff")
    if asked and form.is_valid():
        try:
            form.amount = quotes.payoff_quote(loan, form.cleaned_data["on"])
        except ValidationError as exc:
            form.add_error("on", exc)
    return form


@role_required(*access.LOAN_READ_ROLES)
def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    loan = visible_loan(request, pk)
    as_of_form = AsOfForm(request.GET or None)
    as_of = as_of_form.as_of_date()
    can_write = access.writable_loans(request.user).filter(pk=loan.pk).exists()
    context = {
        "loan": loan,
        "as_of_form": as_of_form,
        "balance": selectors.loan_balance(loan, as_of),
        "as_of": as_of,
        "instalments": loan.instalments.all(),
        "statement": selectors.statement(loan),
        "transitions": loan.transitions.select_related("actor"),
        "reports": loan.quarterly_reports.all(),
        "inspections": loan.inspections.all(),
        "can_write": can_write,
        "next_instalment": quotes.next_instalment(loan, as_of),
        "payoff_form": _payoff_form(request, loan) if loan.status in PAYABLE else None,
        "actions": _action_forms(loan, request.user),
        # Repayments and inspections are ledger records, not workflow moves.
        "can_post": can_write and loan.status in PAYABLE,
    }
    if context["can_post"]:
        context.update(
            posting_form=PostingForm(prefix="post", initial={"idempotency_key": uuid.uuid4().hex}),
            inspection_form=InspectionForm(prefix="inspection"),
        )
    return render(request, "funds/loan_detail.html", context)


def done(request: HttpRequest, pk: int, action: Any, success: Any) -> HttpResponse:
    attempt(request, action, success)
    return redirect("funds:loan_detail", pk)


@require_POST
@role_required(*access.LOAN_MANAGE_ROLES)
def loan_workflow(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or contract (the button's ``action``); the machine checks the rest."""
    loan = visible_loan(request, pk)
    name = request.POST.get("action", "")
    form = (ApprovalForm if name == "approve" else DecisionForm)(request.POST, prefix="workflow")
    if not form.is_valid():
        messages.error(request, _("입력값을 확인해 주세요."))
        return redirect("funds:loan_detail", pk)
    return done(
        request,
        pk,
        lambda: services.act_on_loan(loan, name, actor=request.user, **form.cleaned_data),
        lambda _loan: str(LOAN_MACHINE.action(name).done),
    )


@require_POST
@role_required(*access.LEDGER_WRITE_ROLES)
def loan_disburse(request: HttpRequest, pk: int) -> HttpResponse:
    loan = writable_loan(request, pk)
    form = DisbursementForm(request.POST, prefix="disburse")
    if not form.is_valid():
        messages.error(request, _("지급액과 지급일을 확인해 주세요."))
        return redirect("funds:loan_detail", pk)
    return done(
        request,
        pk,
        lambda: services.disburse(
            loan, actor=request.user, amount=form.cleaned_data["amount"], on=form.cleaned_data["on"]
        ),
        str(LOAN_MACHINE.action("disburse").done),
    )


@require_POST
@role_required(*access.LEDGER_WRITE_ROLES)
def loan_post(request: HttpRequest, pk: int) -> HttpResponse:
    loan = writable_loan(request, pk)
    form = PostingForm(request.POST, prefix="post")
    if not form.is_valid():
        messages.error(request, _("거래일과 금액을 확인해 주세요."))
        return redirect("funds:loan_detail", pk)
    data = form.cleaned_data
    return done(
        request,
        pk,
        lambda: services.post_transaction(
            loan,
            actor=request.user,
            kind=data["kind"],
            value_date=data["value_date"],
            amount=data["amount"],
            idempotency_key=data["idempotency_key"] or None,
            prepayment_mode=data["prepayment_mode"],
        ),
        _("거래를 기록했습니다."),
    )


@require_POST
@role_required(*access.LOAN_MANAGE_ROLES)
def loan_write_off(request: HttpRequest, pk: int) -> HttpResponse:
    loan = visible_loan(request, pk)
    form = WriteOffForm(request.POST, prefix="writeoff")
    if not form.is_valid():
        messages.error(request, _("상각일과 사유를 입력해 주세요."))
        return redirect("funds:loan_detail", pk)
    return done(
        request,
        pk,
        lambda: services.write_off(
            loan, actor=request.user, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
        ),
        str(LOAN_MACHINE.action("write_off").done),
    )


@require_POST
@role_required(*access.LEDGER_WRITE_ROLES)
def loan_inspection(request: HttpRequest, pk: int) -> HttpResponse:
    loan = writable_loan(request, pk)
    form = InspectionForm(request.POST, prefix="inspection")
    if not form.is_valid():
        messages.error(request, _("점검일과 점검자를 입력해 주세요."))
        return redirect("funds:loan_detail", pk)
    return done(
        request,
        pk,
        lambda: services.record_inspection(loan, actor=request.user, **form.cleaned_data),
        _("현장점검을 기록했습니다."),
    )


@role_required(*access.LOAN_READ_ROLES)
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(access.visible_reports(request.user).select_related("loan"), pk=pk)
    if not access.can_submit_report(request.user, report):
        raise PermissionDenied(_("이 보고서를 제출할 권한이 없습니다."))
    form = ReportSubmitForm(request.POST or None, initial={"summary": report.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_quarterly_report(
                report, actor=request.user, summary=form.cleaned_data["summary"]
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("분기 서면보고를 제출했습니다."))
            return redirect("funds:loan_detail", report.loan_id)
    title = _("%(year)s년 %(quarter)s분기 서면보고") % {
        "year": report.year,
        "quarter": report.quarter,
    }
    return render(request, "funds/form.html", {"form": form, "title": title})


@role_required(*access.LOAN_READ_ROLES)
def ledger_export(request: HttpRequest) -> HttpResponse:
    loans = access.visible_loans(request.user)
    if request.GET.get("loan"):
        loan_id = query_id(request, "loan")
        loans = loans.filter(pk=loan_id) if loan_id else loans.none()
    return excel.ledger_response(loans)
