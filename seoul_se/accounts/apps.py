from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seoul_se.accounts"
    label = "accounts"
    verbose_name = "사용자"
