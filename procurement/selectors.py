"""Reads of public procurement shared by pages, API, exports and the KPI measures.

KPI measures take ``(first, last)`` year builders returning the counted records (drill-down);
the yearly helpers give the figures of the plan and the performance report directly.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from procurement.models import (
    Institution,
    MatchContract,
    MatchmakingEvent,
    Meeting,
    Purchase,
    PurchaseTarget,
)

# --- KPI builders: records dated in years [first, last] ----------------------------------


def purchases_between(first: int, last: int) -> QuerySet[Purchase]:
    """Public institutions' purchases from social-economy enterprises made in the years."""
    return Purchase.objects.filter(purchased_on__year__gte=first, purchased_on__year__lte=last)


def contracts_between(first: int, last: int) -> QuerySet[MatchContract]:
    """Contracts resulting from matchmaking meetings, signed in the years (누계: first=2000)."""
    return MatchContract.objects.filter(signed_on__year__gte=first, signed_on__year__lte=last)


def meetings_between(first: int, last: int) -> QuerySet[Meeting]:
    """1:1 purchase consultations at events that started in the years."""
    return Meeting.objects.filter(
        event__starts_on__year__gte=first, event__starts_on__year__lte=last
    )


# --- yearly figures ----------------------------------------------------------------------


def procurement_total(year: int) -> int:
    """City-wide purchases from social-economy enterprises in ``year`` (2019: 1,690억원)."""
    return purchases_between(year, year).aggregate(total=Sum("amount"))["total"] or 0


def matching_contract_total_until(year: int) -> int:
    """누계 매칭 계약: all matchmaking contracts signed up to the end of ``year`` (2018: 81억)."""
    return (
        MatchContract.objects.filter(signed_on__year__lte=year).aggregate(total=Sum("amount"))[
            "total"
        ]
        or 0
    )


def citywide_target(year: int) -> int | None:
    target = PurchaseTarget.objects.filter(year=year, institution__isnull=True).first()
    return target.amount if target else None


@dataclass(frozen=True)
class YearFigures:
    year: int
    target: int | None
    actual: int
    rate: Decimal | None  # actual ÷ target in %, one decimal place, half up

    @property
    def gap(self) -> int | None:
        return None if self.target is None else self.actual - self.target


def achievement_rate(actual: int, target: int | None) -> Decimal | None:
    if not target:
        return None
    return (Decimal(actual) * 100 / Decimal(target)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def yearly_overview() -> list[YearFigures]:
    """City-wide target vs actual for every year that has either (newest first)."""
    targets = dict(
        PurchaseTarget.objects.filter(institution__isnull=True).values_list("year", "amount")
    )
    actuals = {
        row["purchased_on__year"]: row["total"]
        for row in Purchase.objects.values("purchased_on__year").annotate(total=Sum("amount"))
    }
    years = sorted(set(targets) | set(actuals), reverse=True)
    return [
        YearFigures(
            year,
            targets.get(year),
            actuals.get(year, 0),
            achievement_rate(actuals.get(year, 0), targets.get(year)),
        )
        for year in years
    ]


@dataclass(frozen=True)
class InstitutionFigures:
    institution: Institution
    target: int | None
    actual: int
    rate: Decimal | None


def institution_figures(year: int) -> list[InstitutionFigures]:
    targets = dict(
        PurchaseTarget.objects.filter(year=year, institution__isnull=False).values_list(
            "institution_id", "amount"
        )
    )
    institutions = Institution.objects.annotate(
        actual=Sum("purchases__amount", filter=Q(purchases__purchased_on__year=year))
    ).order_by("kind", "name")
    return [
        InstitutionFigures(
            i, targets.get(i.pk), i.actual or 0, achievement_rate(i.actual or 0, targets.get(i.pk))
        )
        for i in institutions
    ]


@dataclass(frozen=True)
class EventFigures:
    institutions: int
    enterprises: int
    meetings: int
    contract_total: int


def event_figures(event: MatchmakingEvent) -> EventFigures:
    """E.g. 2019 상담회: 54 institutions, 208 enterprises, 808백만원 of contracts."""
    meetings = event.meetings.aggregate(
        institutions=Count("institution", distinct=True),
        enterprises=Count("enterprise", distinct=True),
        meetings=Count("pk"),
    )
    total = MatchContract.objects.filter(meeting__event=event).aggregate(t=Sum("amount"))["t"]
    return EventFigures(
        meetings["institutions"], meetings["enterprises"], meetings["meetings"], total or 0
    )


# --- lists ------------------------------------------------------------------------------


def purchases_for_list(purchases: QuerySet[Purchase]) -> QuerySet[Purchase]:
    return purchases.select_related("institution", "enterprise").order_by("-purchased_on", "pk")


def events_for_list(events: QuerySet[MatchmakingEvent]) -> QuerySet[MatchmakingEvent]:
    return events.annotate(
        meeting_count=Count("meetings", distinct=True),
        contract_total=Sum("meetings__contracts__amount"),
    ).order_by("-starts_on")


def meetings_for_list(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return (
        meetings.select_related("event", "enterprise", "institution")
        .annotate(contract_total=Sum("contracts__amount"))
        .order_by("event__starts_on", "pk")
    )


def contracts_for_list(contracts: QuerySet[MatchContract]) -> QuerySet[MatchContract]:
    return contracts.select_related(
        "meeting__event", "meeting__enterprise", "meeting__institution"
    ).order_by("-signed_on", "pk")
