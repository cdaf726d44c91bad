import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models

from kpis.models import ManualEntry, ManualEntryTransition
from seoul_se.accounts.models import Role
from seoul_se.core.workflow import Action, StateMachine, TransitionDenied
from tests.kpis.factories import IndicatorFactory, evidence


class Door(models.TextChoices):
    OPEN = "open", "열림"
    CLOSED = "closed", "닫힘"
    LOCKED = "locked", "잠김"


STAFF = frozenset({Role.CENTRE_STAFF})
DOOR_ACTIONS = [
    Action("close", frozenset({Door.OPEN}), Door.CLOSED, STAFF, "닫기"),
    Action("open", frozenset({Door.CLOSED}), Door.OPEN, STAFF, "열기"),
    Action("lock", frozenset({Door.CLOSED}), Door.LOCKED, STAFF, "잠그기"),
]


def test_moves_are_checked_against_the_table():
    door = StateMachine(Door, DOOR_ACTIONS, initial=[Door.OPEN])
    assert door.allowed(Door.CLOSED, Door.LOCKED)
    assert door.targets(Door.CLOSED) == {Door.OPEN, Door.LOCKED}
    assert not door.allowed(Door.OPEN, Door.LOCKED)
    door.check(Door.OPEN, Door.CLOSED)
    with pytest.raises(ValidationError) as exc:
        door.check(Door.LOCKED, Door.OPEN)
    assert exc.value.messages == ["'잠김' 상태에서 '열림' 상태로 변경할 수 없습니다."]
    assert exc.value.code == "illegal_transition"


def test_every_state_must_be_in_the_table():
    with pytest.raises(ImproperlyConfigured, match="locked"):
        StateMachine(Door, DOOR_ACTIONS[:2], initial=[Door.OPEN])


# --- the shared helper every app's machine goes through ----------------------------------


def assert_machine_complete(machine: StateMachine) -> None:
    """A workflow table every app checks in its tests: each action has a label and roles that
    exist, and every state is reachable from an initial one (by actions or as derived)."""
    assert machine.initial, "declare the states a record is created in"
    for action in machine.actions.values():
        assert str(action.label), action.name
        assert action.roles <= set(Role.values), action.name
    reachable = set(machine.initial) | set(machine.derived)
    frontier = list(reachable)
    while frontier:
        for target in machine.targets(frontier.pop()):
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(machine.states.values), set(machine.states.values) - reachable


# --- actions: roles, state, condition, comment, record ------------------------------------

E = ManualEntry.Status
WAITING = frozenset({E.SUBMITTED})


def _not_mine(entry, user):
    if entry.entered_by_id == user.pk:
        raise ValidationError("본인 것", code="own")


MACHINE = StateMachine(
    E,
    [
        Action("approve", WAITING, E.APPROVED, frozenset({Role.OFFICIAL}), "승인", guard=_not_mine),
        Action(
            "reject", WAITING, E.REJECTED, frozenset({Role.OFFICIAL}), "반려", needs_comment="사유!"
        ),
        Action("expire", WAITING, E.WITHDRAWN, frozenset(), "기한 만료"),
    ],
    initial=WAITING,
    record=ManualEntryTransition,
)


@pytest.fixture
def entry(staff):
    return ManualEntry.objects.create(
        indicator=IndicatorFactory(), value=1, unit="건", evidence=evidence(), entered_by=staff
    )


def test_a_complete_table_passes_the_helper():
    assert_machine_complete(MACHINE)
    # withdrawn is in the table (a source) but no move leads there
    stranded = StateMachine(
        E,
        [
            Action("approve", WAITING, E.APPROVED, frozenset({Role.OFFICIAL}), "승인"),
            Action("undo", frozenset({E.WITHDRAWN}), E.REJECTED, frozenset({Role.OFFICIAL}), "x"),
        ],
        initial=WAITING,
    )
    with pytest.raises(AssertionError, match="withdrawn"):
        assert_machine_complete(stranded)


def test_every_state_must_appear_among_the_actions():
    with pytest.raises(ImproperlyConfigured, match="withdrawn"):
        StateMachine(
            E,
            [
                Action("approve", WAITING, E.APPROVED, frozenset({Role.OFFICIAL}), "승인"),
                Action("reject", WAITING, E.REJECTED, frozenset({Role.OFFICIAL}), "반려"),
            ],
        )
    with pytest.raises(ImproperlyConfigured, match="lost"):
        StateMachine(
            E,
            [Action("lose", WAITING, "lost", frozenset(), "x")],
            derived={E.APPROVED, E.REJECTED, E.WITHDRAWN},
        )


def test_allowed_actions_follow_state_role_and_condition(entry, staff, official, make_user):
    assert [a.name for a in MACHINE.allowed_actions(entry, official)] == ["approve", "reject"]
    assert MACHINE.allowed_actions(entry, staff) == []  # wrong role
    assert MACHINE.allowed_actions(entry, None) == []
    entry.entered_by = official  # the condition hides approve from its author
    assert [a.name for a in MACHINE.allowed_actions(entry, official)] == ["reject"]
    entry.status = E.APPROVED
    assert MACHINE.allowed_actions(entry, make_user("official")) == []  # a final state


