from celery import shared_task

from funds import services


@shared_task(name="funds.send_monitoring_reminders")
def send_monitoring_reminders() -> dict[str, int]:
    """Daily: remind borrowers of overdue quarterly reports; flag missing on-site inspections."""
    return services.send_monitoring_reminders()
