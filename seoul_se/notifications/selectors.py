from django.db.models import QuerySet

from seoul_se.accounts.models import User
from seoul_se.notifications.models import Notification


def inbox(user: User) -> QuerySet[Notification]:
    """Only the user's own notifications, newest first."""
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return inbox(user).filter(read_at__isnull=True).count()
