"""Market-access records are kept in the portal (services validate and audit them); the admin
only lists channels for administrators."""

from django.contrib import admin

from markets.models import SalesChannel


@admin.register(SalesChannel)
class SalesChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "operator", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    fields = ["is_active"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
