from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "seoul_se.notifications"
    label = "notifications"
    verbose_name = "알림"
