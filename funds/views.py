"""Fund pages: thin views over ``funds.selectors`` / ``funds.services``; scoping in ``funds.access``."""

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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from funds import access, excel, selectors, services
from funds.forms import (
    ApprovalForm,
    AsOfForm,
    DecisionForm,
    DepositForm,
    DisbursementForm,
    EvaluationForm,
    InspectionForm,
    IntermediaryStaffForm,
    InvestmentForm,
    LoanApplicationForm,
    LoanFilterForm,
    PostingForm,
    ProductForm,
    ReasonForm,
    ReportSubmitForm,
    SelectionForm,
    WriteOffForm,
)
from funds.models import (
    Deposit,
    ImpactFundPartnership,
    Intermediary,
    IntermediaryEvaluation,
    IntermediarySelection,
    Loan,
    LoanProduct,
    LoanTransaction,
)
from funds.workflow import LOAN_MACHINE, PAYABLE
from seoul_se.access import STAFF_ROLES, has_role, role_required
from seoul_se.accounts.models import User
from seoul_se.audit.masking import PersonalDataPolicy
from seoul_se.audit.models import AccessLog
from seoul_se.audit.recording import log_access
from seoul_se.core.feedback import attempt, form_errors, show_on_form
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


@role_required(*access.FUND_READ_ROLES)
def fund_status(request: HttpRequest) -> HttpResponse:
    form = AsOfForm(request.GET or None)
    asked = form.cleaned_data["as_of"] if form.is_valid() else None
    status = selectors.fund_status(asked or selectors.latest_data_date() or timezone.localdate())
    return render(request, "funds/status.html", {"form": form, "status": status})


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


def _visible_loan(request: HttpRequest, pk: int) -> Loan:
    return get_object_or_404(
        access.visible_loans(request.user).select_related("enterprise", "intermediary", "product"),
        pk=pk,
    )


def _writable_loan(request: HttpRequest, pk: int) -> Loan:
    loan = _visible_loan(request, pk)
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


@role_required(*access.LOAN_READ_ROLES)
def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    loan = _visible_loan(request, pk)
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


def _done(request: HttpRequest, pk: int, action: Any, success: Any) -> HttpResponse:
    attempt(request, action, success)
    return redirect("funds:loan_detail", pk)


