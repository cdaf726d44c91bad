"""KPI work in the home work queue (``seoul_se.core.work_queue``): manual entries waiting for a
decision, and (for officials) the year's indicators whose figures need recomputing."""

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from kpis import access, selectors
from kpis.models import Indicator
from seoul_se.core.work_queue import WorkItem, counted


def _stale(year: int) -> WorkItem:
    # The dashboard's own staleness rule (flags and measures whose data changed since the run).
    indicators = selectors.with_stale(
        Indicator.objects.filter(year=year), selectors.changed_measure_kinds(year)
    ).filter(kpi_stale=True)  # type: ignore[misc]  # annotated by with_stale
    count, _first = counted(indicators)
    # The year's dashboard marks each stale indicator "재계산 필요" (closest page).
    url = f"{reverse('kpis:dashboard')}?{urlencode({'year': year})}"
    return WorkItem(_("재계산이 필요한 성과지표"), count, url)


def items(user: Any) -> list[WorkItem]:
    if not access.can_edit(user):
        return []
    label = (
        _("승인할 성과지표 실적") if access.can_approve(user) else _("승인 대기 중인 성과지표 실적")
    )
    count, _first = counted(selectors.pending_entries())
    # The pending page lists exactly the entries waiting for a decision.
    found = [WorkItem(label, count, reverse("kpis:pending"))]
    if access.can_approve(user):
        found.append(_stale(selectors.default_year()))
    return found
