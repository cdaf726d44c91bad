"""State changes of the SIB contracts: validated, transactional, audited (django-auditlog).

Officials manage contracts, metrics and payout rules; measurements are entered by the bond's
evaluator staff or an official, only for years within the contract period."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from impact_bonds import access, payout
from impact_bonds.models import (
    BudgetLine,
    ImpactBond,
    Investor,
    Measurement,
    OutcomeMetric,
    PayoutBand,
)
from seoul_se.access import require_role
from seoul_se.accounts.models import User

# Who may change these records: the refusal names them (access.MANAGE_ROLES).
MANAGERS_ONLY = gettext_lazy("서울시 담당자만 사회성과보상사업을 관리할 수 있습니다.")


@transaction.atomic
def create_bond(
    *,
    actor: User,
    number: int,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    project_cost: int,
    operator: str = "",
    evaluator: str = "",
    target_group: str = "",
    contracted_on: dt.date | None = None,
    budget_lines: Sequence[tuple[str, int]] = (),
    investors: Sequence[tuple[str, int | None]] = (),
) -> ImpactBond:
    """A contract with its budget lines (which must add up to the project cost) and investors."""
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    if ends_on < starts_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _("종료일은 시작일 이후여야 합니다."), code="end_before_start"
                )
            }
        )
    if budget_lines and sum(amount for _n, amount in budget_lines) != project_cost:
        raise ValidationError(
            _("비목 합계(%(lines)s원)가 총 사업비(%(cost)s원)와 다릅니다.")
            % {
                "lines": f"{sum(a for _n, a in budget_lines):,}",
                "cost": f"{project_cost:,}",
            },
            code="budget_lines_mismatch",
        )
    bond = ImpactBond(
        number=number,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        project_cost=project_cost,
        operator=operator.strip(),
        evaluator=evaluator.strip(),
        target_group=target_group.strip(),
        contracted_on=contracted_on,
    )
    bond.full_clean()
    bond.save()
    for order, (line_name, amount) in enumerate(budget_lines, start=1):
        line = BudgetLine(bond=bond, name=line_name, amount=amount, order=order)
        line.full_clean()
        line.save()
    for investor_name, commitment in investors:
        Investor.objects.create(bond=bond, name=investor_name, commitment=commitment)
    return bond


@transaction.atomic
def add_metric(
    bond: ImpactBond,
    *,
    actor: User,
    name: str,
    unit: str,
    description: str = "",
    is_payout_basis: bool = False,
) -> OutcomeMetric:
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    if is_payout_basis and bond.metrics.filter(is_payout_basis=True).exists():
        raise ValidationError(_("보상 기준 지표는 사업당 하나입니다."), code="second_payout_basis")
    metric = OutcomeMetric(
        bond=bond,
        name=name.strip(),
        unit=unit.strip(),
        description=description,
        is_payout_basis=is_payout_basis,
    )
    metric.full_clean()
    metric.save()
    return metric


@transaction.atomic
def record_measurement(
    metric: OutcomeMetric, *, actor: User, year: int, value: Decimal, note: str = ""
) -> Measurement:
    """The measured value of ``year`` (entering it again corrects it)."""
    bond = metric.bond
    if not access.can_measure(actor, bond):
        raise PermissionDenied(
            _("이 사업의 평가기관 담당자 또는 서울시 담당자만 입력할 수 있습니다.")
        )
    if year not in bond.years():
        raise ValidationError(
            {
                "year": ValidationError(
                    _("측정 연도는 사업 기간(%(first)s–%(last)s년) 안이어야 합니다.")
                    % {"first": bond.starts_on.year, "last": bond.ends_on.year},
                    code="year_outside_contract",
                )
            }
        )
    value = Decimal(value)
    if value < 0 or not value.is_finite():
        raise ValidationError(
            {"value": ValidationError(_("측정값은 0 이상이어야 합니다."), code="negative_outcome")}
        )
    measurement, _created = Measurement.objects.update_or_create(
        metric=metric,
        year=year,
        defaults={"value": value, "note": note.strip(), "entered_by": actor},
    )
    return measurement


@transaction.atomic
def set_payout_rule(
    bond: ImpactBond, *, actor: User, bands: Sequence[payout.Band]
) -> list[PayoutBand]:
    """Replace the bond's payout rule; refused as a whole when the bands do not partition
    [0, ∞) in order (overlap, gap, unordered) or a percentage falls."""
    require_role(actor, access.MANAGE_ROLES, MANAGERS_ONLY)
    checked = payout.validate_bands(bands)
    ImpactBond.objects.select_for_update().filter(pk=bond.pk).first()
    bond.payout_bands.all().delete()
    return [
        PayoutBand.objects.create(
            bond=bond, lower=band.lower, upper=band.upper, payout_percent=band.payout_percent
        )
        for band in checked
    ]
