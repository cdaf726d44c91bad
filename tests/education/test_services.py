import datetime as dt
import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from openpyxl import Workbook

from education import selectors, services
from education.models import Attendance, Certificate, Course, CourseSession, Enrolment, Survey
from seoul_se.core.imports import services as imports
from tests.education.factories import (
    CourseFactory,
    CourseSessionFactory,
    EnrolmentFactory,
    in_days,
    move_course_to_past,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
E = Enrolment.Status


def approved_member():
    return MembershipFactory().user


def test_session_outside_course_dates_refused(staff):
    course = CourseFactory()
    for date in (course.starts_on - dt.timedelta(days=1), course.ends_on + dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as exc:
            services.add_session(
                actor=staff, course=course, date=date, starts_at=dt.time(10), ends_at=dt.time(12)
            )
        assert exc.value.error_dict["date"][0].code == "session_outside_course"
    with pytest.raises(ValidationError) as exc:
        services.add_session(
            actor=staff,
            course=course,
            date=course.starts_on,
            starts_at=dt.time(12),
            ends_at=dt.time(10),
        )
    assert exc.value.error_dict["ends_at"][0].code == "session_times_reversed"
    assert not CourseSession.objects.exists()
    services.add_session(
        actor=staff, course=course, date=course.ends_on, starts_at=dt.time(10), ends_at=dt.time(12)
    )


def test_only_staff_create_courses(member, staff):
    data = {
        "kind": Course.Kind.AWARENESS,
        "title": "사회적경제 이해",
        "starts_on": in_days(5),
        "ends_on": in_days(4),
        "capacity": 30,
        "audience": Course.Audience.CITIZENS,
    }
    with pytest.raises(PermissionDenied):
        services.save_course(actor=member, data=data)
    with pytest.raises(ValidationError) as exc:
        services.save_course(actor=staff, data=data)
    assert exc.value.error_dict["ends_on"][0].code == "course_dates_reversed"
    course = services.save_course(actor=staff, data={**data, "ends_on": in_days(6)})
    assert course.completion_rate == Decimal("80.00")


def test_waiting_list_and_promotion_in_first_come_order(staff):
    course = CourseFactory(capacity=1)
    first, second, third = (approved_member() for _ in range(3))
    a = services.enrol_member(actor=first, course=course)
    b = services.enrol_member(actor=second, course=course)
    c = services.enrol_member(actor=third, course=course)
    assert [a.status, b.status, c.status] == [E.ENROLLED, E.WAITING, E.WAITING]
    assert selectors.waiting_position(c) == 2
    promoted = services.cancel_enrolment(actor=first, enrolment=a)
    assert promoted == b
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.status, c.status) == (E.ENROLLED, E.WAITING)
    assert selectors.waiting_position(c) == 1
    # Cancelling a waiting place promotes nobody.
    assert services.cancel_enrolment(actor=staff, enrolment=c) is None


def test_enrolment_refused_after_start_twice_and_for_wrong_audience():
    user = approved_member()
    started = CourseFactory(starts_on=in_days(0))
    with pytest.raises(ValidationError) as exc:
        services.enrol_member(actor=user, course=started)
    assert exc.value.code == "course_started"
    course = CourseFactory()
    services.enrol_member(actor=user, course=course)
    with pytest.raises(ValidationError) as exc:
        services.enrol_member(actor=user, course=course)
    assert exc.value.code == "already_enrolled"
    with pytest.raises(PermissionDenied):
        services.enrol_member(actor=user, course=CourseFactory(audience=Course.Audience.CITIZENS))
    assert Enrolment.objects.count() == 1


def test_member_without_approved_enterprise_cannot_enrol():
    with pytest.raises(ValidationError) as exc:
        services.enrol_member(actor=UserFactory(), course=CourseFactory())
    assert exc.value.code == "no_enterprise"


def test_citizen_enrols_with_minimal_data_checked():
    course = CourseFactory(audience=Course.Audience.CITIZENS)
    with pytest.raises(ValidationError) as exc:
        services.enrol_citizen(course=course, name="김시민", email="not-an-email", phone="010")
    assert exc.value.error_dict["email"][0].code == "bad_email"
    with pytest.raises(ValidationError) as exc:
        services.enrol_citizen(course=course, name="김시민", email="a@b.kr", phone="전화")
    assert exc.value.error_dict["phone"][0].code == "bad_phone"
    enrolment = services.enrol_citizen(
        course=course, name=" 김시민 ", email="Kim@Example.KR", phone="010-1234-5678"
    )
    assert (enrolment.name, enrolment.email, enrolment.user) == ("김시민", "kim@example.kr", None)
    with pytest.raises(ValidationError) as exc:
        services.enrol_citizen(course=course, name="김시민", email="kim@example.kr", phone="010")
    assert exc.value.code == "already_enrolled"
    with pytest.raises(ValidationError) as exc:
        services.enrol_citizen(course=CourseFactory(), name="김", email="k@e.kr", phone="010")
    assert exc.value.code == "not_for_citizens"


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_exceed_capacity():
    course = CourseFactory(capacity=3, audience=Course.Audience.CITIZENS)
    barrier = threading.Barrier(8)
    errors = []

    def enrol(n):
        try:
            barrier.wait()
            services.enrol_citizen(
                course=course, name=f"시민{n}", email=f"c{n}@example.kr", phone="010-0000-0000"
            )
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert course.enrolments.filter(status=E.ENROLLED).count() == 3
    assert course.enrolments.filter(status=E.WAITING).count() == 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_each_waiting_person_once(staff):
    course = CourseFactory(capacity=2, audience=Course.Audience.CITIZENS)
    enrolled = [EnrolmentFactory(course=course) for _ in range(2)]
    waiting = [EnrolmentFactory(course=course, status=E.WAITING) for _ in range(3)]
    barrier = threading.Barrier(2)

    def cancel(enrolment):
        try:
            barrier.wait()
            services.cancel_enrolment(actor=staff, enrolment=enrolment)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(e,)) for e in enrolled]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = {e.pk: Enrolment.objects.get(pk=e.pk).status for e in waiting}
    assert statuses == {
        waiting[0].pk: E.ENROLLED,
        waiting[1].pk: E.ENROLLED,
        waiting[2].pk: E.WAITING,
    }


