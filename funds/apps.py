from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = "사회투자기금"
