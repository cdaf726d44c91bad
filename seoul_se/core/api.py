"""API conventions shared by every app: pagination and one error body.

Every error answers ``{"error": {"status": 403, "code": "permission_denied", "message": "…",
"fields": {...}}}`` so clients handle one shape.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _messages(detail: Any) -> Any:
    if isinstance(detail, list):
        return [str(item) for item in detail]
    if isinstance(detail, dict):
        return {key: _messages(value) for key, value in detail.items()}
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("요청한 자료를 찾을 수 없습니다.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _messages(detail)
            non_field = fields.pop("non_field_errors", None)
            message = "; ".join(non_field) if non_field else "입력값을 확인해 주세요."
        else:
            message = "; ".join(_messages(detail))
    else:
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        if not isinstance(code, str):
            code = "error"
        message = str(getattr(exc, "detail", exc))
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        code = "not_authenticated"
    response.data = {
        "error": {
            "status": response.status_code,
            "code": code,
            "message": message,
            "fields": fields,
        }
    }
    return response
