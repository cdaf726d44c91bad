from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from education.models import COURSE_FIELDS, Course, CourseSession
from seoul_se.core.forms import CleanInputMixin, DecimalTextField

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CourseForm(CleanInputMixin, forms.ModelForm):
    completion_rate = DecimalTextField(
        label=_("수료 기준 출석률(%)"), max_digits=5, decimal_places=2, initial="80"
    )

    class Meta:
        model = Course
        fields = list(COURSE_FIELDS)
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class SessionForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = CourseSession
        fields = ["date", "starts_at", "ends_at", "topic"]
        widgets = {"date": DATE, "starts_at": TIME, "ends_at": TIME}


class CitizenForm(CleanInputMixin, forms.Form):
    name = forms.CharField(label=_("이름"), max_length=100)
    email = forms.EmailField(label=_("이메일"))
    phone = forms.CharField(label=_("전화번호"), max_length=30)
    consent = forms.BooleanField(
        label=_("개인정보 수집·이용에 동의합니다"),
        help_text=_(
            "수집 항목: 이름, 이메일, 전화번호 · 목적: 교육 안내와 수료 확인 · "
            "보유 기간: 교육 종료 후 1년"
        ),
    )


class SurveyForm(CleanInputMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("만족도"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("의견"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VerifyForm(CleanInputMixin, forms.Form):
    number = forms.CharField(label=_("수료증 번호"), max_length=32)

    def clean_number(self) -> Any:
        return self.cleaned_data["number"].strip().upper()
