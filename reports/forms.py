from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reports import selectors
from reports.models import Budget, Expenditure, LineKind, ReportKind, Revenue
from seoul_se.core.forms import CleanInputMixin


def _line_choices(budget: Budget, kind: str) -> list[tuple[int, str]]:
    return [
        (line.pk, " > ".join(n for n in _path(line))) for line in selectors.leaf_lines(budget, kind)
    ]


def _path(line: Any) -> list[str]:
    names = []
    while line is not None:
        names.insert(0, line.name)
        line = line.parent
    return names


class RevenueForm(CleanInputMixin, forms.Form):
    line = forms.TypedChoiceField(label=_("세입 과목"), coerce=int)
    date = forms.DateField(label=_("수입일"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.IntegerField(label=_("금액(원)"))
    source = forms.ChoiceField(label=_("수입 종류"), choices=Revenue.Source.choices)
    description = forms.CharField(label=_("적요"), required=False, max_length=300)

    def __init__(self, *args: Any, budget: Budget, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = _line_choices(budget, LineKind.REVENUE)


class ExpenditureForm(CleanInputMixin, forms.Form):
    line = forms.TypedChoiceField(label=_("세출 과목"), coerce=int)
    date = forms.DateField(label=_("지출일"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.IntegerField(label=_("금액(원)"))
    payee = forms.CharField(label=_("지급처"), max_length=200)
    evidence_type = forms.ChoiceField(label=_("증빙 종류"), choices=Expenditure.Evidence.choices)
    evidence_reference = forms.CharField(label=_("증빙 번호·참조"), required=False, max_length=200)
    evidence_file = forms.FileField(label=_("증빙 파일"), required=False)
    description = forms.CharField(label=_("적요"), required=False, max_length=300)

    def __init__(self, *args: Any, budget: Budget, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = _line_choices(budget, LineKind.EXPENDITURE)


class BudgetChangeForm(CleanInputMixin, forms.Form):
    line = forms.TypedChoiceField(label=_("세출 과목"), coerce=int)
    amount = forms.IntegerField(label=_("변경액(원, 감액은 음수)"))
    reason = forms.CharField(label=_("변경 사유"), max_length=300)

    def __init__(self, *args: Any, budget: Budget, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = _line_choices(budget, LineKind.EXPENDITURE)


class FindingForm(CleanInputMixin, forms.Form):
    expenditure = forms.IntegerField(label=_("관련 지출 번호"), required=False)
    disallowed_amount = forms.IntegerField(label=_("불인정금액(원)"), initial=0)
    reason = forms.CharField(label=_("지적 사유"), widget=forms.Textarea(attrs={"rows": 3}))


class TransitionForm(CleanInputMixin, forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("의견"), required=False, max_length=1000)


class GenerateForm(CleanInputMixin, forms.Form):
    kind = forms.ChoiceField(label=_("보고서 종류"), choices=ReportKind.choices)
    budget_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("연도"), required=False)
    as_of = forms.DateField(
        label=_("기준일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            ReportKind.SETTLEMENT: {"budget_id": data.get("budget_id")},
            ReportKind.PERFORMANCE: {"year": data.get("year")},
            ReportKind.FUND_STATUS: {"as_of": data.get("as_of")},
        }[data["kind"]]
