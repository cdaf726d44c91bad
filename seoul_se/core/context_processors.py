from functools import cache

from django.http import HttpRequest

from seoul_se.core.navigation import groups_for
from seoul_se.notifications import selectors as notifications


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": []}
    return {
        "nav_groups": groups_for(user, request.path),
        # Called by the template only where the header shows it: one count query per page.
        "unread_notices": cache(lambda: notifications.unread_count(user)),
    }
