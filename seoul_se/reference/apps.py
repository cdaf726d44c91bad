from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReferenceConfig(AppConfig):
    name = "seoul_se.reference"
    label = "reference"
    verbose_name = "기준 정보"

    def ready(self) -> None:
        from seoul_se.reference.data import load_reference_data

        # A database ``flush`` (e.g. between transactional tests) empties reference tables;
        # post_migrate follows every flush and migrate, so the rows come back.
        post_migrate.connect(load_reference_data, sender=self)
