import datetime as dt

import factory
from factory.django import DjangoModelFactory

from education.models import Course, CourseSession, Enrolment


def in_days(days: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() + dt.timedelta(days=days)


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    kind = Course.Kind.TAILORED
    title = factory.Sequence(lambda n: f"맞춤형 과정 {n}")
    starts_on = factory.LazyFunction(lambda: in_days(10))
    ends_on = factory.LazyFunction(lambda: in_days(20))
    capacity = 2
    audience = Course.Audience.MEMBERS


class CourseSessionFactory(DjangoModelFactory):
    class Meta:
        model = CourseSession

    course = factory.SubFactory(CourseFactory)
    date = factory.LazyAttribute(lambda o: o.course.starts_on)
    starts_at = dt.time(14, 0)
    ends_at = dt.time(17, 0)


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"수강생{n}")
    email = factory.Sequence(lambda n: f"learner{n}@example.kr")
    status = Enrolment.Status.ENROLLED


def move_course_to_past(course: Course, days_ago: int = 30) -> None:
    """Time passes: the course (and its sessions) happened ``days_ago`` days ago."""
    shift = course.starts_on - in_days(-days_ago)
    Course.objects.filter(pk=course.pk).update(
        starts_on=course.starts_on - shift, ends_on=course.ends_on - shift
    )
    for session in course.sessions.all():
        CourseSession.objects.filter(pk=session.pk).update(date=session.date - shift)
    course.refresh_from_db()
