"""Notify users: an inbox entry plus an e-mail sent after the surrounding transaction commits."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from seoul_se.accounts.models import User
from seoul_se.notifications.models import Notification


def notify(
    recipients: Iterable[User | None],
    subject: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    created = Notification.objects.bulk_create(
        [
            Notification(recipient=user, subject=subject, body=body, url=url, emailed=email)
            for user in recipients
            if user is not None
        ]
    )
    if email:
        addresses = [n.recipient.email for n in created if n.recipient.email]

        link = f"{settings.PORTAL_URL}{url}" if url.startswith("/") else url

        def send() -> None:
            text = f"{body}\n\n{link}" if link else body
            for address in addresses:
                send_mail(
                    f"[서울 사회적경제 포털] {subject}",
                    text,
                    settings.DEFAULT_FROM_EMAIL,
                    [address],
                    fail_silently=True,
                )

        transaction.on_commit(send)
    return created


def mark_read(notification: Notification, *, actor: User) -> None:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied("다른 사용자의 알림입니다.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
