"""Administrators link intermediary staff to their 수행기관 here; everything else is in the portal."""

from django.contrib import admin

from funds.models import Intermediary
from funds.services import main_fund


@admin.register(Intermediary)
class IntermediaryAdmin(admin.ModelAdmin):
    list_display = ["name", "representative", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["staff"]
    exclude = ["fund"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not obj.fund_id:
            obj.fund = main_fund()
        super().save_model(request, obj, form, change)
