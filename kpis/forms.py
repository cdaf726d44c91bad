from django import forms
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kpis import measures
from kpis.models import BusinessArea, Direction, Source, Unit
from programs.models import Program
from seoul_se.core.forms import CleanInputMixin


class IndicatorForm(CleanInputMixin, forms.Form):
    area = forms.ModelChoiceField(BusinessArea.objects.all(), label=_("사업 분야"))
    program = forms.ModelChoiceField(
        Program.objects.all(),
        label=_("지원사업"),
        required=False,
        help_text=_("선택 사항. 같은 연도의 사업만 지정할 수 있습니다."),
    )
    year = forms.IntegerField(label=_("연도"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("지표명"), max_length=200)
    unit = forms.ChoiceField(label=_("단위"), choices=Unit.choices)
    direction = forms.ChoiceField(
        label=_("방향"), choices=Direction.choices, initial=Direction.HIGHER
    )
    cumulative = forms.BooleanField(label=_("누계"), required=False)
    target = forms.CharField(
        label=_("목표"), max_length=30, required=False, help_text=_("비우면 목표 미설정")
    )
    source = forms.ChoiceField(label=_("실적 산출 방식"), choices=Source.choices)
    measure_key = forms.ChoiceField(label=_("집계 기준"), required=False)
    measure_params = forms.JSONField(
        label=_("집계 매개변수 (JSON)"),
        required=False,
        initial=dict,
        help_text=_(
            '예: <code translate="no">{"program": 12}</code> — 지표와 같은 연도의 사업 번호'
        ),
    )
    note = forms.CharField(
        label=_("비고"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    order = forms.IntegerField(label=_("표시 순서"), min_value=0, initial=100)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["measure_key"].choices = [("", _("— 직접 입력 지표 —")), *measures.choices()]
        # Keys and parameter names are what the official types into the JSON: input syntax,
        # not words, so they are marked translate="no".
        self.fields["measure_key"].help_text = "<br>".join(
            f'<code translate="no">{escape(m.key)}</code>: {escape(gettext(m.description))}'
            + (
                " (" + gettext("매개변수: %(params)s") % {"params": _params(m.params)} + ")"
                if m.params
                else ""
            )
            for m in measures.REGISTRY.values()
        )


def _params(params: tuple[measures.Param, ...]) -> str:
    """``<code>case_kind</code>=상담 구분 (<code>daily</code>, <code>consulting</code>)``."""
    shown = []
    for param in params:
        values = ", ".join(f'<code translate="no">{escape(v)}</code>' for v in param.choices)
        shown.append(
            f'<code translate="no">{escape(param.name)}</code>={escape(gettext(param.label))}'
            + (f" ({values})" if values else "")
        )
    return ", ".join(shown)


class ManualEntryForm(CleanInputMixin, forms.Form):
    value = forms.CharField(label=_("실적값"), max_length=30)
    unit = forms.ChoiceField(label=_("단위"), choices=Unit.choices)
    evidence = forms.FileField(label=_("증빙 자료"), required=False)
    note = forms.CharField(
        label=_("설명"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(CleanInputMixin, forms.Form):
    comment = forms.CharField(
        label=_("의견"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
