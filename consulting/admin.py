"""The expert pool is kept in the portal; the admin offers it too for linking accounts."""

from django.contrib import admin

from consulting.models import Expert


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "field", "organisation", "user", "is_active"]
    list_filter = ["field", "is_active"]
    search_fields = ["name", "organisation"]
    raw_id_fields = ["user"]
