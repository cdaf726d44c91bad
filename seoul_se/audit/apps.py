from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "seoul_se.audit"
    label = "audit"
    verbose_name = "감사 기록"
