"""신고하지 않은 심사위원 이해충돌: a reviewer assigned to a call in which an applicant shares
the reviewer's e-mail or phone, or is represented by someone of the reviewer's name, and the
reviewer did not declare a conflict on that application. Not flagged: a declared conflict, or
no shared contact.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from integrity.models import Rule
from integrity.rules import Finding, Subject, application_subject
from integrity.rules.linked_applicants import normalised
from programs import selectors as programs

RULE = Rule.REVIEWER_CONFLICT


def full() -> Iterator[Finding]:
    for row in programs.reviewer_pairs().iterator(chunk_size=5000):
        if row["declared"]:
            continue
        shared = []
        email = normalised("enterprise__email", row["call__assignments__reviewer__email"])
        if email and email == normalised("enterprise__email", row["enterprise__email"]):
            shared.append(_("이메일"))
        phone = normalised("enterprise__phone", row["call__assignments__reviewer__phone"])
        if phone and phone == normalised("enterprise__phone", row["enterprise__phone"]):
            shared.append(_("전화번호"))
        name = normalised("enterprise__representative", row["call__assignments__reviewer__name"])
        if name and name == normalised(
            "enterprise__representative", row["enterprise__representative"]
        ):
            shared.append(_("대표자 이름"))
        if not shared:
            continue
        reviewer = Subject(
            "reviewer",
            row["call__assignments__reviewer_id"],
            row["call__assignments__reviewer__name"],
            "",
        )
        application = application_subject(row)
        explanation = _(
            "심사위원 %(reviewer)s이(가) 신청 기업 %(name)s과(와) %(what)s이(가) 같지만 "
            "이해충돌을 신고하지 않았습니다."
        ) % {"reviewer": reviewer.label, "name": row["enterprise__name"], "what": ", ".join(shared)}
        yield Finding(
            RULE,
            f"reviewer{reviewer.id}:application{application.id}",
            explanation,
            (application, reviewer),
        )
