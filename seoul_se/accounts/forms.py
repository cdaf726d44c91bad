from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from seoul_se.accounts.lockout import normalise_email
from seoul_se.accounts.models import User
from seoul_se.core.forms import CleanInputMixin


class EmailAuthenticationForm(CleanInputMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("이메일"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("이메일 또는 비밀번호가 올바르지 않습니다."),
        "inactive": _("비활성화된 계정입니다. 관리자에게 문의하세요."),
    }

    def clean_username(self) -> str:
        # One identity for login and lock-out, whatever the spelling.
        return normalise_email(self.cleaned_data.get("username"))


class SignupForm(CleanInputMixin, forms.ModelForm):
    """Self-registration of an enterprise member; staff verify their enterprise link later."""

    password1 = forms.CharField(
        label=_("비밀번호"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("비밀번호 확인"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    class Meta:
        model = User
        fields = ["email", "name", "phone"]

    def validate_unique(self) -> None:
        """Registered or not, an address gets the same answer (see ``services.sign_up``)."""

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("비밀번호가 일치하지 않습니다."))
        elif p1:
            user = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SecondFactorForm(CleanInputMixin, forms.Form):
    code = forms.CharField(
        label=_("인증 코드"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("인증 앱에 표시된 6자리 숫자 또는 복구 코드"),
    )
