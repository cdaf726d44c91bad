"""Course and participant lists as Excel workbooks; cells pass the project's safe writer and
participants' personal data is masked per the viewer's policy."""

from collections.abc import Iterable

from education.access import personal_data
from education.models import Course, Enrolment
from seoul_se.audit.masking import PersonalDataPolicy
from seoul_se.core.excel import Book


def courses_workbook(courses: Iterable[Course]) -> Book:
    workbook = Book()
    sheet = workbook.sheet("교육과정", [22, 36, 12, 12, 8, 10, 8, 8, 8, 12])
    titles = [
        "구분",
        "과정명",
        "시작일",
        "종료일",
        "정원",
        "대상",
        "확정",
        "대기",
        "회차",
        "수료 기준(%)",
    ]
    sheet.header(titles)
    for c in courses:
        sheet.append(
            [
                c.get_kind_display(),
                c.title,
                c.starts_on,
                c.ends_on,
                c.capacity,
                c.get_audience_display(),
                c.enrolled,
                c.waiting,
                c.session_count,
                c.completion_rate,
            ]
        )
    return workbook


def enrolments_workbook(rows: Iterable[Enrolment], *, policy: PersonalDataPolicy) -> Book:
    workbook = Book()
    sheet = workbook.sheet("수강생", [10, 14, 26, 16, 24, 10, 18, 10])
    titles = [
        "신청 번호",
        "이름",
        "이메일",
        "전화번호",
        "소속 기업",
        "상태",
        "수료증 번호",
        "만족도",
    ]
    sheet.header(titles)
    for e in rows:
        shown = personal_data(policy, e)
        certificate = getattr(e, "certificate", None)
        survey = getattr(e, "survey", None)
        sheet.append(
            [
                e.pk,
                shown["name"],
                shown["email"],
                shown["phone"],
                e.enterprise.name if e.enterprise else "",
                e.get_status_display(),
                certificate.number if certificate else "",
                survey.rating if survey else "",
            ]
        )
    return workbook
