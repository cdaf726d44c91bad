from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class ReferenceConfig(AppConfig):
    name = "seoul_se.reference"
    label = "reference"
    verbose_name = "기준 정보"

    def ready(self) -> None:
        from seoul_se.reference.data import load_reference_data
        from seoul_se.reference.selectors import MODELS, forget_all_choices, forget_choices

        # A database ``flush`` (e.g. between transactional tests) empties reference tables;
        # post_migrate follows every flush and migrate, so the rows come back.
        post_migrate.connect(load_reference_data, sender=self)
        post_migrate.connect(forget_all_choices, sender=self)
        for model in MODELS:
            post_save.connect(forget_choices, sender=model)
            post_delete.connect(forget_choices, sender=model)
