from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from impact_bonds.models import ImpactBond, OutcomeMetric
from impact_bonds.payout import Band
from seoul_se.core.forms import CleanInputMixin, DecimalTextField


class MeasurementForm(CleanInputMixin, forms.Form):
    metric = forms.ModelChoiceField(label=_("성과지표"), queryset=OutcomeMetric.objects.none())
    year = forms.IntegerField(label=_("측정 연도"), min_value=2000, max_value=2100)
    value = DecimalTextField(label=_("측정값"), max_digits=14, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("근거·비고"), max_length=300, required=False)

    def __init__(self, *args, bond: ImpactBond, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = bond.metrics.all()
        basis = bond.metrics.filter(is_payout_basis=True).first()
        if basis:
            self.fields["metric"].initial = basis.pk


class PayoutRuleForm(CleanInputMixin, forms.Form):
    bands = forms.CharField(
        label=_("성과보상 구간"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "한 줄에 한 구간: 하한(이상), 상한(미만), 지급률(%). 마지막 구간은 상한을 비웁니다. "
            "예: 0, 10, 0 / 10, 42, 100 / 42, , 130"
        ),
    )

    def clean_bands(self) -> list[Band]:
        bands = []
        for number, line in enumerate(self.cleaned_data["bands"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",")]
            if len(parts) != 3:
                raise ValidationError(
                    _("%(n)d번째 줄: '하한, 상한, 지급률' 세 값을 쉼표로 구분해 입력하세요.")
                    % {"n": number},
                    code="bands_format",
                )
            try:
                lower, upper, percent = (Decimal(p) if p else None for p in parts)
            except InvalidOperation:
                raise ValidationError(
                    _("%(n)d번째 줄: 숫자만 입력하세요.") % {"n": number}, code="bands_format"
                ) from None
            if lower is None or percent is None:
                raise ValidationError(
                    _("%(n)d번째 줄: 하한과 지급률은 비울 수 없습니다.") % {"n": number},
                    code="bands_format",
                )
            bands.append(Band(lower, upper, percent))
        return bands
