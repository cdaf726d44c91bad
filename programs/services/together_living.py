"""같이살림: complexes, workshops, stage years, living problems, self-help groups and matches."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises import selectors as enterprise_selectors
from enterprises.models import Enterprise
from programs.models import (
    ApartmentComplex,
    ComplexYear,
    LivingProblem,
    SelfHelpGroup,
    Workshop,
)
from programs.services.calls import _save_record
from seoul_se.access import STAFF_ROLES, require_role
from seoul_se.accounts.models import User


@transaction.atomic
def create_complex(data: Mapping[str, Any], *, actor: User) -> ApartmentComplex:
    return _save_record(ApartmentComplex(), data, actor=actor, roles=STAFF_ROLES)


@transaction.atomic
def record_workshop(
    complex: ApartmentComplex,
    *,
    actor: User,
    held_on: dt.date,
    facilitator: str,
    attendance: int,
    topic: str = "",
) -> Workshop:
    require_role(actor, STAFF_ROLES)
    if attendance < 0:
        raise ValidationError(_("참석 인원은 0명 이상이어야 합니다."), code="negative_attendance")
    if held_on > timezone.localdate():
        raise ValidationError(_("개최일은 오늘 이전이어야 합니다."), code="held_in_future")
    return Workshop.objects.create(
        complex=complex,
        held_on=held_on,
        facilitator=facilitator,
        attendance=attendance,
        topic=topic,
        recorded_by=actor,
    )


COMPLEX_RECORDS: dict[str, type[ComplexYear | LivingProblem | SelfHelpGroup]] = {
    "year": ComplexYear,
    "problem": LivingProblem,
    "group": SelfHelpGroup,
}


@transaction.atomic
def add_complex_record(
    complex: ApartmentComplex, kind: str, data: dict[str, Any], *, actor: User
) -> ComplexYear | LivingProblem | SelfHelpGroup:
    """A stage year, a living problem or a self-help group of a complex (staff)."""
    require_role(actor, STAFF_ROLES)
    model = COMPLEX_RECORDS.get(kind)
    if model is None:
        raise ValidationError(_("알 수 없는 기록 종류입니다."), code="unknown_record_kind")
    # The lock serialises two saves of the same year, so the check below holds.
    complex = ApartmentComplex.objects.select_for_update().get(pk=complex.pk)
    record = model(complex=complex, **data)
    if isinstance(record, ComplexYear) and complex.years.filter(year=record.year).exists():
        raise ValidationError(
            {"year": ValidationError(_("이미 등록된 연도입니다."), code="duplicate_year")}
        )
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def match_enterprise(complex_year: ComplexYear, business_number: str, *, actor: User) -> Enterprise:
    """Match a registered enterprise to a complex's year; matching it again changes nothing."""
    require_role(actor, STAFF_ROLES)
    enterprise = enterprise_selectors.registered_by_business_number(
        business_number, missing="포털에 등록되지 않은 기업입니다. 먼저 기업을 등록해 주세요."
    )
    complex_year.matched_enterprises.add(enterprise)
    return enterprise


@transaction.atomic
def unmatch_enterprise(complex_year: ComplexYear, enterprise_id: int, *, actor: User) -> None:
    require_role(actor, STAFF_ROLES)
    complex_year.matched_enterprises.remove(enterprise_id)
