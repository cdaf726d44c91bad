"""Administrators keep the list of public institutions tidy here; purchases, targets and
matchmaking records are kept in the portal (services validate and audit them)."""

from django.contrib import admin

from procurement.models import Institution


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
