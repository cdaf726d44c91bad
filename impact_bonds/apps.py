from django.apps import AppConfig


class ImpactBondsConfig(AppConfig):
    name = "impact_bonds"
    verbose_name = "사회성과보상사업"
