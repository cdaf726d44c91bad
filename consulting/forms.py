from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consulting.models import Case, Expert, Field
from seoul_se.core.forms import CleanInputMixin, DecimalTextField


class RequestForm(CleanInputMixin, forms.Form):
    """A member's online request (the enterprise: one of its own)."""

    enterprise = forms.ModelChoiceField(queryset=None, label=_("기업"))  # type: ignore[arg-type]
    field = forms.ChoiceField(label=_("분야"), choices=Field.choices)
    description = forms.CharField(label=_("요청 내용"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        if enterprises.count() == 1:
            self.fields["enterprise"].initial = enterprises.first()


class RecordForm(RequestForm):
    """Staff record a walk-in, phone call or visit."""

    kind = forms.ChoiceField(label=_("구분"), choices=Case.Kind.choices)
    channel = forms.ChoiceField(
        label=_("접수 경로"),
        choices=[c for c in Case.Channel.choices if c[0] != Case.Channel.ONLINE],
    )
    requested_on = forms.DateField(
        label=_("접수일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AssignForm(CleanInputMixin, forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, label=_("담당 직원"), required=False)  # type: ignore[arg-type]
    expert = forms.ModelChoiceField(queryset=None, label=_("외부 전문가"), required=False)  # type: ignore[arg-type]

    def __init__(self, *args: Any, staff: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]
        self.fields["expert"].queryset = experts  # type: ignore[attr-defined]


class SessionForm(CleanInputMixin, forms.Form):
    held_on = forms.DateField(label=_("상담일"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = DecimalTextField(label=_("시간"), max_digits=4, decimal_places=1)
    notes = forms.CharField(
        label=_("내용"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(CleanInputMixin, forms.Form):
    outcome = forms.CharField(label=_("상담 결과"), widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(label=_("취소 사유"), required=False)


class FollowUpForm(CleanInputMixin, forms.Form):
    description = forms.CharField(
        label=_("사후지원 내용"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RateForm(CleanInputMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("만족도"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("의견"), required=False)


class ExpertForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["name", "field", "organisation", "user", "is_active"]
