"""Decimals in the API follow the portal's one number rule: "1e3" and "1,2,3" are refused."""

import inspect
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from rest_framework import serializers

from seoul_se.core.api import DecimalField


@pytest.mark.parametrize("text", ["1e3", "1E3", "1,2,3", "12,34", "NaN", "Infinity"])
def test_the_portal_decimal_refuses_exponents_and_odd_grouping(text):
    field = DecimalField(max_digits=12, decimal_places=2)
    with pytest.raises(serializers.ValidationError) as error:
        field.run_validation(text)
    assert error.value.get_codes() == ["number_format"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,234.5", Decimal("1234.50")), ("１２３", Decimal("123.00")), ("8.5", Decimal("8.50"))],
)
def test_the_portal_decimal_reads_grouped_and_full_width_numbers(text, value):
    assert DecimalField(max_digits=12, decimal_places=2).run_validation(text) == value


def _decimal_fields(field, path):
    """Every DecimalField inside a serializer field, following list and dict children."""
    if isinstance(field, serializers.DecimalField):
        yield path, field
    child = getattr(field, "child", None)
    if child is not None:
        yield from _decimal_fields(child, f"{path}[]")
    if isinstance(field, serializers.BaseSerializer) and hasattr(field, "fields"):
        for name, sub in field.fields.items():
            yield from _decimal_fields(sub, f"{path}.{name}")


def _project_serializers():
    for config in apps.get_app_configs():
        if config.name.startswith(("django", "rest_framework", "drf_", "django_")):
            continue
        for module_name in ("serializers", "api"):
            try:
                module = import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.{module_name}":
                    raise
                continue
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, serializers.Serializer) and cls.__module__ == module.__name__:
                    yield cls


def test_every_decimal_in_every_serializer_is_the_portal_field():
    found = list(_project_serializers())
    assert len(found) > 40  # the walk reaches the apps' serializers
    odd = [
        f"{cls.__module__}.{cls.__name__}{path}"
        for cls in found
        for path, field in _decimal_fields(cls(), "")
        if not isinstance(field, DecimalField)
    ]
    assert odd == []