@require_POST
@role_required(*access.LOAN_MANAGE_ROLES)
def loan_workflow(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or contract (the button's ``action``); the machine checks the rest."""
    loan = _visible_loan(request, pk)
    name = request.POST.get("action", "")
    form = (ApprovalForm if name == "approve" else DecisionForm)(request.POST, prefix="workflow")
    if not form.is_valid():
        messages.error(request, _("입력값을 확인해 주세요."))
        return redirect("funds:loan_detail", pk)
    return _done(
        request,
        pk,
        lambda: services.act_on_loan(loan, name, actor=request.user, **form.cleaned_data),
        lambda _loan: str(LOAN_MACHINE.action(name).done),
    )


@require_POST
@role_required(*access.LEDGER_WRITE_ROLES)
def loan_disburse(request: HttpRequest, pk: int) -> HttpResponse:
    loan = _writable_loan(request, pk)
    form = DisbursementForm(request.POST, prefix="disburse")
    if not form.is_valid():
        messages.error(request, _("지급액과 지급일을 확인해 주세요."))
        return redirect("funds:loan_detail", pk)
    return _done(
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
    loan = _writable_loan(request, pk)
    form = PostingForm(request.POST, prefix="post")
    if not form.is_valid():
        messages.error(request, _("거래일과 금액을 확인해 주세요."))
        return redirect("funds:loan_detail", pk)
    data = form.cleaned_data
    return _done(
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
@role_required(*access.LEDGER_WRITE_ROLES)
def transaction_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    txn = get_object_or_404(LoanTransaction, pk=pk, loan__in=access.visible_loans(request.user))
    _writable_loan(request, txn.loan_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("취소 사유를 입력해 주세요."))
        return redirect("funds:loan_detail", txn.loan_id)
    return _done(
        request,
        txn.loan_id,
        lambda: services.reverse_transaction(
            txn, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _("거래를 취소했습니다."),
    )


@require_POST
@role_required(*access.LOAN_MANAGE_ROLES)
def loan_write_off(request: HttpRequest, pk: int) -> HttpResponse:
    loan = _visible_loan(request, pk)
    form = WriteOffForm(request.POST, prefix="writeoff")
    if not form.is_valid():
        messages.error(request, _("상각일과 사유를 입력해 주세요."))
        return redirect("funds:loan_detail", pk)
    return _done(
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
    loan = _writable_loan(request, pk)
    form = InspectionForm(request.POST, prefix="inspection")
    if not form.is_valid():
        messages.error(request, _("점검일과 점검자를 입력해 주세요."))
        return redirect("funds:loan_detail", pk)
    return _done(
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


@role_required(*access.MONITORING_ROLES)
def monitoring(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    reports = (
        access.visible_reports(request.user)
        .filter(submitted_on__isnull=True, due_on__lt=today)
        .select_related("loan__enterprise", "loan__intermediary")
        .order_by("due_on")
    )
    visible = set(access.visible_loans(request.user).values_list("pk", flat=True))
    missing = [
        loan for loan in selectors.loans_missing_inspection(today.year) if loan.pk in visible
    ]
    return render(
        request,
        "funds/monitoring.html",
        {
            "reports": reports[:500],
            "overdue_count": reports.count(),
            "missing": missing,
            "year": today.year,
        },
    )


@role_required(*access.FUND_READ_ROLES)
def intermediaries(request: HttpRequest) -> HttpResponse:
    selections = IntermediarySelection.objects.select_related("intermediary")
    years = sorted({s.year for s in selections}, reverse=True)
    policy = PersonalDataPolicy(request.user)
    rows = [
        (intermediary, [access.staff_contact(policy, m) for m in intermediary.staff.all()])
        for intermediary in Intermediary.objects.prefetch_related("staff")
    ]
    shown = [member["pk"] for _intermediary, staff in rows for member in staff]
    if policy.full and shown:
        log_access(request, action=AccessLog.Action.LIST, model=User, record_ids=shown)
    return render(
        request,
        "funds/intermediaries.html",
        {
            "intermediaries": rows,
            "can_manage_staff": has_role(request.user, access.INTERMEDIARY_STAFF_MANAGE_ROLES),
            "selections": selections,
            "years": years,
            "totals": selectors.selection_totals(),
            "evaluations": IntermediaryEvaluation.objects.select_related("intermediary"),
            "can_edit": has_role(request.user, STAFF_ROLES),
        },
    )


@require_POST
@role_required(*access.INTERMEDIARY_STAFF_MANAGE_ROLES)
def intermediary_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """Add (by e-mail; a new address is invited) or remove a member of an intermediary."""
    intermediary = get_object_or_404(Intermediary, pk=pk)
    if "remove" in request.POST:
        user_id = request.POST["remove"]
        if user_id.isdigit():
            services.remove_intermediary_staff(
                intermediary, actor=request.user, user_id=int(user_id)
            )
            messages.success(request, _("직원 등록을 해제했습니다."))
        return redirect("funds:intermediaries")
    form = IntermediaryStaffForm(request.POST)
    if not form.is_valid():
        for message in form_errors(form):
            messages.error(request, message)
        return redirect("funds:intermediaries")
    attempt(
        request,
        lambda: services.add_intermediary_staff(
            intermediary, actor=request.user, **form.cleaned_data
        ),
        lambda user: (
            _("%(name)s님을 %(intermediary)s 직원으로 등록했습니다.")
            % {"name": user.name, "intermediary": intermediary.name}
        ),
    )
    return redirect("funds:intermediaries")


@role_required(*access.FUND_READ_ROLES)
def deposits(request: HttpRequest) -> HttpResponse:
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date()
    return render(
        request,
        "funds/deposits.html",
        {
            "form": form,
            "as_of": as_of,
            "deposits": Deposit.objects.all(),
            "held": selectors.deposits_as_of(as_of),
            "can_edit": has_role(request.user, STAFF_ROLES),
        },
    )


@role_required(*access.FUND_READ_ROLES)
def products(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "funds/products.html",
        {
            "products": LoanProduct.objects.all(),
            "can_edit": has_role(request.user, access.PRODUCT_WRITE_ROLES),
        },
    )


@role_required(*access.FUND_READ_ROLES)
def partnerships(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "funds/partnerships.html",
        {
            "partnerships": ImpactFundPartnership.objects.prefetch_related("investments"),
            "can_edit": has_role(request.user, STAFF_ROLES),
        },
    )


# Simple record forms (selection, evaluation, deposit, product, investment): one generic view.
EDITABLE = {
    "selection": (
        SelectionForm,
        STAFF_ROLES,
        "funds:intermediaries",
        gettext_lazy("수행기관 선정 등록"),
    ),
    "evaluation": (
        EvaluationForm,
        STAFF_ROLES,
        "funds:intermediaries",
        gettext_lazy("수행기관 평가 등록"),
    ),
    "deposit": (DepositForm, STAFF_ROLES, "funds:deposits", gettext_lazy("예치금 등록")),
    "product": (
        ProductForm,
        access.PRODUCT_WRITE_ROLES,
        "funds:products",
        gettext_lazy("융자 상품"),
    ),
    "investment": (
        InvestmentForm,
        STAFF_ROLES,
        "funds:partnerships",
        gettext_lazy("임팩트 투자 등록"),
    ),
}


@role_required(*STAFF_ROLES)
def record_form(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    if kind not in EDITABLE:
        raise PermissionDenied
    form_class, roles, success_url, title = EDITABLE[kind]
    if not has_role(request.user, roles):
        raise PermissionDenied(_("이 자료를 수정할 권한이 없습니다."))
    instance = get_object_or_404(form_class._meta.model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        if hasattr(form.instance, "fund_id") and not form.instance.fund_id:
            form.instance.fund = services.main_fund()
        form.save()
        messages.success(request, _("저장했습니다."))
        return redirect(success_url)
    return render(request, "funds/form.html", {"form": form, "title": title})
