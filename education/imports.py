"""The attendance sheet of one course session ("education.attendance") on the import framework.

The session is the upload's context (``?session=<id>``; only sessions already held). Its
template lists the session's enrolled people with their recorded marks. Natural key: (회차,
신청 번호) — a person's mark is "create" when none is recorded, "change" when it differs,
"unchanged" otherwise. An empty 출석 cell means absent; people not in the file keep their mark.
Written through ``education.services.import_attendance`` (capacity and enrolment re-checked).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from education import access, selectors, services
from education.models import CourseSession
from seoul_se.core.imports.kinds import (
    Column,
    ContextField,
    ContextKind,
    Plan,
    PlannedRow,
    RowError,
    Rows,
    register,
)
from seoul_se.core.imports.parsing import cell_text, parse_text

PRESENT_WORDS = {"o", "○", "y", "yes", "1", "true", "출석", "참석"}
ABSENT_WORDS = {"x", "×", "n", "no", "0", "false", "결석", "불참"}
CHOICES_SHOWN = 300  # latest held sessions offered on the upload page


def _enrolment_id(value: Any) -> int:
    text = cell_text(value)
    if not text.isdigit() or int(text) <= 0:
        raise ValidationError(_("신청 번호가 올바르지 않습니다."), code="bad_id")
    return int(text)


def _mark(value: Any) -> bool:
    text = parse_text(value, 10).lower()
    if text in PRESENT_WORDS:
        return True
    if text in ABSENT_WORDS:
        return False
    raise ValidationError(_("출석 칸에는 O 또는 X를 적으세요."), code="bad_mark")


ID = Column(
    "enrolment",
    "신청 번호",
    _enrolment_id,
    help="내려받은 출석부의 번호를 그대로 둡니다.",
    aliases=("신청번호", "수강 번호", "수강번호"),
    example=1,
    width=12,
)
PRESENT = Column(
    "present",
    "출석",
    _mark,
    help="출석은 O(출석·참석·Y·1), 결석은 X(결석·불참·N·0) 또는 빈칸",
    aliases=("출석 여부", "출석여부", "참석"),
    example="O",
    width=8,
    empty=False,
)
COLUMNS = (
    ID,
    Column(
        "name",
        "이름",
        lambda value: parse_text(value, 100),
        required=False,
        help="확인용(저장하지 않습니다)",
        aliases=("성명", "수강생"),
        example="홍길동",
        width=20,
    ),
    PRESENT,
)


def _label(session: CourseSession) -> str:
    return f"{session.course.title} · {session.date:%Y-%m-%d} {session.starts_at:%H:%M}"


class AttendanceSheet(ContextKind):
    name = "education.attendance"
    label = gettext_lazy("교육 회차 출석부")
    roles = frozenset(access.EDUCATION_STAFF_ROLES)
    columns = COLUMNS
    context = ContextField(
        "session", gettext_lazy("회차"), gettext_lazy("이미 열린 회차만 고릅니다.")
    )
    key_column = ID
    natural_key_doc = gettext_lazy(
        "회차와 신청 번호가 같으면 같은 사람의 출석입니다. 파일에 없는 사람의 출석은 그대로 둡니다."
    )
    template_name = "출석부_양식.xlsx"
    max_rows = 2_000

    def context_choices(self, key: str, actor: Any) -> list[tuple[str, str]]:
        return [(str(s.pk), _label(s)) for s in selectors.held_sessions()[:CHOICES_SHOWN]]

    def resolve_context(self, values: dict[str, str], *, actor: Any) -> dict[str, Any]:
        # Any held session, also one older than the choices shown (a link from its page).
        raw = str(values.get("session") or "")
        session = selectors.held_sessions().filter(pk=raw).first() if raw.isdigit() else None
        if session is None:
            raise ValidationError(
                _("출석을 올릴 회차를 골라 주세요(이미 열린 회차만)."), code="bad_context"
            )
        return {"session": session.pk, "labels": {"session": _label(session)}}

    def template_rows(self, scope: dict[str, Any]) -> list[list[Any]]:
        session = CourseSession.objects.select_related("course").get(pk=scope["session"])
        marks = selectors.attendance_marks(session)
        return [
            [person.pk, person.name, "O" if marks.get(person.pk) else ""]
            for person in selectors.enrolled_people(session.course)
        ]

    def context_object(self, scope: dict[str, Any]) -> CourseSession:
        return CourseSession.objects.select_related("course").get(pk=scope["session"])

    def row_key(self, values: dict[str, Any]) -> int:
        return values["enrolment"]

    def plan_rows(self, plan: Plan, rows: Rows, context: Any, *, actor: Any) -> None:
        session = context
        enrolled = dict(selectors.enrolled_people(session.course).values_list("pk", "name"))
        stored = selectors.attendance_marks(session)
        for number, values in rows:
            person = values["enrolment"]
            if person not in enrolled:
                plan.errors.append(
                    RowError(
                        number,
                        ID.title,
                        "not_enrolled",
                        _("신청 번호 %(id)s은(는) 이 과정의 수강 확정자가 아닙니다.")
                        % {"id": person},
                        str(person),
                    )
                )
                continue
            before = stored.get(person)
            outcome = (
                "create"
                if before is None
                else "unchanged"
                if before == values["present"]
                else "change"
            )
            mark = _("출석") if values["present"] else _("결석")
            plan.rows.append(
                PlannedRow(
                    number, (session.pk, person), outcome, values, f"{enrolled[person]} {mark}"
                )
            )
        self._check_capacity(plan, session, stored)

    @staticmethod
    def _check_capacity(plan: Plan, session: CourseSession, stored: dict[int, bool]) -> None:
        marked = {row.values["enrolment"]: row.values["present"] for row in plan.rows}
        kept = sum(1 for person, present in stored.items() if present and person not in marked)
        present = kept + sum(marked.values())
        if present > session.course.capacity:
            plan.errors.append(
                RowError(
                    0,
                    PRESENT.title,
                    "attendance_over_capacity",
                    _("출석 인원(%(n)s명)이 정원(%(cap)s명)을 넘습니다.")
                    % {"n": present, "cap": session.course.capacity},
                )
            )

    def write(
        self, rows: list[PlannedRow], context: Any, *, actor: Any, record: Any
    ) -> list[tuple[Any, dict[str, Any] | None]]:
        attendances = services.import_attendance(
            actor=actor,
            session=context,
            marks={row.values["enrolment"]: row.values["present"] for row in rows},
        )
        return [(attendance, None) for attendance in attendances]


register(AttendanceSheet())
