from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from seoul_se.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "name", "organisation"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("정보", {"fields": ("name", "role", "organisation", "phone")}),
        ("권한", {"fields": ("is_active", "is_superuser", "groups", "user_permissions")}),
        ("일시", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "name", "role", "password1", "password2")},
        ),
    )
