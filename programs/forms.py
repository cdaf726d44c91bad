"""Forms of the programs pages: input shape only; rules are checked by services/rules."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.fields import CALL_TERMS_FIELDS
from programs.models import (
    ApartmentComplex,
    Application,
    Call,
    CallDocument,
    CallQuestion,
    ComplexYear,
    EvidenceKind,
    LivingProblem,
    Program,
    ProgramRule,
    RankingMethod,
    Result,
    ReviewCriterion,
    SelfHelpGroup,
    Workshop,
)
from programs.workflow import MACHINE, manual_actions
from seoul_se.core.forms import CleanInputMixin, DecimalTextField

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "program",
            *CALL_TERMS_FIELDS,
            "status",
        ]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME, "review_deadline": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            raise forms.ValidationError(_("접수 마감은 접수 시작 이후여야 합니다."))
        return data


# Text fields the step pages autosave while the member types (static/js/autosave.js).
AUTOSAVE = {"data-autosave": ""}


class BasicForm(CleanInputMixin, forms.ModelForm):
    """Step 기본 정보: track, name, amount, duration and persons."""

    class Meta:
        model = Application
        fields = ["rule", "title", "requested_amount", "duration_months", "persons"]
        widgets = {"title": forms.TextInput(attrs=AUTOSAVE)}

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = ProgramRule.objects.filter(program=call.program_id)
        self.fields["rule"].required = False
        self.fields["rule"].help_text = _("비우면 기업 유형에 맞는 트랙이 선택됩니다.")
        self.fields["requested_amount"].help_text = _("원 단위")


def _question_field(question: CallQuestion) -> forms.Field:
    if question.kind == question.Kind.CHOICE:
        field: forms.Field = forms.ChoiceField(
            choices=[("", "—")] + [(c, c) for c in question.choice_list]
        )
    elif question.kind == question.Kind.NUMBER:
        field = DecimalTextField()
    else:
        field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, **AUTOSAVE}))
    field.label = question.text
    field.required = False  # required answers are enforced on submission
    return field


class PlanForm(CleanInputMixin, forms.Form):
    """Step 사업 계획: the summary and the call's extra questions (file questions excepted)."""

    summary = forms.CharField(
        label=_("사업 개요"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, **AUTOSAVE}),
    )

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in call.questions.all():
            if question.kind != question.Kind.FILE:
                self.fields[f"q_{question.pk}"] = _question_field(question)

    def answers(self, present: Any = None) -> dict[int, str]:
        """Question pk → text; with ``present`` (the POST data), only the fields it holds."""
        return {
            int(name[2:]): str(value if value is not None else "")
            for name, value in self.cleaned_data.items()
            if name.startswith("q_") and (present is None or name in present)
        }


class DraftTextForm(PlanForm):
    """What the autosave endpoint accepts: the text fields of any step."""

    title = forms.CharField(required=False, max_length=200)


class BudgetLineForm(CleanInputMixin, forms.Form):
    item = forms.CharField(label=_("비목"), max_length=100, required=False)
    amount = DecimalTextField(label=_("금액(원)"), required=False, max_digits=15, decimal_places=0)


BudgetFormSet = forms.formset_factory(BudgetLineForm, extra=3, max_num=30)


class EnterpriseChoiceForm(CleanInputMixin, forms.Form):
    enterprise = forms.ModelChoiceField(queryset=None, label=_("신청 기업"))  # type: ignore[arg-type]


class AttachmentForm(CleanInputMixin, forms.Form):
    label = forms.CharField(label=_("서류명"), max_length=200)
    file = forms.FileField(label=_("파일"))


class PartnerForm(CleanInputMixin, forms.Form):
    business_number = forms.CharField(label=_("참여기업 사업자등록번호"), max_length=12)


