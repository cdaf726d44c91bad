"""Demo courses reproducing the seeds: 2018 인식 개선 교육 47회, 아카데미 전문심화 3과정 and
맞춤형 8과정, 인재양성 전략기획연수 19명 and 기술연수 34명 (performance report); 2019 7 courses with 410 participants (2020 plan); and one
upcoming members' course to enrol in. Idempotent by course title."""

import datetime as dt
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from education.models import Course, CourseSession, Enrolment

AWARENESS_2018 = "2018 사회적경제 인식 개선 교육"
COURSES_2019 = [
    ("2019 사회적경제 아카데미 기본과정", Course.Kind.ADVANCED, 80),
    ("2019 사회적경제 아카데미 심화과정", Course.Kind.ADVANCED, 70),
    ("2019 협동조합 경영전략 과정", Course.Kind.TAILORED, 60),
    ("2019 마을기업 역량강화 과정", Course.Kind.TAILORED, 60),
    ("2019 돌봄 분야 맞춤형 과정", Course.Kind.TAILORED, 50),
    ("2019 사회적경제 공무원 과정", Course.Kind.TAILORED, 50),
    ("2019 공동주택 코디네이터 양성과정", Course.Kind.TRAINING, 40),
]  # capacities total 410: every place taken
TRAINING_2018 = [
    ("2018 인재양성 전략기획연수", Course.Kind.STRATEGY_TRAINING, 19),
    ("2018 인재양성 기술연수", Course.Kind.TECHNICAL_TRAINING, 34),
]  # every place taken: 19명 and 34명


def _course(
    title: str, kind: str, start: dt.date, end: dt.date, capacity: int, audience: str
) -> tuple[Course, bool]:
    return Course.objects.get_or_create(
        title=title,
        defaults={
            "kind": kind,
            "starts_on": start,
            "ends_on": end,
            "capacity": capacity,
            "audience": audience,
        },
    )


def _fill(course: Course, tag: str) -> None:
    """Four weekly sessions and every place taken by a confirmed participant."""
    CourseSession.objects.bulk_create(
        CourseSession(
            course=course,
            date=course.starts_on + dt.timedelta(days=7 * w),
            starts_at=dt.time(10),
            ends_at=dt.time(13),
            topic=f"{w + 1}주차",
        )
        for w in range(4)
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            course=course,
            name=f"수강생{tag}-{p + 1}",
            email=f"learner{tag}-{p + 1}@demo.seoul-se.kr",
            status=Enrolment.Status.ENROLLED,
        )
        for p in range(course.capacity)
    )


@transaction.atomic
def load(out: TextIO) -> None:
    created = 0
    awareness, new = _course(
        AWARENESS_2018,
        Course.Kind.AWARENESS,
        dt.date(2018, 3, 5),
        dt.date(2018, 12, 14),
        40,
        Course.Audience.CITIZENS,
    )
    if new:
        # 47 sessions (target 10회), about one a week from March.
        CourseSession.objects.bulk_create(
            CourseSession(
                course=awareness,
                date=awareness.starts_on + dt.timedelta(days=6 * n),
                starts_at=dt.time(14),
                ends_at=dt.time(16),
                topic=f"찾아가는 인식 개선 교육 {n + 1}회",
            )
            for n in range(47)
        )
        created += 1
    for n in range(3):
        created += _course(
            f"2018 전문심화과정 {n + 1}",
            Course.Kind.ADVANCED,
            dt.date(2018, 4 + n, 1),
            dt.date(2018, 4 + n, 28),
            30,
            Course.Audience.MEMBERS,
        )[1]
    for n in range(8):
        created += _course(
            f"2018 업종·대상별 맞춤형과정 {n + 1}",
            Course.Kind.TAILORED,
            dt.date(2018, 3 + n, 10),
            dt.date(2018, 3 + n, 24),
            25,
            Course.Audience.MEMBERS,
        )[1]
    for year, courses in ((2018, TRAINING_2018), (2019, COURSES_2019)):
        for index, (title, kind, capacity) in enumerate(courses):
            course, new = _course(
                title,
                kind,
                dt.date(year, 3 + index, 4),
                dt.date(year, 3 + index, 29),
                capacity,
                Course.Audience.MEMBERS,
            )
            if new:
                created += 1
                _fill(course, f"{year}-{index + 1}")
    start = timezone.localdate() + dt.timedelta(days=30)
    created += _course(
        "사회적경제기업 회계 실무 (모집 중)",
        Course.Kind.TAILORED,
        start,
        start + dt.timedelta(days=14),
        20,
        Course.Audience.MEMBERS,
    )[1]
    created += _course(
        "시민과 함께하는 사회적경제 이해 (모집 중)",
        Course.Kind.AWARENESS,
        start,
        start + dt.timedelta(days=7),
        30,
        Course.Audience.CITIZENS,
    )[1]
    out.write(f"education: {created} demo courses\n")
