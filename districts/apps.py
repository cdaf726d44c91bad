from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "districts"
    verbose_name = _("자치구 생태계 지원")

    def ready(self) -> None:
        from districts.data import load

        # A database ``flush`` (transactional tests) empties the stage and centre rows;
        # post_migrate follows every flush and migrate (after the reference rows' own).
        post_migrate.connect(load, sender=self)
