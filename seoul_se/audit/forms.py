from auditlog.models import LogEntry
from django import forms
from django.utils.translation import gettext_lazy as _

from seoul_se.accounts.models import User


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("자료 종류"), required=False)
    object_pk = forms.CharField(label=_("자료 번호"), required=False, max_length=64)
    actor = forms.ModelChoiceField(label=_("사용자"), queryset=User.objects.all(), required=False)
    action = forms.TypedChoiceField(
        label=_("작업"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "전체"), *LogEntry.Action.choices],
    )
    date_from = forms.DateField(
        label=_("시작일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("종료일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, model_choices: list[tuple[str, str]], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "전체"), *model_choices]

    def selector_kwargs(self) -> dict:
        data = self.cleaned_data
        actor = data.get("actor")
        return {
            "model": data.get("model") or None,
            "object_pk": data.get("object_pk") or None,
            "actor_id": actor.pk if actor else None,
            "action": data.get("action"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
