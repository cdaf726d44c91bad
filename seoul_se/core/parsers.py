"""DRF's parsers plus one check for every endpoint at once: a request body whose text holds a
control character (``seoul_se.core.text``) answers 400 with code ``control_character`` and the
Korean message under each offending field, before any serializer sees it.

(A module of its own: ``rest_framework.views`` imports the parser classes named in settings.)
"""

from typing import Any

from django.http import QueryDict
from rest_framework import exceptions, parsers
from rest_framework.exceptions import ErrorDetail

from seoul_se.core.text import control_character_error, has_control_characters


class ControlCharacterError(exceptions.ValidationError):
    default_code = "control_character"


def _control_character_errors(value: Any) -> Any:
    """Error details shaped like ``value`` (DRF's shape: fields by name, list items by index)
    where its text holds a control character; None when it holds none."""
    if isinstance(value, str):
        if not has_control_characters(value):
            return None
        error = control_character_error()
        return [ErrorDetail(str(error.messages[0]), code=error.code)]
    if isinstance(value, QueryDict):  # a repeated form field is one field: judged as one text
        value = {key: "".join(values) for key, values in value.lists()}
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    errors = {key: error for key, item in items if (error := _control_character_errors(item))}
    return errors or None


def refuse_control_characters(data: Any) -> None:
    errors = _control_character_errors(data)
    if errors:
        raise ControlCharacterError(errors)


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        refuse_control_characters(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        refuse_control_characters(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        result = super().parse(stream, media_type, parser_context)
        refuse_control_characters(result.data)
        return result
