"""Pages of the districts app: the centres' contacts and a district's application to a
district call (the rest of the procedure is on the programs pages)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from districts import access, forms, selectors, services, tables
from districts.models import DistrictCentre
from programs import access as program_access
from programs.models import Call
from seoul_se.access import role_required
from seoul_se.accounts.models import Role
from seoul_se.audit.exports import ask_purpose, purpose_form
from seoul_se.audit.models import AccessLog
from seoul_se.audit.recording import collecting_ids, log_access
from seoul_se.core.feedback import form_errors
from seoul_se.reference.models import District

CENTRES_FILE = "자치구_지원센터.xlsx"


@role_required(*access.READ_ROLES)
def centre_list(request: HttpRequest) -> HttpResponse:
    policy = access.personal_data_policy(request.user)
    rows = [(centre, access.shown_head(policy, centre)) for centre in selectors.centres()]
    if policy.full:  # the heads' names in full are personal data
        ids = [centre.pk for centre, head in rows if head]
        log_access(request, action=AccessLog.Action.LIST, model=DistrictCentre, record_ids=ids)
    return render(request, "districts/centre_list.html", {"rows": rows})


@role_required(*access.READ_ROLES)
def centre_export(request: HttpRequest) -> HttpResponse:
    """The centre list; with the heads' names in full (staff) only after the purpose is
    recorded, and logged with every row's id. Masked, it holds no personal data."""
    centres = selectors.centres()
    policy = access.personal_data_policy(request.user)
    table = tables.centres(policy)
    if not policy.full:
        return table.response(centres, CENTRES_FILE)
    purpose = purpose_form(request)
    if not purpose.is_valid():
        return ask_purpose(
            request, purpose, title=_("자치구 지원센터 엑셀 내려받기"), count=centres.count()
        )
    ids: list[int] = []
    response = table.response(collecting_ids(centres.iterator(), ids), CENTRES_FILE)
    log_access(
        request,
        action=AccessLog.Action.EXPORT,
        model=DistrictCentre,
        record_ids=ids,
        **purpose.log_kwargs(),
    )
    return response


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
