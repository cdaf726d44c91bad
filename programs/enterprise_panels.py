"""The enterprise page's panel of this app: the enterprise's applications (and agreements)."""

from typing import Any

from django.utils.translation import gettext as _

from programs import access
from seoul_se.core.support import Panel


def panels(enterprise: Any, user: Any) -> list[Panel]:
    applications = (
        access.visible_applications(user)
        .filter(enterprise=enterprise)
        .select_related("call")
        .order_by("-created_at")[:50]
    )
    return [
        Panel(
            title=_("지원사업 신청·협약"),
            template="programs/panel.html",
            context={"applications": list(applications)},
            order=20,
        )
    ]
