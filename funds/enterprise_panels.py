"""The enterprise page's loan panel: shown only to users who may see the enterprise's loans."""

from typing import Any

from django.utils.translation import gettext as _

from funds.access import visible_loans
from seoul_se.core.support import Panel


def panels(enterprise: Any, user: Any) -> list[Panel]:
    loans = list(
        visible_loans(user)
        .filter(enterprise=enterprise)
        .select_related("product", "intermediary")
        .order_by("-applied_on")
    )
    if not loans:
        return []
    return [Panel(_("사회투자기금 융자"), "funds/panel_loans.html", {"loans": loans}, order=300)]
