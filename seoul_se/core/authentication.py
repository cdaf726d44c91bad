"""API authentication (kept apart from ``api.py``: DRF imports it while loading its views)."""

from typing import Any

from auditlog.context import auditlog_value
from rest_framework import authentication


class AuditedTokenAuthentication(authentication.TokenAuthentication):
    """Token authentication that also names the actor in the audit trail.

    The audit middleware runs before DRF authenticates a token, so it only knew session users.
    """

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            try:
                context = auditlog_value.get()
            except LookupError:
                return result
            if context.get("actor") is None:
                context["actor"] = result[0]
        return result
