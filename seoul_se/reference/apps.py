from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "seoul_se.reference"
    label = "reference"
    verbose_name = "기준 정보"
