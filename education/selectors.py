"""Reads of education shared by pages, API, exports and other apps.

Yearly aggregates for KPI measures take a year range ``(first, last)`` (both inclusive) like
``kpis.measures`` queryset builders and return the records counted (the drill-down list).
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from education.models import Certificate, Course, CourseSession, Enrolment
from seoul_se.core.aggregates import count_of

E = Enrolment.Status
HUNDRED = Decimal(100)


# --- yearly aggregates (KPI measures) ---------------------------------------------------------


def courses_run(first: int, last: int, kind: str = "") -> QuerySet[Course]:
    """Courses starting in the years (2018: 전문심화 3과정, 맞춤형 8과정; 2019: 7 courses)."""
    courses = Course.objects.filter(starts_on__year__gte=first, starts_on__year__lte=last)
    return courses.filter(kind=kind) if kind else courses


def sessions_held(first: int, last: int, kind: str = "") -> QuerySet[CourseSession]:
    """Course sessions held in the years, of one kind of course if given."""
    sessions = CourseSession.objects.filter(date__year__gte=first, date__year__lte=last)
    return sessions.filter(course__kind=kind) if kind else sessions


def awareness_sessions(first: int, last: int) -> QuerySet[CourseSession]:
    """인식 개선 교육 sessions held (2018: target 10회, actual 47회)."""
    return sessions_held(first, last, Course.Kind.AWARENESS)


def participants(first: int, last: int, kind: str = "") -> QuerySet[Enrolment]:
    """People with a confirmed place on courses starting in the years (2019: 410명)."""
    enrolments = Enrolment.objects.filter(
        status=E.ENROLLED, course__starts_on__year__gte=first, course__starts_on__year__lte=last
    )
    return enrolments.filter(course__kind=kind) if kind else enrolments


def completions(first: int, last: int) -> QuerySet[Certificate]:
    """Certificates of completion issued in the years."""
    return Certificate.objects.filter(issued_on__year__gte=first, issued_on__year__lte=last)


def yearly_summary(year: int) -> dict[str, Any]:
    return {
        "courses": courses_run(year, year).count(),
        "sessions": sessions_held(year, year).count(),
        "awareness_sessions": awareness_sessions(year, year).count(),
        "participants": participants(year, year).count(),
        "completions": completions(year, year).count(),
        "satisfaction": participants(year, year).aggregate(avg=Avg("survey__rating"))["avg"],
    }


# --- completion -------------------------------------------------------------------------------


def rate(present: int, total: int) -> Decimal:
    """Attendance as a percent with two decimals (Decimal, never float)."""
    if total == 0:
        return Decimal("0.00")
    return (Decimal(present) * HUNDRED / Decimal(total)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def attendance_rates(course: Course) -> list[tuple[Enrolment, Decimal]]:
    """Each enrolled person of the course with their attendance rate over all its sessions."""
    total = course.sessions.count()
    enrolments = (
        course.enrolments.filter(status=E.ENROLLED)
        .select_related("certificate")
        .annotate(present=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("requested_at", "pk")
    )
    return [(enrolment, rate(enrolment.present, total)) for enrolment in enrolments]


# --- pages ------------------------------------------------------------------------------------


def for_list(queryset: QuerySet[Course]) -> QuerySet[Course]:
    return queryset.annotate(
        enrolled=count_of(Enrolment.objects.filter(status=E.ENROLLED), "course"),
        waiting=count_of(Enrolment.objects.filter(status=E.WAITING), "course"),
        session_count=count_of(CourseSession.objects.all(), "course"),
    ).order_by("-starts_on", "title", "pk")


def waiting_position(enrolment: Enrolment) -> int | None:
    """1 for the first person waiting; None for anyone not waiting."""
    if enrolment.status != E.WAITING:
        return None
    ahead = Enrolment.objects.filter(course_id=enrolment.course_id, status=E.WAITING).filter(
        Q(requested_at__lt=enrolment.requested_at)
        | Q(requested_at=enrolment.requested_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def live_enrolments(course: Course) -> QuerySet[Enrolment]:
    return course.enrolments.exclude(status=E.CANCELLED).select_related("enterprise", "user")


def enrolled_people(course: Course) -> QuerySet[Enrolment]:
    return course.enrolments.filter(status=E.ENROLLED).order_by("name", "pk")


def present_ids(session: CourseSession) -> set[int]:
    return set(session.attendances.filter(present=True).values_list("enrolment_id", flat=True))


def attendance_marks(session: CourseSession) -> dict[int, bool]:
    """{enrolment id: present} of the marks recorded for ``session``."""
    return dict(session.attendances.values_list("enrolment_id", "present"))


def held_sessions() -> QuerySet[CourseSession]:
    """Sessions whose attendance may be recorded (held today or before), latest first."""
    return (
        CourseSession.objects.filter(date__lte=timezone.localdate())
        .select_related("course")
        .order_by("-date", "-starts_at", "-pk")
    )


def certificate_by_number(number: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("enrolment__course")
        .filter(number=number.strip().upper())
        .first()
    )


def enrolments_for_list(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return queryset.select_related("course", "enterprise", "certificate", "survey")
