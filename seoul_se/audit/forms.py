import datetime as dt
from typing import TypedDict

from auditlog.models import LogEntry
from django import forms
from django.utils.translation import gettext_lazy as _

from seoul_se.accounts.models import User
from seoul_se.audit.models import AccessLog
from seoul_se.core.forms import CleanInputMixin


class AuditFilterForm(CleanInputMixin, forms.Form):
    model = forms.ChoiceField(label=_("자료 종류"), required=False)
    object_pk = forms.CharField(label=_("자료 번호"), required=False, max_length=64)
    actor = forms.ModelChoiceField(label=_("사용자"), queryset=User.objects.all(), required=False)
    action = forms.TypedChoiceField(
        label=_("작업"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("전체")), *LogEntry.Action.choices],
    )
    date_from = forms.DateField(
        label=_("시작일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("종료일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, model_choices: list[tuple[str, str]], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("전체")), *model_choices]

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


class AccessLogFilterForm(CleanInputMixin, forms.Form):
    actor = forms.ModelChoiceField(label=_("사용자"), queryset=User.objects.none(), required=False)
    action = forms.ChoiceField(
        label=_("작업"), required=False, choices=[("", _("전체")), *AccessLog.Action.choices]
    )
    target = forms.ChoiceField(label=_("자료 종류"), required=False)
    record_id = forms.IntegerField(label=_("자료 번호"), required=False, min_value=1)
    date_from = forms.DateField(
        label=_("시작일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("종료일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actors, targets: list[tuple[str, str]], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors  # type: ignore[attr-defined]
        self.fields["target"].choices = [("", _("전체")), *targets]

    def selector_kwargs(self) -> dict:
        data = self.cleaned_data
        actor = data.get("actor")
        return {
            "actor_id": actor.pk if actor else None,
            "action": data.get("action") or None,
            "target": data.get("target") or None,
            "record_id": data.get("record_id"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


PURPOSE_FIELDS = ("purpose", "purpose_detail")


class PurposeKwargs(TypedDict):
    purpose: str
    purpose_detail: str


class ExportPurposeForm(CleanInputMixin, forms.Form):
    """Asked before every export of personal data; the answer goes into the access log."""

    purpose = forms.ChoiceField(
        label=_("내려받는 목적"),
        choices=[("", _("선택하세요")), *AccessLog.Purpose.choices],
        error_messages={"required": _("내려받는 목적을 선택하세요.")},
    )
    purpose_detail = forms.CharField(
        label=_("목적 상세"),
        required=False,
        max_length=200,
        help_text=_("예: 2026년 상반기 인증기업 현황 점검. 기타를 고르면 반드시 입력합니다."),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("purpose") == AccessLog.Purpose.OTHER and not data.get("purpose_detail"):
            self.add_error(
                "purpose_detail",
                forms.ValidationError(
                    _("기타 목적을 직접 입력하세요."), code="purpose_detail_required"
                ),
            )
        return data

    def log_kwargs(self) -> "PurposeKwargs":
        data = self.cleaned_data
        return {"purpose": data["purpose"], "purpose_detail": data.get("purpose_detail") or ""}


class MonthForm(CleanInputMixin, forms.Form):
    month = forms.DateField(
        label=_("점검 월"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def clean_month(self) -> dt.date | None:
        month = self.cleaned_data["month"]
        # The month's bounds (Seoul midnight of its first day and of the next month's) must be
        # dates and datetimes Python can hold: "9999-12" and "0001-01" crashed the page.
        if month is not None and not dt.date(1, 2, 1) <= month <= dt.date(9999, 11, 1):
            raise forms.ValidationError(
                _("점검 월이 올바르지 않습니다."), code="month_out_of_range"
            )
        return month


class ReviewForm(CleanInputMixin, forms.Form):
    note = forms.CharField(
        label=_("점검 의견"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("특이사항을 확인한 결과와 조치(소명 요청 등)를 적습니다."),
    )
