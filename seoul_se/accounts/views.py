from base64 import b32encode

import segno
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from seoul_se.accounts import selectors, services
from seoul_se.accounts.forms import EmailAuthenticationForm, SecondFactorForm, SignupForm
from seoul_se.accounts.models import ApiToken, User
from seoul_se.core.middleware import auditor_may_write

RECOVERY_CODES_SESSION_KEY = "accounts_new_recovery_codes"


@auditor_may_write
class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@auditor_may_write
class LogoutView(auth_views.LogoutView):
    """Logging out also ends the user's API tokens: a token is a login too."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_authenticated:
            services.revoke_all_api_tokens(user=request.user, actor=request.user)
        return super().post(request, *args, **kwargs)


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
        services.sign_up(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password1"],
            phone=form.cleaned_data.get("phone", ""),
        )
        return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the sign-up e-mail: the account becomes active and the person is signed in."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
        services.activate(user=user, token=token)
    except (ValueError, User.DoesNotExist, ValidationError):
        return render(
            request,
            "accounts/message_page.html",
            {"message": _("링크가 만료되었거나 잘못되었습니다. 다시 가입해 주세요.")},
            status=400,
        )
    auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request, _("가입이 완료되었습니다. 기업을 등록하거나 소속 기업에 가입을 신청하세요.")
    )
    # Onboarding: register a new enterprise or ask to join one by 사업자등록번호.
    return redirect("enterprises:start")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(reverse_lazy("core:home"))


@auditor_may_write
@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the authenticator app (or a recovery code)."""
    user = request.user
    if not selectors.has_second_factor(user):
        return redirect(f"{reverse_lazy('accounts:second_factor_setup')}?next={_next_url(request)}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("인증 코드가 올바르지 않습니다. 잠시 후 다시 시도하세요."))
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@auditor_may_write
@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """QR code and secret of a new authenticator; the first code confirms it."""
    user = request.user
    if selectors.has_second_factor(user):
        return redirect("accounts:account")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.confirm_totp_setup(actor=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(f"{reverse_lazy('accounts:recovery_codes')}?next={_next_url(request)}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = services.start_totp_setup(actor=user)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": qr.svg_inline(scale=5, dark="#1a1a1a", title=_("인증 앱 등록용 QR 코드")),
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "enforced": selectors.second_factor_enforced(user),
    }
    return render(request, "accounts/second_factor_setup.html", context)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:account")
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """내 계정: second factor, recovery codes and API tokens."""
    user = request.user
    context = {
        "has_second_factor": selectors.has_second_factor(user),
        "enforced": selectors.second_factor_enforced(user),
        "recovery_codes_left": selectors.recovery_codes_left(user),
        "tokens": selectors.active_tokens(user),
    }
    return render(request, "accounts/account.html", context)


@auditor_may_write
@require_POST
@login_required
def regenerate_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not selectors.has_second_factor(request.user):
        return redirect("accounts:account")
    request.session[RECOVERY_CODES_SESSION_KEY] = services.regenerate_recovery_codes(
        actor=request.user
    )
    return redirect("accounts:recovery_codes")


@auditor_may_write
@require_POST
@login_required
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(token=token, actor=request.user)
    messages.success(request, _("API 토큰을 폐기했습니다."))
    return redirect("accounts:account")
