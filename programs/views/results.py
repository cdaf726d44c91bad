"""Result (실적) pages: entry, confirmation and evidence download."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs import access, forms, services
from programs.models import (
    Result,
)
from programs.views.common import _application
from seoul_se.access import (
    READ_ALL_ROLES,
    STAFF_ROLES,
    role_required,
)
from seoul_se.accounts.models import Role
from seoul_se.core.feedback import attempt
from seoul_se.core.files import private_file_response


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
                actor=request.user,
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
    services.confirm_result(result, actor=request.user)
    messages.success(request, _("실적을 확인했습니다."))
    return redirect("programs:application_detail", result.application_id)


@role_required(Role.ENTERPRISE_MEMBER, *READ_ALL_ROLES)
def result_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(access.visible_results(request.user).exclude(evidence=""), pk=pk)
    return private_file_response(result.evidence)