def test_apply_records_the_move(entry, official):
    record = MACHINE.apply(entry, "approve", actor=official, comment="확인")
    entry.refresh_from_db()
    assert entry.status == E.APPROVED
    assert (record.entry, record.from_status, record.to_status, record.actor, record.comment) == (
        entry,
        E.SUBMITTED,
        E.APPROVED,
        official,
        "확인",
    )
    assert record.created_at is not None
    assert list(ManualEntryTransition.objects.values_list("to_status", flat=True)) == ["approved"]


def test_apply_saves_extra_fields_with_the_status(entry, official):
    MACHINE.apply(entry, "approve", actor=official, fields={"approved_by": official})
    entry.refresh_from_db()
    assert entry.approved_by == official


def test_a_role_not_in_the_table_is_refused(entry, staff):
    with pytest.raises(PermissionDenied) as exc:
        MACHINE.apply(entry, "approve", actor=staff)
    assert isinstance(exc.value, TransitionDenied) and exc.value.code == "role_not_allowed"
    assert str(exc.value) == "'승인' 처리를 할 권한이 없습니다."
    entry.refresh_from_db()
    assert entry.status == E.SUBMITTED and not ManualEntryTransition.objects.exists()


def test_an_illegal_source_is_refused(entry, official):
    MACHINE.apply(entry, "reject", actor=official, comment="부족")
    with pytest.raises(ValidationError) as exc:
        MACHINE.apply(entry, "approve", actor=official)
    assert exc.value.code == "illegal_transition"
    assert exc.value.messages == ["'반려' 상태에서 '승인' 상태로 변경할 수 없습니다."]
    assert ManualEntryTransition.objects.count() == 1


def test_the_condition_and_the_comment_are_checked(entry, official):
    entry.entered_by = official
    with pytest.raises(ValidationError) as exc:
        MACHINE.apply(entry, "approve", actor=official)
    assert exc.value.code == "own"
    with pytest.raises(ValidationError) as exc:
        MACHINE.apply(entry, "reject", actor=official, comment="  ")
    assert exc.value.error_dict["comment"][0].code == "comment_required"
    assert exc.value.message_dict == {"comment": ["사유!"]}
    with pytest.raises(ValidationError) as exc:
        MACHINE.apply(entry, "nope", actor=official)
    assert exc.value.code == "unknown_action"
    assert not ManualEntryTransition.objects.exists()


def test_system_moves_are_taken_by_the_system_only(entry, official, administrator):
    for user in (official, administrator):
        with pytest.raises(TransitionDenied):
            MACHINE.apply(entry, "expire", actor=user)
    with pytest.raises(TransitionDenied):
        MACHINE.apply(entry, "approve", actor=None)  # a user's move is not the system's
    record = MACHINE.apply(entry, "expire", actor=None, comment="기한 경과")
    assert record.actor is None and entry.status == E.WITHDRAWN


def test_start_records_the_creation(entry, staff):
    record = MACHINE.start(entry, actor=staff, comment="제출")
    assert (record.from_status, record.to_status, record.actor) == ("", E.SUBMITTED, staff)
    entry.status = E.APPROVED
    with pytest.raises(ValidationError) as exc:
        MACHINE.start(entry, actor=staff)
    assert exc.value.code == "illegal_transition"


def test_derived_states_move_both_ways_without_backward_actions(entry, staff):
    ledger = StateMachine(
        E,
        [Action("decide", WAITING, E.APPROVED, frozenset({Role.OFFICIAL}), "결정")],
        initial=WAITING,
        derived={E.APPROVED, E.REJECTED, E.WITHDRAWN},
        record=ManualEntryTransition,
    )
    assert_machine_complete(ledger)
    with pytest.raises(ValidationError) as exc:
        ledger.derive(entry, E.REJECTED)  # not from a state the ledger owns, nor by the table
    assert exc.value.code == "illegal_transition"
    ledger.derive(entry, E.APPROVED, actor=staff, comment="지급")  # into it by the table
    ledger.derive(entry, E.REJECTED, comment="상환")
    assert ledger.derive(entry, E.REJECTED) is None  # nothing changes, nothing recorded
    ledger.derive(entry, E.APPROVED, comment="취소")  # and back
    with pytest.raises(ValidationError):
        ledger.derive(entry, E.SUBMITTED)  # not a derived state
    steps = list(ManualEntryTransition.objects.values_list("from_status", "to_status", "actor"))
    assert steps == [
        ("submitted", "approved", staff.pk),
        ("approved", "rejected", None),
        ("rejected", "approved", None),
    ]
    entry.refresh_from_db()
    assert entry.status == E.APPROVED
