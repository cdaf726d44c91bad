"""One way to change a record's status: a table of actions, checked, applied and recorded.

Each app declares its machine in its own ``workflow.py``: the actions (name, from which states,
to which, the roles that may take them, a Korean label) and its named state sets. Pages, API
and templates ask the machine which actions a user may take on a record
(:meth:`StateMachine.allowed_actions`); services take them with :meth:`StateMachine.apply`,
which checks role, state and the action's own condition, sets the status and writes one row
of the app's :class:`~seoul_se.core.models.TransitionRecord` subclass. Statuses that follow
from other data (a loan's status from its ledger) are set by :meth:`StateMachine.derive`
without backward moves in the table. Locking is the calling service's job.

See docs/architecture.md, "State changes".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Choices, Model
from django.utils.translation import gettext as _

from seoul_se.access import has_role
from seoul_se.accounts.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from seoul_se.core.models import TransitionRecord

# An action's own condition on the record and the user (e.g. "never the author"): it raises
# ValidationError or PermissionDenied with a stable code; the action is then neither shown
# nor allowed.
Guard = Callable[[Any, "User"], None]
BULK_BATCH = 2_000  # transition rows per insert of :meth:`StateMachine.start_all`


class TransitionDenied(PermissionDenied):
    """A user may not take this action (role or the action's condition); ``code`` says why."""

    def __init__(self, message: StrOrPromise, code: str = "role_not_allowed") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Action:
    """One move of a workflow. ``roles`` empty: a system move that no user takes by hand."""

    name: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: StrOrPromise
    asks_comment: bool = False  # pages offer a comment box
    # Set: a comment is required, and this is the message when it is missing (for the field
    # "comment", code "comment_required").
    needs_comment: StrOrPromise = ""
    primary: bool = False  # the page's main button
    done: StrOrPromise = ""  # the page's success message
    guard: Guard | None = None
    # Set: the step cannot be undone, and this says what will happen; pages ask before it is
    # taken (modal, or the confirmation page without JavaScript: seoul_se/core/confirm.py).
    confirm: StrOrPromise = ""

    @property
    def comment_box(self) -> bool:
        return self.asks_comment or bool(self.needs_comment)

    def may(self, user: User | AnonymousUser | None) -> bool:
        """By role: a user holding one of ``roles``; the system (None) only for system moves."""
        return not self.roles if user is None else has_role(user, self.roles)


class StateMachine:
    """A workflow's table. Every state must appear in it (as a source, a target, an initial or
    a derived state), so a new state cannot be forgotten.

    ``actions`` is the sequence of :class:`Action` that make up the table.
    """

    def __init__(
        self,
        states: type[Choices],
        actions: Iterable[Action],
        *,
        field: str = "status",
        initial: Collection[str] = (),
        derived: Collection[str] = (),
        record: type[TransitionRecord] | None = None,
    ) -> None:
        self.states = states
        self.field = field
        self.initial = frozenset(initial)
        self.derived = frozenset(derived)
        self.record = record
        self.actions: dict[str, Action] = {}
        known = set(states.values)
        moves: dict[str, set[str]] = {state: set() for state in known}
        for action in actions:
            if action.name in self.actions:
                raise ImproperlyConfigured(f"{states.__name__}: two actions {action.name!r}")
            self.actions[action.name] = action
            for source in action.sources:
                moves.setdefault(source, set()).add(action.target)
        used = set().union(*(action.sources | {action.target} for action in self.actions.values()))
        unlisted = known - used - self.initial - self.derived
        if unlisted:
            raise ImproperlyConfigured(f"{states.__name__}: states not in the table {unlisted}")
        unknown = (used | self.initial | self.derived) - known
        if unknown:
            raise ImproperlyConfigured(f"{states.__name__}: unknown states {unknown}")
        self.transitions = {state: frozenset(targets) for state, targets in moves.items()}

    # --- the table ----------------------------------------------------------------------

    def label(self, state: str) -> str:
        return str(dict(self.states.choices).get(state, state))

    def targets(self, current: str) -> frozenset[str]:
        return self.transitions.get(current, frozenset())

    def allowed(self, current: str, target: str) -> bool:
        return target in self.targets(current)

    def check(self, current: str, target: str) -> None:
        """Raise ValidationError (code "illegal_transition") for a move not in the table."""
        if not self.allowed(current, target):
            raise self._illegal(current, target)

    def action(self, name: str) -> Action:
        try:
            return self.actions[name]
        except KeyError:
            raise ValidationError(
                _("알 수 없는 처리입니다: %(name)s") % {"name": name}, code="unknown_action"
            ) from None

    def allowed_actions(self, obj: Model, user: User | AnonymousUser | None) -> list[Action]:
        """The actions ``user`` may take on ``obj`` now, in table order (for pages and API)."""
        current = getattr(obj, self.field)
        allowed = []
        for action in self.actions.values():
            if not isinstance(user, User) or current not in action.sources or not action.may(user):
                continue
            if action.guard is not None:
                try:
                    action.guard(obj, user)
                except (ValidationError, PermissionDenied):
                    continue
            allowed.append(action)
        return allowed

    # --- moves --------------------------------------------------------------------------

    def apply(
        self,
        obj: Model,
        name: str,
        *,
        actor: User | None,
        comment: str = "",
        fields: Mapping[str, Any] | None = None,
    ) -> TransitionRecord:
        """Take action ``name`` on ``obj`` (already locked by the caller) and record it.

        ``actor`` None is the system and may take only system moves (no roles). ``fields`` are
        set and saved together with the status (e.g. who decided and when).
        """
        action = self.action(name)
        if not action.may(actor):
            raise TransitionDenied(
                _("'%(action)s' 처리를 할 권한이 없습니다.") % {"action": action.label}
            )
        current = getattr(obj, self.field)
        if current not in action.sources:
            raise self._illegal(current, action.target)
        if action.guard is not None and actor is not None:
            action.guard(obj, actor)
        if action.needs_comment and not comment.strip():
            raise ValidationError(
                {"comment": ValidationError(action.needs_comment, code="comment_required")}
            )
        return self._move(obj, action.target, actor, comment, fields or {})

    def start(self, obj: Model, *, actor: User | None, comment: str = "") -> TransitionRecord:
        """Record the creation of ``obj`` in its initial state ('' → state)."""
        current = self._check_initial(obj)
        return self._record(obj, "", current, actor, comment)

    def start_all(
        self, objs: Sequence[Model], *, actor: User | None, comment: str = ""
    ) -> list[TransitionRecord]:
        """:meth:`start` for records created in bulk: the same check, the rows in one insert
        per batch (their audit entries are the caller's, as for any bulk write)."""
        for obj in objs:
            self._check_initial(obj)
        records = [
            self._new_record(obj, "", getattr(obj, self.field), actor, comment) for obj in objs
        ]
        assert self.record is not None
        return self.record._default_manager.bulk_create(records, batch_size=BULK_BATCH)

    def _check_initial(self, obj: Model) -> str:
        current: str = getattr(obj, self.field)
        if current not in self.initial:
            raise ValidationError(
                _("'%(state)s' 상태로 시작할 수 없습니다.") % {"state": self.label(current)},
                code="illegal_transition",
            )
        return current

    def derive(
        self,
        obj: Model,
        target: str,
        *,
        actor: User | None = None,
        comment: str = "",
        fields: Mapping[str, Any] | None = None,
    ) -> TransitionRecord | None:
        """Set a status that follows from other data (a ledger): allowed between derived states
        in any direction, or into one by a move of the table. None when nothing changes."""
        current = getattr(obj, self.field)
        if current == target:
            return None
        if target not in self.derived or not (
            current in self.derived or self.allowed(current, target)
        ):
            raise self._illegal(current, target)
        return self._move(obj, target, actor, comment, fields or {})

    def _move(
        self, obj: Model, target: str, actor: User | None, comment: str, fields: Mapping[str, Any]
    ) -> TransitionRecord:
        record = self._record(obj, getattr(obj, self.field), target, actor, comment)
        setattr(obj, self.field, target)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save(update_fields=[self.field, *fields])
        return record

    def _record(
        self, obj: Model, current: str, target: str, actor: User | None, comment: str
    ) -> TransitionRecord:
        record = self._new_record(obj, current, target, actor, comment)
        record.save(force_insert=True)
        return record

    def _new_record(
        self, obj: Model, current: str, target: str, actor: User | None, comment: str
    ) -> TransitionRecord:
        if self.record is None:
            raise ImproperlyConfigured(f"{self.states.__name__}: no transition record model")
        return self.record(
            **self.record.subject_of(obj),
            from_status=current,
            to_status=target,
            actor=actor,
            comment=comment,
        )

    def _illegal(self, current: str, target: str) -> ValidationError:
        return ValidationError(
            _("'%(current)s' 상태에서 '%(target)s' 상태로 변경할 수 없습니다.")
            % {"current": self.label(current), "target": self.label(target)},
            code="illegal_transition",
        )
