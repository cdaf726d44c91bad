"""The page-side error helpers every app uses (seoul_se.core.feedback)."""

from django import forms
from django.core.exceptions import ValidationError

from seoul_se.core.feedback import form_errors, show_on_form


class AmountForm(forms.Form):
    amount = forms.IntegerField()
    note = forms.CharField(required=False)


def _valid_form() -> AmountForm:
    form = AmountForm({"amount": "5", "note": ""})
    assert form.is_valid()
    return form


def test_form_errors_flattens_a_form_and_a_validation_error():
    form = AmountForm({"amount": "x"})
    assert not form.is_valid()
    assert form_errors(form) == [str(form.errors["amount"][0])]
    exc = ValidationError({"amount": ["금액 오류"], "note": ["메모 오류"]})
    assert sorted(form_errors(exc)) == ["금액 오류", "메모 오류"]
    assert form_errors(ValidationError("한 가지 오류", code="one")) == ["한 가지 오류"]


def test_show_on_form_puts_field_errors_on_their_fields_with_their_codes():
    form = _valid_form()
    show_on_form(
        form,
        ValidationError(
            {
                "amount": ValidationError("한도를 넘습니다.", code="over_limit"),
                "deadline": ValidationError("마감되었습니다.", code="closed"),
            }
        ),
    )
    assert form.errors["amount"] == ["한도를 넘습니다."]
    assert form.has_error("amount", code="over_limit")
    # A field the form does not have: shown above the form, code kept.
    assert form.non_field_errors() == ["마감되었습니다."]
    assert form.has_error(forms.forms.NON_FIELD_ERRORS, code="closed")
    assert "amount" not in form.cleaned_data


def test_show_on_form_puts_a_plain_error_above_the_form():
    form = _valid_form()
    show_on_form(form, ValidationError("이미 제출되었습니다.", code="already_submitted"))
    assert form.non_field_errors() == ["이미 제출되었습니다."]
    assert form.has_error(forms.forms.NON_FIELD_ERRORS, code="already_submitted")