def _held_course(sessions=5, capacity=3):
    course = CourseFactory(capacity=capacity, ends_on=in_days(14))
    for day in range(sessions):
        CourseSessionFactory(course=course, date=course.starts_on + dt.timedelta(days=day))
    people = [EnrolmentFactory(course=course) for _ in range(capacity)]
    move_course_to_past(course)
    return course, people


def test_attendance_completion_and_certificates(staff):
    course, (full, four_of_five, three_of_five) = _held_course()
    attendance = {full: 5, four_of_five: 4, three_of_five: 3}
    for index, session in enumerate(course.sessions.order_by("date")):
        present = [e.pk for e, n in attendance.items() if index < n]
        services.record_attendance(actor=staff, session=session, present=present)
    rates = dict(selectors.attendance_rates(course))
    assert rates[four_of_five] == Decimal("80.00")
    assert rates[three_of_five] == Decimal("60.00")
    issued = services.issue_certificates(actor=staff, course=course)
    assert {c.enrolment for c in issued} == {full, four_of_five}
    # Issuing again skips the people who already have one.
    assert services.issue_certificates(actor=staff, course=course) == []
    numbers = set(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == 2
    found = selectors.certificate_by_number(next(iter(numbers)).lower())
    assert found is not None


def test_attendance_of_future_session_and_of_people_not_enrolled_refused(staff):
    course = CourseFactory()
    session = CourseSessionFactory(course=course)
    person = EnrolmentFactory(course=course)
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(actor=staff, session=session, present=[person.pk])
    assert exc.value.code == "session_future"
    move_course_to_past(course)
    session.refresh_from_db()
    waiting = EnrolmentFactory(course=course, status=E.WAITING)
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(actor=staff, session=session, present=[person.pk, waiting.pk])
    assert exc.value.code == "not_enrolled"
    assert not Attendance.objects.exists()


def test_attendance_above_capacity_refused(staff):
    course, people = _held_course(sessions=1, capacity=2)
    # More confirmed places than the capacity (e.g. entered before the capacity was lowered).
    people.append(EnrolmentFactory(course=course))
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(
            actor=staff, session=course.sessions.get(), present=[p.pk for p in people]
        )
    assert exc.value.code == "attendance_over_capacity"
    assert not Attendance.objects.exists()


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _sheet(staff, session, upload, filename):
    """The attendance sheet through the import framework: checked, then saved when clean."""
    plan, record = imports.dry_run(
        "education.attendance", upload, filename, actor=staff, context={"session": session.pk}
    )
    if plan.ok:
        imports.commit_import(record, actor=staff)
    return plan


def test_attendance_import_xlsx_and_csv(staff):
    course, (a, b, c) = _held_course(sessions=2)
    first, second = course.sessions.order_by("date")
    _sheet(
        staff,
        first,
        _xlsx(
            [
                ["신청 번호", "이름", "출석"],
                [a.pk, a.name, "O"],
                [b.pk, b.name, "X"],
                [c.pk, c.name, "출석"],
            ]
        ),
        "출석부.xlsx",
    )
    assert selectors.present_ids(first) == {a.pk, c.pk}
    csv_text = f"신청 번호,이름,출석\r\n{a.pk},{a.name},x\r\n{b.pk},{b.name},o\r\n"
    _sheet(staff, second, io.BytesIO(("\ufeff" + csv_text).encode()), "a.csv")
    assert selectors.present_ids(second) == {b.pk}


def test_attendance_csv_saved_by_korean_excel_cp949_and_control_characters(staff):
    course, (a, b, _c) = _held_course(sessions=1)
    session = course.sessions.get()
    csv_text = f"신청 번호,이름,출석\r\n{a.pk},{a.name},출석\r\n{b.pk},{b.name},결석\r\n"
    _sheet(staff, session, io.BytesIO(csv_text.encode("cp949")), "a.csv")
    assert selectors.present_ids(session) == {a.pk}
    plan = _sheet(staff, session, io.BytesIO(f"신청 번호,출석\n{b.pk},O\x1b\n".encode()), "a.csv")
    assert [(e.row, e.column, e.code) for e in plan.errors] == [(2, "출석", "control_character")]
    assert selectors.present_ids(session) == {a.pk}


def test_attendance_import_bad_rows_save_nothing(staff):
    course, (a, b, _c) = _held_course(sessions=1)
    session = course.sessions.get()
    plan = _sheet(
        staff,
        session,
        _xlsx([["신청 번호", "출석"], [a.pk, "O"], [b.pk, "maybe"], ["abc", "O"]]),
        "a.xlsx",
    )
    assert [e.code for e in plan.errors] == ["bad_mark", "bad_id"]
    assert [e.row for e in plan.errors] == [3, 4]
    plan = _sheet(staff, session, _xlsx([["신청 번호", "출석"], [99999, "O"]]), "a.xlsx")
    assert [e.code for e in plan.errors] == ["not_enrolled"]
    with pytest.raises(ValidationError) as exc:
        _sheet(staff, session, io.BytesIO(b"MZ\x90\x00"), "a.exe")
    assert exc.value.code == "bad_file_type"
    with pytest.raises(ValidationError):
        _sheet(staff, session, io.BytesIO(b"not a zip"), "a.xlsx")
    assert not Attendance.objects.exists()


def test_certificates_wait_for_the_last_session(staff):
    course = CourseFactory()
    CourseSessionFactory(course=course)
    with pytest.raises(ValidationError) as exc:
        services.issue_certificates(actor=staff, course=course)
    assert exc.value.code == "course_not_over"
    with pytest.raises(ValidationError) as exc:
        services.issue_certificates(actor=staff, course=CourseFactory())
    assert exc.value.code == "no_sessions"


def test_survey_once_after_the_course_with_rating_1_to_5():
    user = approved_member()
    course = CourseFactory()
    enrolment = services.enrol_member(actor=user, course=course)
    with pytest.raises(ValidationError) as exc:
        services.submit_survey(actor=user, enrolment=enrolment, rating=5)
    assert exc.value.code == "course_not_over"
    move_course_to_past(course)
    enrolment.refresh_from_db()
    for bad in (0, 6, "3", None):
        with pytest.raises(ValidationError) as exc:
            services.submit_survey(actor=user, enrolment=enrolment, rating=bad)
        assert exc.value.error_dict["rating"][0].code == "rating_out_of_range"
    services.submit_survey(actor=user, enrolment=enrolment, rating=4, comment="유익")
    with pytest.raises(ValidationError) as exc:
        services.submit_survey(actor=user, enrolment=enrolment, rating=4)
    assert exc.value.code == "survey_exists"
    with pytest.raises(PermissionDenied):
        services.submit_survey(actor=approved_member(), enrolment=enrolment, rating=4)
    assert Survey.objects.count() == 1


def test_yearly_aggregates():
    awareness = CourseFactory(
        kind=Course.Kind.AWARENESS, starts_on=dt.date(2018, 3, 1), ends_on=dt.date(2018, 12, 1)
    )
    for day in range(4):
        CourseSessionFactory(course=awareness, date=dt.date(2018, 3, 1) + dt.timedelta(days=day))
    CourseSessionFactory(course=awareness, date=dt.date(2018, 12, 1))
    academy = CourseFactory(
        kind=Course.Kind.ADVANCED, starts_on=dt.date(2019, 4, 1), ends_on=dt.date(2019, 5, 1)
    )
    CourseSessionFactory(course=academy, date=dt.date(2019, 4, 1))
    EnrolmentFactory.create_batch(3, course=academy)
    EnrolmentFactory(course=academy, status=E.WAITING)
    EnrolmentFactory(course=academy, status=E.CANCELLED)
    assert selectors.awareness_sessions(2018, 2018).count() == 5
    assert selectors.awareness_sessions(2019, 2019).count() == 0
    assert selectors.sessions_held(2018, 2019).count() == 6
    assert selectors.courses_run(2019, 2019).count() == 1
    assert selectors.courses_run(2018, 2019, Course.Kind.AWARENESS).count() == 1
    assert selectors.participants(2019, 2019).count() == 3
    assert selectors.completions(2019, 2019).count() == 0
    assert selectors.yearly_summary(2019)["participants"] == 3
