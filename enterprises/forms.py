from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.fields import ENTERPRISE_FIELDS
from enterprises.models import Certification, Enterprise, YearlyFigures
from enterprises.validators import normalize_business_number, normalize_corporate_number
from seoul_se.core.forms import CleanInputMixin


class EnterpriseForm(CleanInputMixin, forms.ModelForm):
    """Registration and profile form. Uniqueness and identity-change rules live in services."""

    business_number = forms.CharField(
        label=_("사업자등록번호"), max_length=12, help_text=_("000-00-00000")
    )
    corporate_number = forms.CharField(
        label=_("법인등록번호"),
        max_length=14,
        required=False,
        help_text=_("000000-0000000, 개인사업자는 비워 두세요."),
    )
    website = forms.URLField(label=_("홈페이지"), required=False, assume_scheme="https")

    class Meta:
        model = Enterprise
        fields = ENTERPRISE_FIELDS
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sectors": forms.CheckboxSelectMultiple,
            "strategic_fields": forms.CheckboxSelectMultiple,
            "social_mission": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, identity_note: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["business_number"] = self.instance.business_number_display
            self.initial["corporate_number"] = self.instance.corporate_number_display
        if identity_note:
            for name in ("name", "business_number", "corporate_number", "legal_type"):
                self.fields[name].help_text = _("바꾸면 센터 승인 후 반영됩니다(변경 요청).")

    def clean_business_number(self) -> str:
        return normalize_business_number(self.cleaned_data["business_number"])

    def clean_corporate_number(self) -> str:
        value = self.cleaned_data.get("corporate_number", "")
        return normalize_corporate_number(value) if value else ""

    def validate_unique(self) -> None:
        """Uniqueness is decided by the services (with a Korean message)."""


class JoinForm(CleanInputMixin, forms.Form):
    business_number = forms.CharField(
        label=_("사업자등록번호"), max_length=12, help_text=_("가입할 기업의 사업자등록번호")
    )


class CertificationForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "valid_from", "valid_to", "issuer", "document", "note"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class YearlyFiguresForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = YearlyFigures
        fields = [
            "year",
            "revenue",
            "employees",
            "vulnerable_employees",
            "public_procurement_sales",
            "social_value_notes",
        ]
        widgets = {"social_value_notes": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self) -> None:
        """Saving an existing year updates it (services)."""
