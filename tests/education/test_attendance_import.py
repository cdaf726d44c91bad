"""The attendance sheet ("education.attendance") on the import framework: scoped to one held
session by the upload's context, natural key (회차, 신청 번호), all or nothing, CP949 CSV and
.xls = .xlsx, the row limit."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from education.imports import AttendanceSheet
from education.models import Attendance, Course, Enrolment
from seoul_se.core.imports import services as imports
from seoul_se.core.models import ImportRecord
from tests.education.factories import (
    CourseFactory,
    CourseSessionFactory,
    in_days,
    move_course_to_past,
)
from tests.factories import sheet_files
from tests.reports.sheets import sheet_file

pytestmark = pytest.mark.django_db
KIND = "education.attendance"
HEADER = ["신청 번호", "이름", "출석"]


def held(people: int = 3, sessions: int = 1):  # type: ignore[no-untyped-def]
    course = CourseFactory(capacity=people, ends_on=in_days(14))
    for day in range(sessions):
        CourseSessionFactory(course=course, date=course.starts_on + dt.timedelta(days=day))
    enrolled = Enrolment.objects.bulk_create(
        Enrolment(
            course=course,
            name=f"수강생{i}",
            email=f"p{i}@example.kr",
            status=Enrolment.Status.ENROLLED,
        )
        for i in range(people)
    )
    move_course_to_past(course)
    return course, enrolled


def xlsx(rows: list[list[object]]) -> bytes:
    return sheet_files(HEADER, rows)[0]


def check(actor, session, data: bytes, name: str = "출석부.xlsx"):  # type: ignore[no-untyped-def]
    return imports.dry_run(
        KIND, io.BytesIO(data), name, actor=actor, context={"session": session.pk}
    )


def run(actor, session, data: bytes, name: str = "출석부.xlsx"):  # type: ignore[no-untyped-def]
    plan, record = check(actor, session, data, name)
    if plan.ok:
        record = imports.commit_import(record, actor=actor)
    return plan, record


def marks(session) -> dict[int, bool]:  # type: ignore[no-untyped-def]
    return dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "present"))


def test_a_valid_file_imports_exactly(staff):
    course, (a, b, c) = held()
    session = course.sessions.get()
    plan, record = run(
        staff, session, xlsx([[a.pk, a.name, "O"], [b.pk, b.name, None], [c.pk, "", "결석"]])
    )
    assert plan.totals == {"create": 3, "change": 0, "unchanged": 0}
    assert record.state == ImportRecord.State.COMMITTED
    assert record.scope["session"] == session.pk
    assert marks(session) == {a.pk: True, b.pk: False, c.pk: False}
    assert set(Attendance.objects.values_list("recorded_by", flat=True)) == {staff.pk}
    assert sorted(record.imported.values_list("row", "outcome")) == [
        (2, "create"),
        (3, "create"),
        (4, "create"),
    ]


def test_one_bad_row_among_1000_saves_nothing_and_is_named(staff):
    course, people = held(people=1_000)
    session = course.sessions.get()
    rows: list[list[object]] = [[p.pk, p.name, "O" if i % 2 else "X"] for i, p in enumerate(people)]
    rows[411][2] = "maybe"  # sheet row 413
    plan, record = run(staff, session, xlsx(rows))
    assert [(e.row, e.column, e.code) for e in plan.errors] == [(413, "출석", "bad_mark")]
    assert record.state == ImportRecord.State.REFUSED and record.rows == 1_000
    assert not Attendance.objects.exists()


def test_a_sheet_over_the_row_limit_is_refused_with_its_code(staff):
    # The kind takes at most 2,000 rows (max_rows): a session's sheet of 10,000 people is
    # refused by its size, before any row is read as a mark; 2,000 are still read.
    assert AttendanceSheet.max_rows == 2_000
    course, people = held(people=2_001)
    session = course.sessions.get()
    rows: list[list[object]] = [[p.pk, p.name, "O"] for p in people]
    plan, _record = check(staff, session, xlsx(rows[:2_000]))
    assert plan.ok and plan.totals == {"create": 2_000, "change": 0, "unchanged": 0}
    with pytest.raises(ValidationError) as info:
        check(staff, session, xlsx(rows))
    assert info.value.code == "too_many_rows" and "2,000행" in info.value.messages[0]
    assert not Attendance.objects.exists()
    assert ImportRecord.objects.count() == 1  # the 2,000-row check only


def test_the_same_file_twice_changes_nothing_and_others_keep_their_mark(staff):
    course, (a, b, c) = held()
    session = course.sessions.get()
    run(staff, session, xlsx([[c.pk, c.name, "O"]]))
    data = xlsx([[a.pk, a.name, "O"], [b.pk, b.name, "X"]])
    plan, _record = run(staff, session, data)
    assert plan.totals == {"create": 2, "change": 0, "unchanged": 0}
    assert marks(session) == {a.pk: True, b.pk: False, c.pk: True}  # c not in the file: kept
    saved = list(Attendance.objects.order_by("pk").values())
    plan, record = run(staff, session, data)
    assert plan.totals == {"create": 0, "change": 0, "unchanged": 2}
    assert list(Attendance.objects.order_by("pk").values()) == saved
    assert record.imported.count() == 0
    plan, record = run(staff, session, xlsx([[b.pk, b.name, "O"]]))
    assert plan.totals == {"create": 0, "change": 1, "unchanged": 0}
    assert marks(session)[b.pk] is True


@pytest.mark.parametrize("fmt", ["csv", "xls"])
def test_cp949_csv_and_xls_read_the_same_as_xlsx(staff, fmt):
    course, (a, b, c) = held()
    session = course.sessions.get()
    rows: list[list[object]] = [
        [a.pk, "김철수", "출석"],
        [b.pk, "이영희", "불참"],
        [c.pk, "박민수", "○"],
    ]
    from_xlsx, _ = check(staff, session, xlsx(rows))
    other = sheet_file(HEADER, rows, fmt).getvalue()
    from_other, record = check(staff, session, other, f"출석부.{fmt}")
    assert from_other.ok and from_xlsx.ok and len(from_xlsx.rows) == 3
    assert [(r.row, r.key, r.outcome, r.values) for r in from_other.rows] == [
        (r.row, r.key, r.outcome, r.values) for r in from_xlsx.rows
    ]
    imports.commit_import(record, actor=staff)
    assert marks(session) == {a.pk: True, b.pk: False, c.pk: True}


def test_over_capacity_future_session_other_course_and_roles_are_refused(staff, auditor, member):
    course, (a, b) = held(people=2)
    session = course.sessions.get()
    Course.objects.filter(pk=course.pk).update(capacity=1)
    plan, _record = run(staff, session, xlsx([[a.pk, a.name, "O"], [b.pk, b.name, "O"]]))
    assert [(e.row, e.code) for e in plan.errors] == [(0, "attendance_over_capacity")]
    _other, (stranger,) = held(people=1)
    plan, _record = run(staff, session, xlsx([[stranger.pk, stranger.name, "O"]]))
    assert [(e.row, e.column, e.code) for e in plan.errors] == [(2, "신청 번호", "not_enrolled")]
    upcoming = CourseSessionFactory(course=CourseFactory())
    with pytest.raises(ValidationError) as info:
        check(staff, upcoming, xlsx([[a.pk, a.name, "O"]]))
    assert info.value.code == "bad_context"
    for user in (auditor, member):
        with pytest.raises(PermissionDenied):
            check(user, session, xlsx([[a.pk, a.name, "O"]]))
    assert not Attendance.objects.exists()


def test_pages_lead_to_the_import_with_the_session(client, staff):
    course, (a, b, _c) = held()
    session = course.sessions.get()
    run(staff, session, xlsx([[b.pk, b.name, "O"]]))
    client.force_login(staff)
    page = client.get(f"/education/sessions/{session.pk}/attendance/").content.decode()
    upload = f"/imports/education.attendance/?session={session.pk}"
    assert f'href="{upload}"' in page
    form = client.get(upload).content.decode()
    assert f'<option value="{session.pk}" selected>' in form
    # The session's template: its enrolled people with their recorded marks.
    response = client.get(f"/education/sessions/{session.pk}/attendance.xlsx", follow=True)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("신청 번호 *", "이름", "출석 *")
    assert {row[0]: row[2] for row in rows[1:]} == {
        p.pk: m for p, m in ((a, None), (b, "O"), (_c, None))
    }
    # A sheet posted to the former form is not read as "everyone absent".
    stale = client.post(
        f"/education/sessions/{session.pk}/attendance/",
        {"sheet": SimpleUploadedFile("출석부.xlsx", xlsx([[a.pk, a.name, "O"]]))},
    )
    assert stale.status_code == 302 and stale["Location"] == upload
    assert marks(session) == {b.pk: True}
