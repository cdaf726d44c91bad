"""The Celery application. Apps declare tasks in their own ``tasks.py`` (autodiscovered)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seoul_se.settings")

app = Celery("seoul_se")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
