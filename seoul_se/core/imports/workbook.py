"""A kind's downloadable template: one sheet per data sheet with our headers (required columns
marked ``*``) and an example row, and a second sheet "작성 안내" with each column's help."""

from typing import Any

from django.utils.translation import gettext as _

from seoul_se.core.excel import Book
from seoul_se.core.imports.kinds import ImportKind

GUIDE_SHEET = "작성 안내"


def template_workbook(kind: ImportKind, rows: list[list[Any]] | None = None) -> Book:
    """``rows``: the kind's ``template_rows`` for a chosen context (written instead of the
    example row of a one-sheet kind)."""
    workbook = Book()
    for sheet_name, columns in kind.sheet_columns().items():
        sheet = workbook.sheet(
            (sheet_name or str(kind.label))[:31], [column.width for column in columns]
        )
        sheet.header([c.title + (" *" if c.required else "") for c in columns])
        for row in rows or [[column.example for column in columns]]:
            sheet.append(row)
    guide = workbook.sheet(GUIDE_SHEET, [22, 8, 80])
    guide.header([_("항목"), _("필수"), _("입력 방법")])
    for sheet_name, columns in kind.sheet_columns().items():
        for column in columns:
            title = f"[{sheet_name}] {column.title}" if sheet_name else column.title
            aliases = (
                (_(" (다른 이름: %(names)s)") % {"names": ", ".join(column.aliases)})
                if column.aliases
                else ""
            )
            guide.append([title, "O" if column.required else "", column.help + aliases])
    for item, text in kind.guide():
        guide.append([item, "", text])
    guide.append(["", "", str(kind.natural_key_doc)])
    guide.append(
        [
            "",
            "",
            _(
                "미리 채운 행을 고쳐 입력하세요. 모든 행을 먼저 검사하며, 한 행이라도 오류가 "
                "있으면 아무것도 저장하지 않습니다. 같은 파일을 다시 올려도 두 번 저장되지 않습니다."
            )
            if rows
            else _(
                "예시 행(2행)은 지우고 입력하세요. 모든 행을 먼저 검사하며, 한 행이라도 오류가 "
                "있으면 아무것도 저장하지 않습니다. 같은 파일을 다시 올려도 두 번 저장되지 않습니다."
            ),
        ]
    )
    return workbook
