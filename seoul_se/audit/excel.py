"""The access log as an Excel workbook (officials and auditors)."""

from collections.abc import Iterator

from django.utils import timezone

from seoul_se.audit.models import AccessLog
from seoul_se.core.excel import Book

# A cell holds at most 32,767 characters; a long id list is cut with its total kept.
MAX_IDS_TEXT = 32_000

COLUMNS = [
    ("번호", 10),
    ("시각", 20),
    ("사용자", 24),
    ("이메일", 28),
    ("역할", 14),
    ("접속 주소", 16),
    ("작업", 14),
    ("자료 종류", 24),
    ("건수", 8),
    ("자료 번호", 40),
    ("목적", 20),
    ("목적 상세", 30),
    ("요청 주소", 40),
]


def ids_text(ids: list[int]) -> str:
    text = ", ".join(str(pk) for pk in ids)
    if len(text) <= MAX_IDS_TEXT:
        return text
    return text[:MAX_IDS_TEXT].rsplit(",", 1)[0] + f" … (총 {len(ids):,}건)"


def access_log_workbook(rows: Iterator[AccessLog], exported_ids: list[int]) -> Book:
    """Every row of ``rows``; their ids are appended to ``exported_ids`` (for the log itself)."""
    workbook = Book()
    sheet = workbook.sheet("개인정보 접속기록", [width for _title, width in COLUMNS])
    sheet.header([title for title, _width in COLUMNS])
    for row in rows:
        exported_ids.append(row.pk)
        sheet.append(
            [
                row.pk,
                timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
                row.actor.name if row.actor else "",
                row.actor.email if row.actor else "",
                row.role_label,
                row.ip or "",
                row.action_label,
                row.target,
                row.count,
                ids_text(row.record_ids),
                row.purpose_label,
                row.purpose_detail,
                row.path,
            ]
        )
    return workbook
