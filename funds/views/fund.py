"""Fund-wide pages: status, monitoring, intermediaries and their staff, deposits, products,
partnerships and the simple record forms. Thin over ``funds.selectors`` / ``funds.services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from funds import access, selectors, services
from funds.forms import (
    AsOfForm,
    DepositForm,
    EvaluationForm,
    IntermediaryStaffForm,
    InvestmentForm,
    ProductForm,
    SelectionForm,
)
from funds.models import (
    Deposit,
    ImpactFundPartnership,
    Intermediary,
    IntermediaryEvaluation,
    IntermediarySelection,
    LoanProduct,
)
from seoul_se.access import STAFF_ROLES, has_role, role_required
from seoul_se.accounts.models import User
from seoul_se.audit.masking import PersonalDataPolicy
from seoul_se.audit.models import AccessLog
from seoul_se.audit.recording import log_access
from seoul_se.core.feedback import attempt, form_errors


@role_required(*access.FUND_READ_ROLES)
def fund_status(request: HttpRequest) -> HttpResponse:
    form = AsOfForm(request.GET or None)
    asked = form.cleaned_data["as_of"] if form.is_valid() else None
    status = selectors.fund_status(asked or selectors.latest_data_date() or timezone.localdate())
    return render(request, "funds/status.html", {"form": form, "status": status})


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
