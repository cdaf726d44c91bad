"""The audit trail records the client address by the lock-out's rule (TRUSTED_PROXY_COUNT), not
django-auditlog's left-most X-Forwarded-For entry, which a client can forge."""

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.test import RequestFactory, override_settings

from seoul_se.audit.recording import AuditlogMiddleware


def _save_through_the_middleware(user, **meta):
    def view(request):
        user.name = "바뀐 이름"
        user.save()
        return None

    request = RequestFactory().post("/x", **meta)
    request.user = user
    AuditlogMiddleware(view)(request)
    return LogEntry.objects.get_for_object(user).latest("timestamp")


@pytest.mark.parametrize(
    ("proxies", "meta", "recorded"),
    [
        # Behind one proxy: the entry the proxy appended, not the forged one before it.
        (
            1,
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"},
            "203.0.113.9",
        ),
        # No proxy: the connection's address; X-Forwarded-For is the client's own invention.
        (0, {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "6.6.6.6"}, "198.51.100.7"),
    ],
    ids=["behind-proxy", "no-proxy"],
)
def test_audit_trail_records_the_lockout_client_address(make_user, proxies, meta, recorded):
    user = make_user("official")
    with override_settings(
        TRUSTED_PROXY_COUNT=proxies,
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies},
    ):
        entry = _save_through_the_middleware(user, **meta)
    assert entry.remote_addr == recorded


def test_the_project_middleware_is_installed():
    assert "seoul_se.audit.recording.AuditlogMiddleware" in settings.MIDDLEWARE
    assert "auditlog.middleware.AuditlogMiddleware" not in settings.MIDDLEWARE
