from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seoul_se.accounts import services
from seoul_se.accounts.forms import EmailAuthenticationForm, SignupForm
from seoul_se.core.middleware import auditor_may_write


@auditor_may_write
class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@auditor_may_write
class LogoutView(auth_views.LogoutView):
    pass


@auditor_may_write
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/form_page.html"
    extra_context = {"title": gettext_lazy("비밀번호 변경")}
    success_url = reverse_lazy("accounts:password_change_done")


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.register_enterprise_member(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password1"],
            phone=form.cleaned_data.get("phone", ""),
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("가입이 완료되었습니다. 기업을 등록하거나 소속 기업에 가입을 신청하세요.")
        )
        # Onboarding: register a new enterprise or ask to join one by 사업자등록번호.
        return redirect("enterprises:start")
    return render(request, "accounts/signup.html", {"form": form})
