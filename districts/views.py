"""Pages of the districts app: the centres' contacts and a district's application to a
district call (the rest of the procedure is on the programs pages)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from districts import access, forms, selectors, services
from programs import access as program_access
from programs.models import Call
from seoul_se.access import ALL_ROLES, role_required
from seoul_se.accounts.models import Role
from seoul_se.core.feedback import form_errors
from seoul_se.reference.models import District


@role_required(*ALL_ROLES)
def centre_list(request: HttpRequest) -> HttpResponse:
    return render(request, "districts/centre_list.html", {"centres": selectors.centres()})


@role_required(Role.ENTERPRISE_MEMBER)
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(
        program_access.visible_calls(request.user).select_related("program"),
        pk=pk,
        applicant_kind=Call.ApplicantKind.DISTRICT,
    )
    districts = District.objects.filter(pk__in=access.district_ids_for(request.user))
    if not districts:
        messages.error(request, _("자치구 지원센터 직원으로 연결된 계정만 신청할 수 있습니다."))
        return redirect("programs:call_detail", call.pk)
    form = forms.StageApplicationForm(
        request.POST or None,
        districts=districts,
        stages=selectors.stages(selectors.track_of(call.program.program_type)),
        initial={"district": districts[0]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.apply_for_stage(
                call,
                data["district"],
                data["stage"],
                actor=request.user,
                title=data["title"],
                summary=data["summary"],
                requested_amount=data["requested_amount"],
                duration_months=data["duration_months"],
            )
        except ValidationError as exc:
            for message in form_errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("신청서를 임시 저장했습니다. 서류를 첨부하고 제출하세요."))
            return redirect("programs:application_detail", application.pk)
    return render(
        request,
        "programs/application_form.html",
        {"forms": [form], "call": call, "title": _("자치구 신청서 작성")},
    )
