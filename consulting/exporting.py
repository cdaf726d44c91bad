"""The case list as an Excel workbook; every cell goes through the project's safe writer."""

from collections.abc import Iterable

from consulting.models import Case
from seoul_se.core.excel import Book

TITLES = [
    "접수 번호",
    "접수일",
    "기업",
    "구분",
    "분야",
    "접수 경로",
    "상태",
    "담당 직원",
    "외부 전문가",
    "회차",
    "시간",
    "만족도",
    "종결일",
    "사후지원 대상",
]


def cases_workbook(cases: Iterable[Case]) -> Book:
    """``cases`` from ``selectors.for_list`` (session counts and hours annotated)."""
    workbook = Book()
    sheet = workbook.sheet("상담·컨설팅", [14, 12, 28, 10, 10, 12, 10, 12, 16, 6, 8, 8, 12, 14])
    sheet.header(TITLES)
    for case in cases:
        sheet.append(
            [
                case.number,
                case.requested_on,
                case.enterprise.name,
                case.get_kind_display(),
                case.get_field_display(),
                case.get_channel_display(),
                case.get_status_display(),
                case.assignee.name if case.assignee else "",
                case.expert.name if case.expert else "",
                case.session_count,
                case.session_hours or 0,
                case.satisfaction or "",
                case.closed_on or "",
                case.follow_up_of.number if case.follow_up_of_id and case.follow_up_of else "",
            ]
        )
    return workbook
