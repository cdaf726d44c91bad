"""Education pages. Thin: access from ``access``, reads from ``selectors``, changes via
``services``. The public pages (citizens' courses, enrolment, certificate check) need no login."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from education import access, certificates, exporting, selectors, services
from education.forms import (
    CitizenForm,
    CourseForm,
    SessionForm,
    SurveyForm,
    VerifyForm,
)
from education.models import Certificate, Course, CourseSession, Enrolment
from seoul_se.access import role_required
from seoul_se.audit.exports import ask_purpose, purpose_form
from seoul_se.audit.masking import mask_name
from seoul_se.audit.models import AccessLog
from seoul_se.audit.recording import collecting_ids, log_access
from seoul_se.core.excel import workbook_response
from seoul_se.core.feedback import show_on_form

STAFF = access.EDUCATION_STAFF_ROLES


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@role_required(*access.EDUCATION_ROLES)
def course_list(request: HttpRequest) -> HttpResponse:
    courses = selectors.for_list(access.visible_courses(request.user))
    return render(
        request,
        "education/list.html",
        {
            "courses": courses[:300],
            "is_staff": access.is_education_staff(request.user),
            "can_export": request.user.role in access.EXPORT_ROLES,
        },
    )


@role_required(*access.EXPORT_ROLES)
def export(request: HttpRequest) -> HttpResponse:
    courses = selectors.for_list(access.visible_courses(request.user))
    purpose = purpose_form(request)
    if not purpose.is_valid():
        return ask_purpose(
            request, purpose, title=_("교육과정 목록 엑셀 내려받기"), count=courses.count()
        )
    ids: list[int] = []
    workbook = exporting.courses_workbook(collecting_ids(courses.iterator(), ids))
    log_access(
        request,
        action=AccessLog.Action.EXPORT,
        model=Course,
        record_ids=ids,
        **purpose.log_kwargs(),
    )
    return workbook_response(workbook, "교육과정_목록.xlsx")


@role_required(*STAFF)
def create(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.save_course(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("교육과정을 등록했습니다."))
            return redirect("education:detail", pk=course.pk)
    return render(
        request,
        "core/cancellable_form_page.html",
        {"form": form, "title": _("교육과정 등록"), "cancel": "education:list"},
    )


@role_required(*access.EDUCATION_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(access.visible_courses(request.user), pk=pk)
    staff = access.is_education_staff(request.user)
    own = list(
        selectors.enrolments_for_list(
            access.visible_enrolments(request.user).filter(course=course, user=request.user)
        ).exclude(status=Enrolment.Status.CANCELLED)
    )
    people = []
    if staff or request.user.role == "auditor":
        policy = access.personal_data_policy(request.user)
        rows = list(selectors.enrolments_for_list(selectors.live_enrolments(course)))
        rates = dict(selectors.attendance_rates(course))
        people = [
            {"e": e, "personal": access.personal_data(policy, e), "rate": rates.get(e)}
            for e in rows
        ]
        log_access(
            request, action=AccessLog.Action.VIEW, model=Enrolment, record_ids=[e.pk for e in rows]
        )
    return render(
        request,
        "education/detail.html",
        {
            "course": course,
            "sessions": course.sessions.all(),
            "people": people,
            "own": [(e, selectors.waiting_position(e)) for e in own],
            "is_staff": staff,
            "may_enrol": access.may_enrol(request.user, course) and not own,
            "session_form": SessionForm() if staff else None,
            "survey_form": SurveyForm(),
        },
    )


@role_required(*STAFF)
def add_session(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_session(actor=request.user, course=course, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("회차를 추가했습니다."))
            return redirect("education:detail", pk=course.pk)
    return render(
        request,
        "core/cancellable_form_page.html",
        {
            "form": form,
            "title": _("%(c)s 회차 추가") % {"c": course.title},
            "cancel": "education:list",
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
@role_required(*access.MEMBER_ROLES)
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(access.visible_courses(request.user), pk=pk)
    try:
        enrolment = services.enrol_member(actor=request.user, course=course)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        if enrolment.status == Enrolment.Status.ENROLLED:
            messages.success(request, _("수강 신청이 확정되었습니다."))
        else:
            messages.info(request, _("정원이 차서 대기자로 등록했습니다."))
    return redirect("education:detail", pk=course.pk)


@require_POST
@role_required(*access.EDUCATION_ROLES)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(access.visible_enrolments(request.user), pk=pk)
    try:
        services.cancel_enrolment(actor=request.user, enrolment=enrolment)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("수강 신청을 취소했습니다."))
    return redirect("education:detail", pk=enrolment.course_id)


@require_POST
@role_required(*access.MEMBER_ROLES)
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(access.visible_enrolments(request.user), pk=pk)
    form = SurveyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("만족도는 1에서 5 사이로 선택하세요."))
    else:
        try:
            services.submit_survey(
                actor=request.user,
                enrolment=enrolment,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("만족도 조사에 답해 주셔서 감사합니다."))
    return redirect("education:detail", pk=enrolment.course_id)


@role_required(*access.MEMBER_ROLES)
def mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.enrolments_for_list(
        access.visible_enrolments(request.user).filter(user=request.user)
    )
    return render(request, "education/mine.html", {"enrolments": rows})


@role_required(*STAFF)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CourseSession.objects.select_related("course"), pk=pk)
    status = 200
    if request.method == "POST" and request.FILES:
        # A sheet posted by a page of before the import framework: never read as "all absent".
        return redirect(_sheet_upload(session))
    if request.method == "POST":
        try:
            present = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
            services.record_attendance(actor=request.user, session=session, present=present)
        except ValidationError as exc:
            _fail(request, exc)
            status = 400
        else:
            messages.success(request, _("출석을 저장했습니다."))
            return redirect("education:attendance", pk=session.pk)
    return render(
        request,
        "education/attendance.html",
        {
            "session": session,
            "people": selectors.enrolled_people(session.course),
            "present": selectors.present_ids(session),
            "sheet_upload": _sheet_upload(session),
        },
        status=status,
    )


@role_required(*STAFF)
def attendance_template(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CourseSession, pk=pk)
    return redirect(_sheet_upload(session, "imports:template"))


# Attendance sheets are the import kind "education.attendance" (education/imports.py), scoped to
# the session by the upload's context.
def _sheet_upload(session: CourseSession, page: str = "imports:upload") -> str:
    return f"{reverse(page, args=['education.attendance'])}?session={session.pk}"


@require_POST
@role_required(*STAFF)
def issue_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)
    try:
        issued = services.issue_certificates(actor=request.user, course=course)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("수료증 %(n)s건을 발급했습니다.") % {"n": len(issued)})
    return redirect("education:detail", pk=course.pk)


@role_required(*access.EDUCATION_ROLES)
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(Certificate.objects.select_related("enrolment__course"), pk=pk)
    if not access.may_download_certificate(request.user, certificate):
        return render(request, "404.html", status=404)
    verify_url = (
        request.build_absolute_uri(reverse("education:verify")) + f"?number={certificate.number}"
    )
    log_access(
        request, action=AccessLog.Action.DOWNLOAD, model=certificate, record_ids=[certificate.pk]
    )
    response = HttpResponse(
        certificates.render(certificate, verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


@role_required(*access.EXPORT_ROLES)
def export_enrolments(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)
    rows = selectors.enrolments_for_list(selectors.live_enrolments(course))
    purpose = purpose_form(request)
    if not purpose.is_valid():
        return ask_purpose(
            request, purpose, title=_("수강생 명단 엑셀 내려받기"), count=rows.count()
        )
    ids: list[int] = []
    workbook = exporting.enrolments_workbook(
        collecting_ids(rows.iterator(), ids), policy=access.personal_data_policy(request.user)
    )
    log_access(
        request,
        action=AccessLog.Action.EXPORT,
        model=Enrolment,
        record_ids=ids,
        **purpose.log_kwargs(),
    )
    return workbook_response(workbook, f"수강생_{course.pk}.xlsx")


# --- public pages -----------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    courses = selectors.for_list(access.public_courses())[:100]
    return render(request, "education/public_list.html", {"courses": courses})


def public_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(access.public_courses(), pk=pk)
    form = CitizenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            enrolment = services.enrol_citizen(
                course=course, name=data["name"], email=data["email"], phone=data["phone"]
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            return render(
                request,
                "education/public_done.html",
                {
                    "course": course,
                    "enrolment": enrolment,
                    "position": selectors.waiting_position(enrolment),
                },
            )
    return render(
        request,
        "education/public_enrol.html",
        {"course": course, "form": form},
        status=400 if form.is_bound else 200,
    )


def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET if "number" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        certificate = selectors.certificate_by_number(form.cleaned_data["number"])
        if certificate is not None:
            result = {
                "number": certificate.number,
                "name": mask_name(certificate.enrolment.name),
                "course": certificate.enrolment.course,
                "issued_on": certificate.issued_on,
            }
    return render(request, "education/verify.html", {"form": form, "result": result})
