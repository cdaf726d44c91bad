"""Reads of consulting cases shared by pages, API, exports and other apps.

Yearly aggregates for KPI measures take a year range ``(first, last)`` (both inclusive) like
``kpis.measures`` queryset builders and return the records counted (the drill-down list);
a case counts in the year of its 접수일 (``requested_on``) and cancelled cases never count.
"""

from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum

from consulting.models import Case, Expert, Session
from consulting.workflow import OPEN
from seoul_se.core.aggregates import count_of, sum_of


def _counted(first: int, last: int) -> QuerySet[Case]:
    return Case.objects.filter(requested_on__year__gte=first, requested_on__year__lte=last).exclude(
        status=Case.Status.CANCELLED
    )


def cases_in_years(first: int, last: int) -> QuerySet[Case]:
    """Every consultation and consulting case received in the years (follow-ups included)."""
    return _counted(first, last)


def daily_consultations(first: int, last: int) -> QuerySet[Case]:
    """일상상담 received in the years (2018: target 200건, actual 208건)."""
    return _counted(first, last).filter(kind=Case.Kind.DAILY)


def consulting_cases(first: int, last: int) -> QuerySet[Case]:
    """컨설팅 cases received in the years, follow-ups (사후지원) included (2019: 100건)."""
    return _counted(first, last).filter(kind=Case.Kind.CONSULTING)


def follow_ups(first: int, last: int) -> QuerySet[Case]:
    """사후지원 cases (linked to an earlier case) received in the years."""
    return _counted(first, last).filter(follow_up_of__isnull=False)


def cases_in_field(first: int, last: int, field: str) -> QuerySet[Case]:
    """Cases of one field (e.g. 회계 for 일상경영지원 회계 51건 in 2019)."""
    return _counted(first, last).filter(field=field)


def consultations_in_year(year: int) -> QuerySet[Case]:
    return cases_in_years(year, year)


def yearly_summary(year: int) -> dict[str, Any]:
    """Counts of one year by kind, field and channel, hours and mean satisfaction."""
    cases = cases_in_years(year, year)
    totals = cases.aggregate(
        total=Count("pk"),
        daily=Count("pk", filter=Q(kind=Case.Kind.DAILY)),
        consulting=Count("pk", filter=Q(kind=Case.Kind.CONSULTING)),
        follow_ups=Count("pk", filter=Q(follow_up_of__isnull=False)),
        closed=Count("pk", filter=Q(status=Case.Status.CLOSED)),
        satisfaction=Avg("satisfaction"),
    )
    hours = Session.objects.filter(case__in=cases).aggregate(total=Sum("hours"))["total"]
    return {
        **totals,
        "hours": hours or Decimal(0),
        "by_field": dict(cases.values_list("field").annotate(n=Count("pk")).order_by()),
        "by_channel": dict(cases.values_list("channel").annotate(n=Count("pk")).order_by()),
    }


def for_list(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return (
        queryset.select_related("enterprise", "assignee", "expert", "follow_up_of")
        .annotate(
            session_count=count_of(Session.objects.all(), "case"),
            session_hours=sum_of(Session.objects.all(), "case", "hours"),
        )
        .order_by("-requested_on", "-pk")
    )


def filter_cases(
    queryset: QuerySet[Case],
    *,
    user: Any = None,
    mine: bool = False,
    status: str = "",
    enterprise_id: int | None = None,
    year: int | None = None,
    kind: str = "",
) -> QuerySet[Case]:
    """The list filters shared by page, export and API. ``mine``: cases the user is in charge
    of (as staff or as an expert of the pool)."""
    if mine and user is not None:
        queryset = queryset.filter(Q(assignee=user) | Q(expert__user=user))
    if status == "open":
        queryset = queryset.filter(status__in=OPEN)
    elif status in Case.Status.values:
        queryset = queryset.filter(status=status)
    if enterprise_id:
        queryset = queryset.filter(enterprise_id=enterprise_id)
    if year:
        queryset = queryset.filter(requested_on__year=year)
    if kind in Case.Kind.values:
        queryset = queryset.filter(kind=kind)
    return queryset


def for_detail(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.select_related(
        "enterprise", "assignee", "expert", "follow_up_of", "created_by"
    ).prefetch_related(
        Prefetch("sessions", queryset=Session.objects.select_related("recorded_by")),
        "follow_ups",
        "transitions__actor",
    )


def active_experts() -> QuerySet[Expert]:
    return Expert.objects.filter(is_active=True)
