"""API conventions shared by every app: pagination and one error body.

Every error answers ``{"error": {"status": 403, "code": "permission_denied", "message": "…",
"fields": {...}, "codes": {...}}}`` so clients handle one shape. ``code`` is stable: a service's
``ValidationError(msg, code="x")`` or ``PermissionDenied`` with a ``code`` (e.g.
``TransitionDenied``) answers ``"x"``; errors on fields answer ``"invalid"`` and ``codes`` gives
each field's own codes beside ``fields``' messages.

Request bodies are read by ``seoul_se.core.parsers`` (text with control characters → 400, code
``control_character``); a ValidationError subclass's own code becomes the body's ``code``.
"""

from typing import Any, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.fields import get_error_detail
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from seoul_se.core.text import parse_decimal


class DecimalField(serializers.DecimalField):
    """DRF's DecimalField reading text by the portal's one number rule (seoul_se.core.text):
    ``1,234.5`` and full-width digits are read, ``1e3`` and ``1,2,3`` are refused (DRF alone reads
    ``"1e3"`` as 1000). Model decimals get it through ``use_portal_fields``."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            try:
                data = parse_decimal(data)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages, code="number_format") from exc
        return super().to_internal_value(data)


def use_portal_fields() -> None:
    """Every ModelSerializer maps model decimals to the portal's DecimalField (called once at
    start-up by the core app), so no serializer can forget it."""
    serializers.ModelSerializer.serializer_field_mapping[models.DecimalField] = DecimalField


class ActionSerializer(serializers.Serializer):
    """One move the requesting user may take now."""

    name = serializers.CharField()
    # A field named like DRF's own Field.label attribute; the stubs type that attribute as str.
    label = serializers.CharField()  # type: ignore[assignment]


@extend_schema_field(ActionSerializer(many=True))
class AllowedActionsField(serializers.Field):
    """The workflow moves the requesting user may take on the object, asked of its machine, so
    no serializer re-encodes a state machine."""

    def __init__(self, machine: Any, **kwargs: Any) -> None:
        self.machine = machine
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> list[dict[str, str]]:
        request = self.context.get("request")
        user = request.user if request else None
        return [
            {"name": action.name, "label": str(action.label)}
            for action in self.machine.allowed_actions(value, user)
        ]


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


def _single_code(codes: Any, default: str) -> str:
    """The one code of a list of errors' codes, else ``default``."""
    if isinstance(codes, str):
        return codes
    if isinstance(codes, list) and all(isinstance(item, str) for item in codes):
        found = set(codes)
        if len(found) == 1:
            return str(found.pop())
    return default


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        # get_error_detail keeps each message's code (message_dict would drop them).
        exc = exceptions.ValidationError(detail=get_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("요청한 자료를 찾을 수 없습니다.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None, code=getattr(exc, "code", None))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields: dict[str, Any] = {}
    codes: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        code = exc.default_code  # "invalid", or a subclass's own (e.g. "control_character")
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _messages(detail)
            codes = cast(dict[str, Any], exc.get_codes())  # shaped like detail
            non_field = fields.pop("non_field_errors", None)
            non_field_codes = codes.pop("non_field_errors", None)
            message = "; ".join(non_field) if non_field else "입력값을 확인해 주세요."
            if non_field and not fields and code == "invalid":
                code = _single_code(non_field_codes, code)
        else:
            message = "; ".join(_messages(detail))
            if code == "invalid":
                code = _single_code(exc.get_codes(), code)
    else:
        own = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = own if isinstance(own, str) else "error"
        message = str(getattr(exc, "detail", exc))
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        code = "not_authenticated"
    response.data = {
        "error": {
            "status": response.status_code,
            "code": code,
            "message": message,
            "fields": fields,
            "codes": codes,
        }
    }
    return response
