from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from enterprises.validators import normalize_business_number
from funds import services
from funds.fields import DEPOSIT_FIELDS, PRODUCT_FIELDS
from funds.kinds import POSTABLE_KINDS
from funds.models import (
    Deposit,
    ImpactInvestment,
    Intermediary,
    IntermediaryEvaluation,
    IntermediarySelection,
    LoanProduct,
    LoanStatus,
    PrepaymentMode,
    TransactionKind,
)
from seoul_se.core.forms import CleanInputMixin, CleanModelForm, DecimalTextField

DATE = forms.DateInput(attrs={"type": "date"})


class AsOfForm(CleanInputMixin, forms.Form):
    as_of = forms.DateField(label=_("기준일"), required=False, widget=DATE)

    def as_of_date(self):
        if self.is_valid() and self.cleaned_data["as_of"]:
            return self.cleaned_data["as_of"]
        return timezone.localdate()


class LoanFilterForm(CleanInputMixin, forms.Form):
    q = forms.CharField(label=_("검색(융자번호·기업명)"), required=False)
    status = forms.ChoiceField(
        label=_("상태"), required=False, choices=[("", _("전체")), *LoanStatus.choices]
    )
    intermediary = forms.ModelChoiceField(
        label=_("수행기관"), required=False, queryset=Intermediary.objects.all()
    )
    product = forms.ModelChoiceField(
        label=_("상품"), required=False, queryset=LoanProduct.objects.all()
    )


class LoanApplicationForm(CleanInputMixin, forms.Form):
    business_number = forms.CharField(
        label=_("차주 사업자등록번호"), max_length=12, help_text=_("숫자 10자리 (하이픈 허용)")
    )
    intermediary = forms.ModelChoiceField(
        label=_("수행기관"), queryset=Intermediary.objects.filter(is_active=True)
    )
    product = forms.ModelChoiceField(
        label=_("융자 상품"), queryset=LoanProduct.objects.filter(is_active=True)
    )
    amount = forms.IntegerField(label=_("신청액(원)"))
    rate = DecimalTextField(label=_("금리(연, 예: 0.02)"), max_digits=7, decimal_places=5)
    term_months = forms.IntegerField(label=_("기간(개월)"))
    grace_months = forms.IntegerField(label=_("거치 기간(개월)"), initial=0)
    purpose = forms.CharField(label=_("자금 용도"), widget=forms.Textarea, required=False)
    applied_on = forms.DateField(label=_("신청일"), widget=DATE, initial=timezone.localdate)

    def clean_business_number(self):
        digits = normalize_business_number(self.cleaned_data["business_number"])
        enterprise = Enterprise.objects.filter(business_number=digits).first()
        if enterprise is None:
            raise forms.ValidationError(
                _("등록된 기업이 아닙니다. 사업자등록번호를 확인해 주세요.")
            )
        self.cleaned_data["enterprise"] = enterprise
        return digits


class DecisionForm(CleanInputMixin, forms.Form):
    """A workflow decision on a loan (the button says which: ``action``)."""

    on = forms.DateField(label=_("일자"), widget=DATE, initial=timezone.localdate)
    comment = forms.CharField(label=_("의견"), required=False)


class ApprovalForm(DecisionForm):
    amount = forms.IntegerField(label=_("승인액(원)"), required=False)

    field_order = ["on", "amount", "comment"]


class DisbursementForm(CleanInputMixin, forms.Form):
    amount = forms.IntegerField(label=_("지급액(원)"))
    on = forms.DateField(label=_("지급일"), widget=DATE, initial=timezone.localdate)


class PostingForm(CleanInputMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("구분"),
        choices=[(k, label) for k, label in TransactionKind.choices if k in POSTABLE_KINDS],
    )
    value_date = forms.DateField(label=_("거래일"), widget=DATE, initial=timezone.localdate)
    amount = forms.IntegerField(label=_("금액(원)"))
    prepayment_mode = forms.ChoiceField(
        label=_("중도상환 방식"), required=False, choices=[("", "-"), *PrepaymentMode.choices]
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class PayoffQuoteForm(CleanInputMixin, forms.Form):
    """The loan page's payoff quote: the amount that closes the loan on this day."""

    on = forms.DateField(label=_("상환 예정일"), widget=DATE, initial=timezone.localdate)
    amount: int | None = None  # the quote, once asked for a valid date


class ReasonForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(label=_("사유"), max_length=500)


class WriteOffForm(ReasonForm):
    on = forms.DateField(label=_("상각일"), widget=DATE, initial=timezone.localdate)


class InspectionForm(CleanInputMixin, forms.Form):
    inspected_on = forms.DateField(label=_("점검일"), widget=DATE, initial=timezone.localdate)
    inspector = forms.CharField(label=_("점검자"), max_length=100)
    findings = forms.CharField(label=_("점검 결과"), widget=forms.Textarea, required=False)


class ReportSubmitForm(CleanInputMixin, forms.Form):
    summary = forms.CharField(label=_("보고 내용"), widget=forms.Textarea)


def model_form(model, fields):
    widgets = {
        name: DATE for name in fields if name in {"start", "maturity", "selected_on", "invested_on"}
    }
    return forms.modelform_factory(model, form=CleanModelForm, fields=fields, widgets=widgets)


SelectionForm = model_form(
    IntermediarySelection,
    ["intermediary", "year", "track", "city_allocation", "private_matching", "selected_on"],
)
EvaluationForm = model_form(
    IntermediaryEvaluation,
    [
        "intermediary",
        "year",
        "lending_score",
        "management_score",
        "risk_management_score",
        "accountant_on_site",
        "comment",
    ],
)
DepositForm = model_form(Deposit, DEPOSIT_FIELDS)
_ProductFields = model_form(LoanProduct, PRODUCT_FIELDS)


class ProductForm(_ProductFields):
    def clean(self):
        data = super().clean()
        if all(data.get(name) is not None for name in ("frequency", "term_months", "grace_months")):
            try:
                services.validate_product(
                    frequency=data["frequency"],
                    term_months=data["term_months"],
                    grace_months=data["grace_months"],
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


InvestmentForm = model_form(ImpactInvestment, ["partnership", "investee", "amount", "invested_on"])


class IntermediaryStaffForm(CleanInputMixin, forms.Form):
    email = forms.EmailField(label=_("이메일"))
    name = forms.CharField(label=_("이름"), max_length=100, required=False)
