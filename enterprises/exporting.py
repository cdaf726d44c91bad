"""The registry's Excel export: the filtered list with personal fields masked per role."""

from collections.abc import Iterator

from enterprises.access import personal_data
from enterprises.imports import COLUMNS
from enterprises.models import Enterprise
from seoul_se.audit.masking import PersonalDataPolicy
from seoul_se.core.excel import Book


def export_workbook(rows: Iterator[Enterprise], *, policy: PersonalDataPolicy) -> Book:
    """The filtered list (rows from ``selectors.for_list``) as a workbook; personal fields as
    ``policy`` lets its user see them, every text cell through ``safe_cell`` (``Book`` does it). The columns are the
    roster import's, so an export can be corrected and imported again."""
    workbook = Book()
    sheet = workbook.sheet("기업명부", [c.width for c in COLUMNS] + [10, 30])
    sheet.header([c.title for c in COLUMNS] + ["확인 상태", "현재 인증·지정"])
    for enterprise in rows:
        personal = personal_data(policy, enterprise)
        sheet.append(
            [
                enterprise.name,
                enterprise.legal_type.name,
                enterprise.business_number_display,
                enterprise.corporate_number_display,
                personal["representative"],
                enterprise.district.name,
                personal["address"],
                enterprise.founded_on,
                personal["phone"],
                personal["email"],
                enterprise.website,
                # sector_list, current_certifications: prefetched by selectors.for_list
                ", ".join(s.name for s in enterprise.sector_list),
                enterprise.social_mission,
                enterprise.verification_label,
                ", ".join(c.kind_label for c in enterprise.current_certifications),
            ]
        )
    return workbook
