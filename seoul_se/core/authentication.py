"""API authentication (kept apart from ``api.py``: DRF imports it while loading its views)."""

from typing import Any

from auditlog.context import auditlog_value
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class AuditedTokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>`` against the accounts' hashed, expiring tokens; also names
    the actor in the audit trail.

    The audit middleware runs before DRF authenticates a token, so it only knew session users.
    """

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        from seoul_se.accounts.models import ApiToken
        from seoul_se.accounts.services import token_digest, token_is_valid

        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None or not token_is_valid(token):
            raise exceptions.AuthenticationFailed(
                _("토큰이 만료되었거나 폐기되었습니다. 다시 발급받으세요.")
            )
        return token.user, token

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
