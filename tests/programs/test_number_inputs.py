"""Amounts and numbers typed as text on programs pages: correct thousands groups are read,
"1,2,3" and "1e3" are refused instead of being read as 123 or 1000 (issue 11, finding 11)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programs import services
from programs.forms import DisbursementForm, PlanForm, ScoreForm
from programs.models import Answer, CallQuestion

pytestmark = pytest.mark.django_db


def _propose(client, application, amount):
    return client.post(
        reverse("programs:call_ranking", args=[application.call_id]),
        {f"status_{application.pk}": "selected", f"amount_{application.pk}": amount},
        follow=True,
    )


@pytest.mark.parametrize("typed", ["1,2,3", "1e3", "6000만"])
def test_ranking_amount_refuses_malformed_numbers(client_for, staff, in_review, typed):
    response = _propose(client_for(staff), in_review, typed)
    assert "선정안을 저장했습니다" not in response.text
    assert "선정 금액" in response.text and "1,234,000" in response.text
    in_review.refresh_from_db()
    assert in_review.proposed_amount is None


def test_ranking_amount_reads_thousands_groups(client_for, staff, in_review):
    response = _propose(client_for(staff), in_review, "60,000,000")
    assert "선정안을 저장했습니다" in response.text
    in_review.refresh_from_db()
    assert in_review.proposed_amount == 60_000_000


@pytest.mark.parametrize("typed", ["1e3", "1,2,3"])
def test_number_question_refuses_exponent_and_bad_grouping(call, typed):
    question = CallQuestion.objects.create(
        call=call, text="고용 인원", kind=CallQuestion.Kind.NUMBER
    )
    # The extra questions are on the 사업 계획 step's form.
    form = PlanForm({"summary": "t", f"q_{question.pk}": typed}, call=call)
    assert not form.is_valid()
    assert form.errors.as_data()[f"q_{question.pk}"][0].code == "number_format"


def test_save_answers_service_refuses_what_the_form_refuses(draft, applicant):
    question = CallQuestion.objects.create(
        call=draft.call, text="고용 인원", kind=CallQuestion.Kind.NUMBER
    )
    with pytest.raises(ValidationError):
        services.save_answers(draft, {question.pk: "1,2,3"}, actor=applicant)
    services.save_answers(draft, {question.pk: "1,234"}, actor=applicant)
    assert Answer.objects.get(question=question).value == "1,234"


def test_score_refuses_exponent(criteria):
    criterion = criteria[0]
    form = ScoreForm({f"c_{criterion.pk}": "1e1"}, criteria=[criterion])
    assert not form.is_valid()
    assert form.errors.as_data()[f"c_{criterion.pk}"][0].code == "number_format"
    form = ScoreForm({f"c_{criterion.pk}": "10"}, criteria=[criterion])
    assert form.is_valid() and form.values() == {criterion.pk: Decimal(10)}


@pytest.mark.parametrize("typed", ["1,2,3", "1e3"])
def test_disbursement_amount_refuses_malformed_numbers(typed):
    form = DisbursementForm({"amount": typed, "paid_on": "2020-05-01"})
    assert not form.is_valid() and "amount" in form.errors
