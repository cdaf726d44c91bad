"""State changes of education. Each function validates with Korean messages and stable codes
and runs in one transaction; staff and member actions take the acting user (keyword-only).

Capacity is guarded by a row lock on the course: every enrolment, cancellation and
promotion from the waiting list first locks the course row, so concurrent enrolments are
served one after another and never exceed the capacity."""

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from education import access, selectors
from education.models import (
    COURSE_FIELDS,
    Attendance,
    Certificate,
    Course,
    CourseSession,
    Enrolment,
    Survey,
)
from enterprises.access import enterprise_ids_for
from seoul_se.accounts.models import User

E = Enrolment.Status


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("이 교육 업무를 처리할 권한이 없습니다."))


def _error(field: str | None, message: str, code: str) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def _locked_course(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


# --- courses and sessions -------------------------------------------------------------------


@transaction.atomic
def save_course(*, actor: User, data: dict[str, Any], course: Course | None = None) -> Course:
    _require(access.is_education_staff(actor))
    course = course or Course(created_by=actor)
    for name in COURSE_FIELDS:
        if name in data:
            setattr(course, name, data[name])
    if course.title:
        course.title = course.title.strip()
    if course.starts_on and course.ends_on and course.ends_on < course.starts_on:
        raise _error("ends_on", _("종료일이 시작일보다 빠릅니다."), "course_dates_reversed")
    if course.completion_rate is not None and not (
        Decimal(0) <= Decimal(course.completion_rate) <= Decimal(100)
    ):
        raise _error(
            "completion_rate",
            _("수료 기준은 0에서 100 사이의 백분율입니다."),
            "bad_completion_rate",
        )
    if course.pk:
        live = course.enrolments.filter(status=E.ENROLLED).count()
        if course.capacity is not None and course.capacity < live:
            raise _error(
                "capacity",
                _("정원을 수강 확정 인원(%(n)s명)보다 줄일 수 없습니다.") % {"n": live},
                "capacity_below_enrolled",
            )
        outside = course.sessions.exclude(date__gte=course.starts_on, date__lte=course.ends_on)
        if outside.exists():
            raise _error(
                None,
                _("교육 기간 밖에 있는 회차가 생깁니다. 회차를 먼저 옮기세요."),
                "sessions_outside",
            )
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def add_session(
    *,
    actor: User,
    course: Course,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    topic: str = "",
) -> CourseSession:
    _require(access.is_education_staff(actor))
    if not course.starts_on <= date <= course.ends_on:
        raise _error(
            "date",
            _("회차 일자는 교육 기간(%(start)s ~ %(end)s) 안이어야 합니다.")
            % {"start": course.starts_on, "end": course.ends_on},
            "session_outside_course",
        )
    if ends_at <= starts_at:
        raise _error(
            "ends_at", _("종료 시각은 시작 시각보다 늦어야 합니다."), "session_times_reversed"
        )
    return CourseSession.objects.create(
        course=course, date=date, starts_at=starts_at, ends_at=ends_at, topic=(topic or "").strip()
    )


# --- enrolment and the waiting list ---------------------------------------------------------


def _place(course: Course, **person: Any) -> Enrolment:
    """Under the course lock: a place if one is free, otherwise the end of the waiting list."""
    course = _locked_course(course)
    if timezone.localdate() >= course.starts_on:
        raise _error(None, _("이미 시작된 교육과정에는 신청할 수 없습니다."), "course_started")
    email = person["email"]
    if course.enrolments.exclude(status=E.CANCELLED).filter(email__iexact=email).exists():
        raise _error(None, _("이미 신청한 교육과정입니다."), "already_enrolled")
    taken = course.enrolments.filter(status=E.ENROLLED).count()
    status = E.ENROLLED if taken < course.capacity else E.WAITING
    return Enrolment.objects.create(course=course, status=status, **person)


@transaction.atomic
def enrol_member(*, actor: User, course: Course) -> Enrolment:
    """An enterprise member enrols online; full courses put them on the waiting list."""
    _require(access.may_enrol(actor, course))
    own = enterprise_ids_for(actor)
    if not own:
        raise _error(None, _("소속 기업이 승인된 뒤에 신청할 수 있습니다."), "no_enterprise")
    return _place(
        course,
        user=actor,
        enterprise_id=own[0],
        name=actor.name or actor.email,
        email=actor.email.lower(),
        phone="",
    )


@transaction.atomic
def enrol_citizen(*, course: Course, name: str, email: str, phone: str) -> Enrolment:
    """A citizen enrols on the public page, without an account: name, e-mail, phone only."""
    if course.audience != Course.Audience.CITIZENS:
        raise _error(None, _("시민 대상 과정이 아닙니다."), "not_for_citizens")
    name = (name or "").strip()
    email = (email or "").strip().lower()
    phone = (phone or "").strip()
    if not name:
        raise _error("name", _("이름을 입력하세요."), "required")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise _error("email", _("올바른 이메일 주소를 입력하세요."), "bad_email") from exc
    if not phone or not all(ch.isdigit() or ch in "- " for ch in phone):
        raise _error("phone", _("연락 가능한 전화번호를 숫자로 입력하세요."), "bad_phone")
    return _place(course, user=None, enterprise=None, name=name, email=email, phone=phone)


@transaction.atomic
def cancel_enrolment(*, actor: User, enrolment: Enrolment) -> Enrolment | None:
    """Cancel a place; a freed place goes to the first person waiting. Returns who was
    promoted (or None)."""
    _require(access.may_cancel(actor, enrolment))
    course = _locked_course(enrolment.course)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.status == E.CANCELLED:
        raise _error(None, _("이미 취소된 신청입니다."), "already_cancelled")
    if not access.is_education_staff(actor) and timezone.localdate() >= course.starts_on:
        raise _error(None, _("교육이 시작된 뒤에는 센터에 취소를 요청하세요."), "course_started")
    freed = enrolment.status == E.ENROLLED
    enrolment.status = E.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    if not freed:
        return None
    first_waiting = (
        course.enrolments.filter(status=E.WAITING).order_by("requested_at", "pk").first()
    )
    if first_waiting is not None:
        first_waiting.status = E.ENROLLED
        first_waiting.save(update_fields=["status"])
    return first_waiting


# --- attendance -----------------------------------------------------------------------------


def _check_attendance(
    session: CourseSession, course: Course, enrolled: Iterable[int], marked: set[int], present: int
) -> None:
    """A held session; marks only for enrolled people; no more present than the capacity."""
    if session.date > timezone.localdate():
        raise _error(
            None, _("아직 열리지 않은 회차의 출석은 기록할 수 없습니다."), "session_future"
        )
    unknown = marked - set(enrolled)
    if unknown:
        raise _error(
            None,
            _("수강 확정자가 아닌 신청 번호가 있습니다: %(ids)s")
            % {"ids": ", ".join(str(i) for i in sorted(unknown))},
            "not_enrolled",
        )
    if present > course.capacity:
        raise _error(
            None,
            _("출석 인원(%(n)s명)이 정원(%(cap)s명)을 넘습니다.")
            % {"n": present, "cap": course.capacity},
            "attendance_over_capacity",
        )


@transaction.atomic
def record_attendance(
    *, actor: User, session: CourseSession, present: Iterable[int]
) -> list[Attendance]:
    """The attendance of one session: ``present`` holds the enrolment ids present; every other
    enrolled person is recorded absent."""
    _require(access.is_education_staff(actor))
    course = _locked_course(session.course)
    enrolled = {e.pk: e for e in course.enrolments.filter(status=E.ENROLLED)}
    present_ids = set(present)
    _check_attendance(session, course, enrolled, present_ids, len(present_ids))
    records = []
    for pk, enrolment in enrolled.items():
        record, _created = Attendance.objects.update_or_create(
            enrolment=enrolment,
            session=session,
            defaults={"present": pk in present_ids, "recorded_by": actor},
        )
        records.append(record)
    return records


@transaction.atomic
def import_attendance(
    *, actor: User, session: CourseSession, marks: dict[int, bool]
) -> list[Attendance]:
    """The marks of an attendance sheet (enrolment id → present), planned by the import kind
    ``education.attendance``: only these people are written, everyone else keeps their mark.
    Returns the attendances written, in the order of ``marks``."""
    _require(access.is_education_staff(actor))
    course = _locked_course(session.course)
    enrolled = set(course.enrolments.filter(status=E.ENROLLED).values_list("pk", flat=True))
    kept = selectors.present_ids(session) - set(marks)
    present = len(kept) + sum(marks.values())
    _check_attendance(session, course, enrolled, set(marks), present)
    return [
        Attendance.objects.update_or_create(
            enrolment_id=pk,
            session=session,
            defaults={"present": mark, "recorded_by": actor},
        )[0]
        for pk, mark in marks.items()
    ]


# --- completion, certificates, survey ---------------------------------------------------------


def _certificate_number(year: int) -> str:
    # Random, not sequential: a number cannot be guessed from another one.
    while True:
        number = f"SE-{year}-{secrets.token_hex(4).upper()}"
        if not Certificate.objects.filter(number=number).exists():
            return number


@transaction.atomic
def issue_certificates(*, actor: User, course: Course) -> list[Certificate]:
    """Certificates for every enrolled person meeting the course's completion rule, once all
    its sessions have been held; people who already have one are skipped."""
    _require(access.is_education_staff(actor))
    course = _locked_course(course)
    total = course.sessions.count()
    if total == 0:
        raise _error(None, _("회차가 없는 과정은 수료 판정을 할 수 없습니다."), "no_sessions")
    today = timezone.localdate()
    if course.sessions.filter(date__gt=today).exists():
        raise _error(
            None, _("모든 회차가 끝난 뒤에 수료증을 발급할 수 있습니다."), "course_not_over"
        )
    issued = []
    for enrolment, rate in selectors.attendance_rates(course):
        if rate < course.completion_rate or hasattr(enrolment, "certificate"):
            continue
        issued.append(
            Certificate.objects.create(
                enrolment=enrolment,
                number=_certificate_number(today.year),
                attendance_rate=rate,
                issued_on=today,
                issued_by=actor,
            )
        )
    return issued


@transaction.atomic
def submit_survey(*, actor: User, enrolment: Enrolment, rating: Any, comment: str = "") -> Survey:
    _require(access.may_answer_survey(actor, enrolment))
    if enrolment.status != E.ENROLLED:
        raise _error(None, _("수강 확정자만 만족도 조사에 답할 수 있습니다."), "not_enrolled")
    if timezone.localdate() < enrolment.course.ends_on:
        raise _error(None, _("만족도 조사는 교육이 끝난 뒤에 답할 수 있습니다."), "course_not_over")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise _error("rating", _("만족도는 1에서 5 사이로 입력하세요."), "rating_out_of_range")
    if Survey.objects.filter(enrolment=enrolment).exists():
        raise _error(None, _("이미 만족도 조사에 답했습니다."), "survey_exists")
    return Survey.objects.create(
        enrolment=enrolment, rating=rating, comment=(comment or "").strip()
    )
