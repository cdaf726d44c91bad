from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seoul_se.core"
    label = "core"
    verbose_name = "포털 공통"

    def ready(self) -> None:
        from seoul_se.core.api import use_portal_fields  # needs the app registry

        use_portal_fields()
