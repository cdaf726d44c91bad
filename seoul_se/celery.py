"""The Celery application. Apps declare tasks in their own ``tasks.py`` (autodiscovered)."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seoul_se.settings.production")

app = Celery("seoul_se")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
def forget_cached_content_types(**kwargs: object) -> None:
    """A long-lived worker must not keep content-type ids across a database flush or restore.

    Audit entries reference content types; a stale cached id would make every write fail.
    """
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@signals.worker_ready.connect
def remove_dead_jobs_files(**kwargs: object) -> None:
    """Partial files of jobs killed with the previous worker hold personal data: remove them."""
    from seoul_se.core.jobs import remove_orphan_temp_dirs

    remove_orphan_temp_dirs()
