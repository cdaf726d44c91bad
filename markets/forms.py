from django import forms
from django.utils.translation import gettext_lazy as _

from markets.models import ChannelKind, EventSeries, PeriodKind
from seoul_se.core.forms import CleanInputMixin

DATE = forms.DateInput(attrs={"type": "date"})
BUSINESS_NUMBER_HELP = _("숫자 10자리 (하이픈 허용)")


class ChannelForm(CleanInputMixin, forms.Form):
    kind = forms.ChoiceField(label=_("채널 유형"), choices=ChannelKind.choices)
    name = forms.CharField(label=_("채널명"), max_length=120)
    operator = forms.CharField(label=_("운영 주체"), max_length=120, required=False)
    opened_on = forms.DateField(label=_("개설일"), required=False, widget=DATE)


class PlacementForm(CleanInputMixin, forms.Form):
    business_number = forms.CharField(
        label=_("사업자등록번호"), max_length=20, help_text=BUSINESS_NUMBER_HELP
    )
    started_on = forms.DateField(label=_("입점일"), widget=DATE)
    ended_on = forms.DateField(label=_("종료일"), required=False, widget=DATE)
    products = forms.CharField(label=_("입점 상품"), max_length=300, required=False)


class SalesForm(CleanInputMixin, forms.Form):
    placement = forms.TypedChoiceField(label=_("입점 기업"), coerce=int)
    period_kind = forms.ChoiceField(label=_("기간 단위"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("연도"), min_value=2000, max_value=2100)
    period = forms.IntegerField(label=_("월/분기"), min_value=1, max_value=12)
    # No min_value: a negative figure reaches the service, which refuses it with its own code.
    amount = forms.IntegerField(label=_("매출액(원)"))

    def __init__(self, *args, placements=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["placement"].choices = [
            (p.pk, f"{p.enterprise.name} ({p.started_on})") for p in placements
        ]


class EventForm(CleanInputMixin, forms.Form):
    series = forms.ChoiceField(label=_("마켓"), choices=EventSeries.choices)
    name = forms.CharField(label=_("행사명"), max_length=120)
    held_on = forms.DateField(label=_("개최일"), widget=DATE)
    place = forms.CharField(label=_("장소"), max_length=120)


class ParticipationForm(CleanInputMixin, forms.Form):
    business_number = forms.CharField(
        label=_("사업자등록번호"), max_length=20, help_text=BUSINESS_NUMBER_HELP
    )
    sales = forms.IntegerField(label=_("매출액(원)"), initial=0)
