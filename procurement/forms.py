from django import forms
from django.utils.translation import gettext_lazy as _

from procurement.models import Institution, InstitutionKind
from seoul_se.core.forms import CleanInputMixin

DATE = forms.DateInput(attrs={"type": "date"})
BUSINESS_NUMBER_HELP = _("숫자 10자리 (하이픈 허용)")


class InstitutionForm(CleanInputMixin, forms.Form):
    name = forms.CharField(label=_("기관명"), max_length=120)
    kind = forms.ChoiceField(label=_("기관 유형"), choices=InstitutionKind.choices)


class TargetForm(CleanInputMixin, forms.Form):
    year = forms.IntegerField(label=_("연도"), min_value=2000, max_value=2100)
    institution = forms.ModelChoiceField(
        label=_("기관"),
        queryset=Institution.objects.all(),
        required=False,
        empty_label=_("서울시 전체"),
    )
    amount = forms.IntegerField(label=_("구매 목표액(원)"))


class PurchaseForm(CleanInputMixin, forms.Form):
    institution = forms.ModelChoiceField(label=_("기관"), queryset=Institution.objects.all())
    business_number = forms.CharField(
        label=_("기업 사업자등록번호"), max_length=20, help_text=BUSINESS_NUMBER_HELP
    )
    amount = forms.IntegerField(label=_("구매액(원)"))
    purchased_on = forms.DateField(label=_("구매일"), widget=DATE)
    item = forms.CharField(label=_("품목"), max_length=200)


class EventForm(CleanInputMixin, forms.Form):
    name = forms.CharField(label=_("상담회명"), max_length=150)
    starts_on = forms.DateField(label=_("시작일"), widget=DATE)
    ends_on = forms.DateField(label=_("종료일"), widget=DATE)
    place = forms.CharField(label=_("장소"), max_length=120, required=False)


class MeetingForm(CleanInputMixin, forms.Form):
    business_number = forms.CharField(
        label=_("기업 사업자등록번호"), max_length=20, help_text=BUSINESS_NUMBER_HELP
    )
    institution = forms.ModelChoiceField(label=_("기관"), queryset=Institution.objects.all())
    note = forms.CharField(label=_("상담 내용"), max_length=300, required=False)


class ContractForm(CleanInputMixin, forms.Form):
    meeting = forms.TypedChoiceField(label=_("상담"), coerce=int)
    amount = forms.IntegerField(label=_("계약액(원)"))
    signed_on = forms.DateField(label=_("계약일"), widget=DATE)

    def __init__(self, *args, meetings=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [(m.pk, str(m)) for m in meetings]
