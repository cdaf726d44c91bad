from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from districts.models import DistrictStage
from seoul_se.core.forms import CleanInputMixin


class StageApplicationForm(CleanInputMixin, forms.Form):
    district = forms.ModelChoiceField(queryset=None, label=_("신청 자치구"))  # type: ignore[arg-type]
    stage = forms.ModelChoiceField(queryset=None, label=_("지원 단계"))  # type: ignore[arg-type]
    title = forms.CharField(label=_("사업명"), max_length=200)
    summary = forms.CharField(label=_("사업 개요"), required=False, widget=forms.Textarea)
    requested_amount = forms.IntegerField(
        label=_("신청 금액(원)"), min_value=1, help_text=_("원 단위")
    )
    duration_months = forms.IntegerField(label=_("사업기간(개월)"), min_value=1, initial=12)

    def __init__(
        self, *args: Any, districts: Any, stages: QuerySet[DistrictStage], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["stage"].queryset = stages
