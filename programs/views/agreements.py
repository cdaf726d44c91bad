"""Agreement pages: signing, lists and detail, disbursements and the interim decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs import access, forms, rules, selectors, services, workflow
from programs.views.common import PAGE_SIZE, _application
from seoul_se.access import (
    READ_ALL_ROLES,
    STAFF_ROLES,
    role_required,
)
from seoul_se.accounts.models import Role
from seoul_se.core.feedback import attempt, form_errors


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
            "ends_on": rules.default_end(today, application.duration_months),
            "instalments": 1,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.sign_agreement(
                application,
                actor=request.user,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                signed_on=data["signed_on"],
                award_amount=data["award_amount"],
                instalments=rules.equal_instalments(
                    data["award_amount"], data["instalments"], data["starts_on"]
                ),
            )
        except ValidationError as exc:
            for message in form_errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("협약을 체결했습니다."))
            return redirect("programs:agreement_detail", agreement.pk)
    return render(
        request,
        "programs/form.html",
        {
            "form": form,
            "title": _("협약 체결: %(t)s") % {"t": application.title},
            "confirm": workflow.MACHINE.action("sign").confirm,
            "confirm_label": workflow.MACHINE.action("sign").label,
        },
    )


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
        if staff and agreement.application.status in workflow.PAYABLE
        else None,
        "expenditures": agreement.expenditures.all(),
        "spending_form": forms.GrantExpenditureForm()
        if access.may_record_spending(request.user, agreement)
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
            lambda: services.record_disbursement(
                agreement.pk, actor=request.user, **form.cleaned_data
            ),
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
                actor=request.user,
                continue_support=form.cleaned_data["decision"] == "continue",
                additional_amount=form.cleaned_data["additional_amount"],
                comment=form.cleaned_data["comment"],
            ),
            _("중간평가 결과를 기록했습니다."),
        )
    return redirect("programs:application_detail", application.pk)


@require_POST
@login_required
def spending_create(request: HttpRequest, pk: int) -> HttpResponse:
    """보조금 집행 내역 with its evidence; the integrity check runs on it after the commit."""
    agreement = get_object_or_404(access.visible_agreements(request.user), pk=pk)
    if not access.may_record_spending(request.user, agreement):
        raise PermissionDenied(_("이 협약의 집행 내역을 등록할 권한이 없습니다."))
    form = forms.GrantExpenditureForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            lambda: services.record_grant_expenditure(
                agreement, actor=request.user, **form.cleaned_data
            ),
            _("집행 내역을 등록했습니다."),
        )
    else:
        for message in form_errors(form):
            messages.error(request, message)
    return redirect("programs:agreement_detail", pk=agreement.pk)
