"""Reads of the SIB contracts: rules, payouts with their explanation, and the yearly outcome
for the KPI measures (``measurements_between`` is the drill-down builder)."""

from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from impact_bonds import payout
from impact_bonds.models import ImpactBond, Measurement, OutcomeMetric


def measurements_between(first: int, last: int) -> QuerySet[Measurement]:
    """Outcome measurements of the years (all metrics)."""
    return Measurement.objects.filter(year__gte=first, year__lte=last)


def rule_of(bond: ImpactBond) -> list[payout.Band]:
    return [
        payout.Band(band.lower, band.upper, band.payout_percent)
        for band in bond.payout_bands.order_by("lower")
    ]


def basis_metric(bond: ImpactBond) -> OutcomeMetric | None:
    return bond.metrics.filter(is_payout_basis=True).first()


def payout_for(measurement: Measurement) -> payout.Payout | None:
    """The payout a measurement of the bond's payout metric earns; None when the bond has no
    rule or the measurement is of another metric."""
    metric = measurement.metric
    bond = metric.bond
    bands = rule_of(bond)
    if not metric.is_payout_basis or not bands:
        return None
    return payout.compute(
        bands, measurement.value, bond.project_cost, metric=metric.name, unit=metric.unit
    )


@dataclass(frozen=True)
class Outcome:
    bond: ImpactBond
    measurement: Measurement
    payout: payout.Payout | None


def latest_outcome(bond: ImpactBond) -> Outcome | None:
    """The newest measurement of the payout metric and what it pays."""
    measurement = (
        Measurement.objects.filter(metric__bond=bond, metric__is_payout_basis=True)
        .select_related("metric__bond")
        .order_by("-year")
        .first()
    )
    if measurement is None:
        return None
    return Outcome(bond, measurement, payout_for(measurement))


def sib_outcome(year: int) -> list[Outcome]:
    """Payout-metric measurements of ``year`` with their payouts (e.g. No.1: 52.7 % → 130 %)."""
    measurements = (
        measurements_between(year, year)
        .filter(metric__is_payout_basis=True)
        .select_related("metric__bond")
        .order_by("metric__bond__number")
    )
    return [Outcome(m.metric.bond, m, payout_for(m)) for m in measurements]


def sib_payout_total(year: int) -> int:
    return sum(o.payout.amount for o in sib_outcome(year) if o.payout is not None)


def bonds_for_list(bonds: QuerySet[ImpactBond]) -> QuerySet[ImpactBond]:
    return bonds.annotate(budget_total=Sum("budget_lines__amount")).order_by("number")


def measurements_for_list(measurements: QuerySet[Measurement]) -> QuerySet[Measurement]:
    return measurements.select_related("metric__bond", "entered_by").order_by(
        "metric__bond__number", "metric__pk", "year"
    )
