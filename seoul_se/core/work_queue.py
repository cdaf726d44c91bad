"""The work queue ("할 일") on each role's home page.

Each app may define ``work.py`` with ``items(user) -> list[WorkItem]``: what the user has to do in
that app, each kind counted by ONE aggregate query through the app's own scoping, so the home page
costs a constant number of queries whatever the data size. The portal collects them in app order.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from seoul_se.core.discovery import app_modules


@dataclass(frozen=True)
class WorkItem:
    label: str | Promise
    count: int
    # A list page filtered (by query string) to show exactly the counted records, where one exists.
    url: str
    # The nearest deadline among the counted records: shown as a D-day badge.
    deadline: dt.date | None = None
    # A short extra fact, e.g. the amount of the next repayment.
    detail: str = ""


def dday(deadline: dt.date | None, today: dt.date) -> str:
    """``D-2`` two days ahead, ``D-day`` on the day, ``기한 경과`` after it; empty without one."""
    if deadline is None:
        return ""
    days = (deadline - today).days
    if days > 0:
        return f"D-{days}"
    if days == 0:
        return "D-day"
    return _("기한 경과")


def local_date(moment: dt.datetime | dt.date | None) -> dt.date | None:
    """A deadline kept as a timestamp, as the Seoul calendar day it falls on."""
    if isinstance(moment, dt.datetime):
        return timezone.localdate(moment)
    return moment


def _may_repeat_rows(queryset: QuerySet[Any]) -> bool:
    """Whether a join may list a record more than once: any join not along a forward foreign
    key (a reverse or many-to-many relation joins through a relation object, not a field)."""
    return any(
        not getattr(getattr(join, "join_field", None), "concrete", True)
        for join in queryset.query.alias_map.values()
    )


def counted(queryset: QuerySet[Any], deadline: str | None = None) -> tuple[int, dt.date | None]:
    """How many records, and the earliest ``deadline`` field among them: one aggregate query.

    ``COUNT(DISTINCT id)`` only where a join may repeat a record: a plain ``COUNT(*)`` lets
    PostgreSQL count from an index alone (e.g. applications by status) instead of the table."""
    count = Count("pk", distinct=True) if _may_repeat_rows(queryset) else Count("*")
    extra = {"first": Min(deadline)} if deadline else {}
    figures = queryset.aggregate(n=count, **extra)
    return figures["n"], local_date(figures.get("first"))


@cache
def _providers() -> tuple[Callable[[Any], list[WorkItem]], ...]:
    return tuple(module.items for _config, module in app_modules("work"))


def _order(item: WorkItem) -> tuple[bool, dt.date]:
    # Nearest deadline first; items without one after them, in app order (the sort is stable).
    return (item.deadline is None, item.deadline or dt.date.max)


def collect(user: Any) -> list[WorkItem]:
    """The user's open work: only kinds with something to do."""
    found = [item for provider in _providers() for item in provider(user) if item.count > 0]
    return sorted(found, key=_order)


def rows(user: Any) -> list[dict[str, object]]:
    """``collect`` ready for the template, with each deadline's D-day badge."""
    today = timezone.localdate()
    return [
        {
            "label": str(item.label),
            "count": item.count,
            "url": item.url,
            "deadline": item.deadline,
            "dday": dday(item.deadline, today),
            "overdue": item.deadline is not None and item.deadline < today,
            "detail": item.detail,
        }
        for item in collect(user)
    ]
