"""The one API error body carries the stable code of a service's error (seoul_se.core.api)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from seoul_se.core.workflow import TransitionDenied


def _answer(error: Exception):
    class Raising(APIView):
        authentication_classes = []
        permission_classes = [AllowAny]

        def post(self, request):
            raise error

    response = Raising.as_view()(APIRequestFactory().post("/x", {}, format="json"))
    return response.status_code, response.data["error"]


def test_a_plain_service_error_answers_its_code():
    status, error = _answer(ValidationError("이미 제출되었습니다.", code="already_submitted"))
    assert status == 400
    assert error["code"] == "already_submitted"
    assert error["message"] == "이미 제출되었습니다."
    assert error["fields"] == {} and error["codes"] == {}


def test_field_errors_answer_each_fields_code_beside_its_messages():
    status, error = _answer(
        ValidationError(
            {
                "amount": ValidationError("한도를 넘습니다.", code="over_limit"),
                "unit": ValidationError("단위 불일치", code="unit_mismatch"),
            }
        )
    )
    assert status == 400
    assert error["code"] == "invalid"  # several fields: each has its own code below
    assert error["fields"] == {"amount": ["한도를 넘습니다."], "unit": ["단위 불일치"]}
    assert error["codes"] == {"amount": ["over_limit"], "unit": ["unit_mismatch"]}


def test_an_error_without_a_code_answers_invalid():
    status, error = _answer(ValidationError("잘못되었습니다."))
    assert (status, error["code"]) == (400, "invalid")


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (TransitionDenied("차례가 아닙니다.", code="not_your_turn"), "not_your_turn"),
        (TransitionDenied("권한이 없습니다."), "role_not_allowed"),
        (PermissionDenied("권한이 없습니다."), "permission_denied"),
    ],
)
def test_permission_denied_answers_its_code(error, code):
    status, body = _answer(error)
    assert (status, body["code"]) == (403, code)
    assert body["message"] == str(error)
