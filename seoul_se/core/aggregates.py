"""Per-row counts and sums as correlated subqueries.

``annotate(Count("children"))`` groups every parent row before a page's LIMIT applies, so a list of
50 rows of 50,000 cases grouped them all (1.7 s at national scale, docs/consulting.md). A
correlated subquery is evaluated for the rows of the page only.
"""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce


def _per_parent(children: QuerySet[Any], parent_field: str) -> QuerySet[Any]:
    return children.filter(**{parent_field: OuterRef("pk")}).order_by().values(parent_field)


def count_of(children: QuerySet[Any], parent_field: str) -> Coalesce:
    """How many of ``children`` point at the row through ``parent_field`` (0 when none)."""
    counted = _per_parent(children, parent_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def sum_of(children: QuerySet[Any], parent_field: str, field: str) -> Subquery:
    """The sum of ``field`` over ``children`` of the row (None when none, as ``Sum`` gives)."""
    return Subquery(_per_parent(children, parent_field).annotate(total=Sum(field)).values("total"))
