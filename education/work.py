"""Education sessions in the home work queue (``seoul_se.core.work_queue``)."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from education import access
from education.models import CourseSession, Enrolment
from seoul_se.accounts.models import Role
from seoul_se.core.work_queue import WorkItem, counted

# The centre's case and course work; officials oversee it elsewhere.
CENTRE = frozenset({Role.CENTRE_STAFF, Role.ADMINISTRATOR})


def _member(user: Any) -> WorkItem:
    # The member's own places (as "내 수강" lists them), not colleagues' enrolments.
    places = access.visible_enrolments(user).filter(user=user, status=Enrolment.Status.ENROLLED)
    count, first = counted(
        CourseSession.objects.filter(
            course__in=places.values("course_id"), date__gte=timezone.localdate()
        ),
        "date",
    )
    return WorkItem(_("참석할 교육 회차"), count, reverse("education:mine"), first)


def _staff(user: Any) -> WorkItem:
    held = CourseSession.objects.filter(
        course__in=access.visible_courses(user), date__lt=timezone.localdate()
    )
    count, first = counted(held.filter(attendances__isnull=True), "date")
    # The course list leads to each course's sessions and their attendance forms (closest page).
    return WorkItem(_("출석을 기록하지 않은 교육 회차"), count, reverse("education:list"), first)


def items(user: Any) -> list[WorkItem]:
    if user.role in CENTRE:
        return [_staff(user)]
    if user.role in access.MEMBER_ROLES:
        return [_member(user)]
    return []
