from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from seoul_se.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path(
        "signup/done/",
        TemplateView.as_view(
            template_name="accounts/message_page.html",
            extra_context={
                "message": _(
                    "가입 신청을 받았습니다. 메일함을 확인하고 안내에 따라 가입을 마치세요."
                )
            },
        ),
        name="signup_done",
    ),
    path("activate/<uidb64>/<token>/", views.activate, name="activate"),
    path("", views.account, name="account"),
    path("second-factor/", views.second_factor_verify, name="second_factor_verify"),
    path("second-factor/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path(
        "second-factor/recovery-codes/new/",
        views.regenerate_recovery_codes,
        name="regenerate_recovery_codes",
    ),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/message_page.html",
            extra_context={"message": _("비밀번호가 변경되었습니다.")},
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/form_page.html",
            extra_context={"title": _("비밀번호 재설정")},
            email_template_name="accounts/password_reset_email.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/message_page.html",
            extra_context={
                "message": _("비밀번호 재설정 안내 메일을 보냈습니다. 메일함을 확인하세요.")
            },
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/form_page.html",
            extra_context={"title": _("새 비밀번호 설정")},
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/message_page.html",
            extra_context={"message": _("새 비밀번호가 설정되었습니다. 다시 로그인하세요.")},
        ),
        name="password_reset_complete",
    ),
]
