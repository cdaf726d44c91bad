from typing import Any

from django.apps import AppConfig
from django.core import checks


class AuditConfig(AppConfig):
    name = "seoul_se.audit"
    label = "audit"
    verbose_name = "감사 기록"

    def ready(self) -> None:
        checks.register(check_retention)


def check_retention(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from django.conf import settings

    from seoul_se.audit.services import MIN_RETENTION_YEARS

    if int(settings.ACCESS_LOG_RETENTION_YEARS) < MIN_RETENTION_YEARS:
        return [
            checks.Error(
                f"ACCESS_LOG_RETENTION_YEARS must be at least {MIN_RETENTION_YEARS}.",
                id="audit.E001",
            )
        ]
    return []
