"""Writing the access log from a request: who (the signed-in user), from where (the client
address as django-axes resolves it, so the trusted-proxy configuration of the login lock-out
applies here too; otherwise REMOTE_ADDR) and which request."""

import ipaddress
from collections.abc import Iterable, Iterator
from typing import Any

import auditlog.middleware
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest

from seoul_se.audit import services
from seoul_se.audit.middleware import current_request
from seoul_se.audit.models import AccessLog

Action = AccessLog.Action


def client_ip(request: HttpRequest) -> str | None:
    address = get_client_ip_address(request)
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


class AuditlogMiddleware(auditlog.middleware.AuditlogMiddleware):
    """django-auditlog's middleware, recording the client address by the lock-out's rule.

    Its own rule takes the left-most X-Forwarded-For entry, which any client can forge."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)


def target_of(model: type[Model] | Model) -> str:
    return model._meta.label_lower


def log_access(
    request: HttpRequest,
    *,
    action: str,
    model: type[Model] | Model,
    record_ids: Iterable[int] = (),
    count: int | None = None,
    purpose: str = "",
    purpose_detail: str = "",
) -> AccessLog:
    user: Any = getattr(request, "user", None)
    return services.record_access(
        actor=user if user is not None and user.is_authenticated else None,
        ip=client_ip(request),
        action=action,
        target=target_of(model),
        record_ids=record_ids,
        count=count,
        purpose=purpose,
        purpose_detail=purpose_detail,
        path=request.get_full_path(),
    )


def log_download(instance: Model) -> None:
    """A private file of ``instance`` is being served in the current request."""
    request = current_request()
    if request is not None:
        log_access(request, action=Action.DOWNLOAD, model=instance, record_ids=[instance.pk])


def collecting_ids(rows: Iterable[Model], ids: list[int]) -> Iterator[Model]:
    """Pass ``rows`` through (e.g. to a workbook writer), noting their ids for the log."""
    for row in rows:
        ids.append(row.pk)
        yield row
