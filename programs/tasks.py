"""Periodic jobs of the programs app (schedule: see the report; settings are shared)."""

from celery import shared_task

from programs import services


@shared_task(name="programs.send_supplement_reminders")
def send_supplement_reminders() -> int:
    return services.send_supplement_reminders()