class TransitionForm(CleanInputMixin, forms.Form):
    """The moves staff take by hand, as the machine allows them to ``user`` now."""

    action = forms.ChoiceField(label=_("변경할 상태"))
    comment = forms.CharField(
        label=_("의견"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, application: Application, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            (action.name, MACHINE.label(action.target))
            for action in manual_actions(application, user)
        ]


class SupplementForm(CleanInputMixin, forms.Form):
    message = forms.CharField(label=_("요청 내용"), widget=forms.Textarea(attrs={"rows": 3}))
    due_at = forms.DateTimeField(label=_("제출 기한"), widget=DATETIME)


class SupplementAnswerForm(CleanInputMixin, forms.Form):
    response = forms.CharField(label=_("보완 내용"), widget=forms.Textarea(attrs={"rows": 3}))


class CallDocumentForm(CleanInputMixin, forms.Form):
    kind = forms.ChoiceField(label=_("구분"), choices=CallDocument.Kind.choices)
    label = forms.CharField(
        label=_("문서명"), required=False, max_length=200, help_text=_("비우면 구분 이름")
    )
    file = forms.FileField(label=_("파일"), help_text=_("PDF, HWP/HWPX, DOCX, XLSX"))


class SendToReviewForm(CleanInputMixin, forms.Form):
    """The screened applications to send, and the second confirmation the warnings ask for."""

    applications = forms.TypedMultipleChoiceField(
        label=_("심사로 보낼 신청서"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    comment = forms.CharField(
        label=_("의견"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    acknowledged = forms.BooleanField(label=_("그래도 심사로 보냅니다"), required=False)

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [
            (a.pk, f"{a.receipt_number} {a.title} ({a.applicant.name})") for a in applications
        ]
        self.fields["applications"].initial = [a.pk for a in applications]


class ConflictForm(CleanInputMixin, forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("이해충돌 여부"),
        choices=[("no", _("이해충돌 없음")), ("yes", _("이해충돌 있음"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("사유"), required=False)


class ScoreForm(CleanInputMixin, forms.Form):
    comment = forms.CharField(
        label=_("심사 의견"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c_{criterion.pk}"] = DecimalTextField(
                label=f"{criterion.name} ({criterion.min_score}~{criterion.max_score}, ×{criterion.weight})",
                max_digits=6,
                decimal_places=2,
            )
        # The opinion follows the scores it explains.
        self.fields["comment"] = self.fields.pop("comment")

    def values(self) -> dict[int, Decimal]:
        return {
            int(name[2:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("c_")
        }


class AssignReviewerForm(CleanInputMixin, forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None, label=_("심사위원"))  # type: ignore[arg-type]


class AgreementForm(CleanInputMixin, forms.Form):
    award_amount = forms.IntegerField(label=_("협약 금액(원)"), min_value=1)
    starts_on = forms.DateField(label=_("사업 시작일"), widget=DATE)
    ends_on = forms.DateField(label=_("사업 종료일"), widget=DATE)
    signed_on = forms.DateField(label=_("협약일"), widget=DATE)
    instalments = forms.IntegerField(
        label=_("교부 횟수"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("협약 금액을 균등 분할합니다(원 단위 나머지는 마지막 회차에 포함)."),
    )


class DisbursementForm(CleanInputMixin, forms.Form):
    amount = forms.IntegerField(label=_("교부액(원)"), min_value=1)
    paid_on = forms.DateField(label=_("교부일"), widget=DATE)
    note = forms.CharField(label=_("비고"), required=False, max_length=200)


class InterimForm(CleanInputMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("중간평가 결과"),
        choices=[("continue", _("계속 지원")), ("terminate", _("지원 종료"))],
    )
    additional_amount = forms.IntegerField(label=_("추가 사업비(원)"), min_value=0, initial=0)
    comment = forms.CharField(label=_("평가 의견"), required=False)


class ResultForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Result
        fields = ["kind", "quantity", "description", "period_start", "period_end", "evidence"]
        widgets = {"period_start": DATE, "period_end": DATE}


class WorkshopForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["held_on", "topic", "facilitator", "attendance"]
        widgets = {"held_on": DATE}


class ApplicationFilterForm(CleanInputMixin, forms.Form):
    call = forms.ModelChoiceField(queryset=Call.objects.none(), required=False, label=_("공모"))
    status = forms.ChoiceField(
        choices=[("", _("전체")), *list(Application.Status.choices)],
        required=False,
        label=_("상태"),
    )
    q = forms.CharField(required=False, label=_("검색(기업명·접수번호)"))

    def __init__(self, *args: Any, calls: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["call"]
        field.queryset = calls  # validation accepts any call
        # The dropdown lists only the selected call's year (or the latest calls): rendering
        # hundreds of options dominated the page time with 500 calls.
        selected = str(self.data.get("call") or "")
        year = (
            calls.filter(pk=selected).values_list("program__year", flat=True).first()
            if selected.isascii() and selected.isdigit()  # "²" is a digit int() refuses
            else None
        )
        shown = calls.filter(program__year=year) if year else calls[:60]
        field.widget.choices = [("", "—")] + [(c.pk, c.title) for c in shown]


class ProgramForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "year",
            "program_type",
            "name",
            "department",
            "description",
            "budget_amount",
            "national_amount",
            "city_amount",
            "national_share",
            "max_years",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("national_amount") or 0) + (data.get("city_amount") or 0) != (
            data.get("budget_amount") or 0
        ):
            raise forms.ValidationError(_("국비와 시비의 합이 예산액과 같아야 합니다."))
        return data


class RuleForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = ProgramRule
        fields = [
            "code",
            "name",
            "eligible_legal_types",
            "max_amount",
            "consortium_multiplier",
            "max_duration_months",
            "monthly_rate_per_person",
            "sort_order",
        ]
        widgets = {"eligible_legal_types": forms.CheckboxSelectMultiple}


class CriterionForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = ReviewCriterion
        fields = ["name", "weight", "min_score", "max_score", "sort_order"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("min_score") is not None and data.get("max_score") is not None:
            if data["min_score"] >= data["max_score"]:
                raise forms.ValidationError(_("최고 점수는 최저 점수보다 커야 합니다."))
        return data


class QuestionForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = CallQuestion
        fields = ["text", "kind", "choices", "required", "sort_order"]


class ComplexForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = ApartmentComplex
        fields = [
            "name",
            "district",
            "neighbourhood",
            "households",
            "elderly_households",
            "tenure",
            "coordinator",
            "joined_year",
            "note",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        households, elderly = data.get("households"), data.get("elderly_households")
        if households is not None and elderly is not None and elderly > households:
            raise forms.ValidationError(_("노인 거주 세대수가 세대수보다 많을 수 없습니다."))
        return data


class ComplexYearForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = ComplexYear
        fields = ["year", "stage", "expected_workshops"]


class LivingProblemForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = LivingProblem
        fields = ["year", "category", "description"]


class SelfHelpGroupForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = SelfHelpGroup
        fields = ["name", "members", "formed_on"]
        widgets = {"formed_on": DATE}


# The record kinds staff add on a complex page: form class and success message.
class MatchEnterpriseForm(CleanInputMixin, forms.Form):
    complex_year = forms.IntegerField(widget=forms.HiddenInput)
    business_number = forms.CharField(label=_("매칭 기업 사업자등록번호"), max_length=12)


class UnmatchEnterpriseForm(CleanInputMixin, forms.Form):
    complex_year = forms.IntegerField(widget=forms.HiddenInput)
    enterprise = forms.IntegerField(widget=forms.HiddenInput)


COMPLEX_RECORD_FORMS: dict[str, tuple[type[forms.ModelForm], str]] = {
    "year": (ComplexYearForm, _("연차 단계를 저장했습니다.")),
    "problem": (LivingProblemForm, _("생활문제를 기록했습니다.")),
    "group": (SelfHelpGroupForm, _("자조모임을 기록했습니다.")),
}


class RankingMethodForm(CleanInputMixin, forms.Form):
    method = forms.ChoiceField(label=_("순위 산정 방식"), choices=RankingMethod.choices)
    reason = forms.CharField(label=_("변경 사유"), max_length=500)


class GrantExpenditureForm(CleanInputMixin, forms.Form):
    spent_on = forms.DateField(label=_("집행일"), widget=DATE)
    payee = forms.CharField(label=_("지급처"), max_length=200)
    payee_business_number = forms.CharField(
        label=_("지급처 사업자등록번호"),
        required=False,
        max_length=12,
        help_text=_("숫자 10자리(- 없이 또는 포함)"),
    )
    payee_account = forms.CharField(label=_("지급 계좌"), required=False, max_length=40)
    amount = forms.IntegerField(label=_("집행액(원)"), min_value=1)
    evidence_kind = forms.ChoiceField(label=_("증빙 종류"), choices=EvidenceKind.choices)
    approval_number = forms.CharField(
        label=_("승인번호"),
        required=False,
        max_length=60,
        help_text=_("세금계산서 승인번호 또는 카드 승인번호"),
    )
    evidence_file = forms.FileField(label=_("증빙 파일"), required=False)
    split_reason = forms.CharField(
        label=_("분할 집행 사유"),
        required=False,
        max_length=300,
        help_text=_("하나의 계약을 나누어 지급하는 경우에만 적어 주세요(예: 기성금 분할 지급)."),
    )
