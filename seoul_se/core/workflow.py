"""Table-driven state machines. Each workflow's allowed transitions are data in its own app
(state → the states it may move to); this class checks a move and explains a refused one.
Recording the move (who, when, why) stays with the app's own transition model."""

from collections.abc import Collection, Mapping

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Choices


class StateMachine:
    def __init__(self, states: type[Choices], transitions: Mapping[str, Collection[str]]) -> None:
        # Every state is listed, final ones with no targets, so a new state cannot be forgotten.
        unlisted = set(states.values) ^ set(transitions)
        if unlisted:
            raise ImproperlyConfigured(f"{states.__name__}: states not in the table {unlisted}")
        self.states = states
        self.transitions = {state: frozenset(targets) for state, targets in transitions.items()}

    def targets(self, current: str) -> frozenset[str]:
        return self.transitions.get(current, frozenset())

    def allowed(self, current: str, target: str) -> bool:
        return target in self.targets(current)

    def label(self, state: str) -> str:
        return str(dict(self.states.choices).get(state, state))

    def check(self, current: str, target: str) -> None:
        """Raise a Korean ValidationError for an illegal move."""
        if not self.allowed(current, target):
            raise ValidationError(
                f"'{self.label(current)}' 상태에서 '{self.label(target)}' 상태로 변경할 수 없습니다.",
                code="illegal_transition",
            )
