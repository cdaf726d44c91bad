"""Administrators link evaluator staff to their bond here; everything else is in the portal."""

from django.contrib import admin

from impact_bonds.models import ImpactBond


@admin.register(ImpactBond)
class ImpactBondAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "starts_on", "ends_on", "project_cost"]
    filter_horizontal = ["evaluator_staff"]
    fields = ["evaluator_staff"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # contracts are created through services (budget lines checked)
