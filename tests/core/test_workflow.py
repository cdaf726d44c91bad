import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models

from seoul_se.core.workflow import StateMachine


class Door(models.TextChoices):
    OPEN = "open", "열림"
    CLOSED = "closed", "닫힘"
    LOCKED = "locked", "잠김"


def test_moves_are_checked_against_the_table():
    door = StateMachine(
        Door, {Door.OPEN: {Door.CLOSED}, Door.CLOSED: {Door.OPEN, Door.LOCKED}, Door.LOCKED: set()}
    )
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
        StateMachine(Door, {Door.OPEN: {Door.CLOSED}, Door.CLOSED: {Door.OPEN}})
