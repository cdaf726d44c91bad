from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from seoul_se.accounts import services
from seoul_se.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "name", "organisation"]
    actions = ["reset_second_factor", "revoke_api_tokens"]
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

    @admin.action(description=_("2단계 인증 초기화 (휴대전화 분실)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.reset_second_factor(user=user, actor=request.user)  # type: ignore[arg-type]
        self.message_user(
            request, _("선택한 사용자의 2단계 인증을 초기화했습니다."), messages.SUCCESS
        )

    @admin.action(description=_("API 토큰 모두 폐기"))
    def revoke_api_tokens(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.revoke_all_api_tokens(user=user, actor=request.user)  # type: ignore[arg-type]
        self.message_user(request, _("선택한 사용자의 API 토큰을 폐기했습니다."), messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created", "expires_at"]
    search_fields = ["user__email", "prefix"]
    readonly_fields = ["user", "prefix", "created", "expires_at"]
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are issued through the API only, so the key is seen by its owner

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # revoke is the audited way
        return actions

    @admin.action(description=_("선택한 API 토큰 폐기"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.revoke_api_token(token=token, actor=request.user)  # type: ignore[arg-type]
        self.message_user(request, _("선택한 API 토큰을 폐기했습니다."), messages.SUCCESS)
