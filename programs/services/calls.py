"""Setup records: programs, rule rows, calls, review criteria and extra questions (validated and
saved here; the audit trail records every change)."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model

from programs.models import (
    Call,
    CallQuestion,
    Program,
    ProgramRule,
    ReviewCriterion,
)
from seoul_se.access import OFFICIAL_ROLES, STAFF_ROLES, require_role
from seoul_se.accounts.models import User

Record = TypeVar("Record", bound=Model)


def _save_record(record: Record, data: Mapping[str, Any], *, actor: User, roles: Any) -> Record:
    """Set ``data`` on a setup record, validate and save it (the audit trail records it)."""
    require_role(actor, roles)
    related = {}
    for name, value in data.items():
        if record._meta.get_field(name).many_to_many:
            related[name] = value
        else:
            setattr(record, name, value)
    record.full_clean()
    record.save()
    for name, value in related.items():
        getattr(record, name).set(value)
    return record


@transaction.atomic
def save_program(program: Program | None, data: Mapping[str, Any], *, actor: User) -> Program:
    return _save_record(program or Program(), data, actor=actor, roles=OFFICIAL_ROLES)


@transaction.atomic
def save_rule(
    program: Program, rule: ProgramRule | None, data: Mapping[str, Any], *, actor: User
) -> ProgramRule:
    return _save_record(
        rule or ProgramRule(program=program), data, actor=actor, roles=OFFICIAL_ROLES
    )


@transaction.atomic
def save_call(call: Call | None, data: Mapping[str, Any], *, actor: User) -> Call:
    return _save_record(call or Call(), data, actor=actor, roles=STAFF_ROLES)


@transaction.atomic
def add_criterion(call: Call, data: Mapping[str, Any], *, actor: User) -> ReviewCriterion:
    return _save_record(ReviewCriterion(call=call), data, actor=actor, roles=STAFF_ROLES)


@transaction.atomic
def add_question(call: Call, data: Mapping[str, Any], *, actor: User) -> CallQuestion:
    return _save_record(CallQuestion(call=call), data, actor=actor, roles=STAFF_ROLES)
