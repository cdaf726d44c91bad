"""Cross-app contracts: support an enterprise received, and panels on the enterprise page.

- ``<app>.selectors.support_records(enterprise_id, since)`` returns :class:`SupportRecord` rows
  (programs: grants/agreements; funds: loans). The programs app merges them into the 5-year
  support history and overlap warnings.
- ``<app>/enterprise_panels.py`` may define ``panels(enterprise, user) -> list[Panel]``; the
  enterprise detail page shows them (applications, loans, KPIs …) without importing those apps.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from seoul_se.accounts.models import User
from seoul_se.core.discovery import app_modules


@dataclass(frozen=True)
class SupportRecord:
    source: str  # "program" or "fund"
    kind: str  # e.g. program type code ("innovation", "excellent") or loan product category
    kind_label: str  # the kind's display label (pages never show the code)
    title: str
    amount: int  # whole won
    start: dt.date
    end: dt.date | None
    url: str = ""


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def support_records(enterprise_id: int, since: dt.date) -> list[SupportRecord]:
    records: list[SupportRecord] = []
    for _config, module in app_modules("selectors"):
        provider = getattr(module, "support_records", None)
        if provider is not None:
            records.extend(provider(enterprise_id, since))
    return sorted(records, key=lambda record: record.start, reverse=True)


def enterprise_panels(enterprise: Any, user: User) -> list[Panel]:
    panels: list[Panel] = []
    for _config, module in app_modules("enterprise_panels"):
        panels.extend(module.panels(enterprise, user))
    return sorted(panels, key=lambda panel: panel.order)
