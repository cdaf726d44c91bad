"""Role-aware navigation.

Each app may define ``navigation.py`` with ``NAV_ITEMS``: a list of :class:`NavItem`. The portal
collects them in app order, so an app adds its menu without touching shared files.
"""

from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seoul_se.access import ALL_ROLES, READ_ALL_ROLES
from seoul_se.core.discovery import app_modules


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str | Promise


# The main menu's domains, in menu order: at most seven, so the header fits one line at 1366 px.
GROUPS = (
    NavGroup("enterprises", _("기업")),
    NavGroup("programs", _("지원사업")),
    NavGroup("centre", _("센터 사업")),
    NavGroup("funds", _("사회투자기금")),
    NavGroup("performance", _("성과·예산")),
    NavGroup("audit", _("감사")),
    NavGroup("manage", _("알림·관리")),
)
GROUP_KEYS = frozenset(group.key for group in GROUPS)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] = field(default=ALL_ROLES)
    description: str | Promise = ""
    order: int = 100
    # One of GROUP_KEYS: the main-menu domain the page opens under.
    group: str = "manage"

    def __post_init__(self) -> None:
        if self.group not in GROUP_KEYS:
            raise ImproperlyConfigured(f"NavItem {self.url_name}: unknown group {self.group!r}")


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for _config, module in app_modules("navigation"):
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
                "group": item.group,
                "current": False,
            }
        )
    matches = [entry for entry in result if path.startswith(str(entry["url"]))]
    if matches:
        max(matches, key=lambda entry: len(str(entry["url"])))["current"] = True
    return result


def groups_for(user: object, path: str = "") -> list[dict[str, object]]:
    """The role's menu by domain: non-empty groups in menu order; the current item's group is current."""
    items = items_for(user, path)
    by_group: dict[str, list[dict[str, str | bool]]] = {}
    for item in items:
        by_group.setdefault(str(item["group"]), []).append(item)
    return [
        {
            "key": group.key,
            "label": str(group.label),
            "items": by_group[group.key],
            "current": any(item["current"] for item in by_group[group.key]),
        }
        for group in GROUPS
        if group.key in by_group
    ]


# The core app's own page: every import kind (docs/imports.md) and the import records.
NAV_ITEMS = [
    NavItem(
        _("엑셀 가져오기"),
        "imports:index",
        READ_ALL_ROLES | {"intermediary_staff"},
        _("엑셀·CSV 자료를 검사한 뒤 한 번에 저장하고, 가져오기 기록을 봅니다."),
        order=950,
        group="manage",
    ),
]
