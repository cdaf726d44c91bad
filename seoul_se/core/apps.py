from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seoul_se.core"
    label = "core"
    verbose_name = "포털 공통"
