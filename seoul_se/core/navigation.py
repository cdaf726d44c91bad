"""Role-aware navigation.

Each app may define ``navigation.py`` with ``NAV_ITEMS``: a list of :class:`NavItem`. The portal
collects them in app order, so an app adds its menu without touching shared files.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from seoul_se.access import ALL_ROLES


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] = field(default=ALL_ROLES)
    description: str | Promise = ""
    order: int = 100


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.navigation")
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "NAV_ITEMS", []))
    return tuple(sorted(items, key=lambda item: item.order))


def items_for(user: object, path: str = "") -> list[dict[str, str | bool]]:
    """Menu entries the user's role may open; the longest URL prefix of ``path`` is current."""
    role = getattr(user, "role", None)
    result: list[dict[str, str | bool]] = []
    for item in all_items():
        if role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        result.append(
            {
                "label": str(item.label),
                "url": url,
                "description": str(item.description),
                "current": False,
            }
        )
    matches = [entry for entry in result if path.startswith(str(entry["url"]))]
    if matches:
        max(matches, key=lambda entry: len(str(entry["url"])))["current"] = True
    return result
