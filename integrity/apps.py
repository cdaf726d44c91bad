from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integrity"
    verbose_name = _("부정수급·중복지원 점검")

    def ready(self) -> None:
        from integrity import tasks

        tasks.connect_signals()
