"""Odd input at the boundaries: control characters, other digit forms, numbers typed as text,
and cells every workbook writer can hold."""

import importlib
import io
import unicodedata
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from seoul_se.core.excel import safe_cell, safe_row
from seoul_se.core.forms import CleanInputMixin, DecimalTextField
from seoul_se.core.parsers import ControlCharacterError, refuse_control_characters
from seoul_se.core.text import (
    ascii_digits,
    has_control_characters,
    parse_decimal,
    parse_integer,
    validate_no_control_characters,
)

REFUSED_CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]]
REFUSED_CONTROLS += [chr(0x7F), *(chr(c) for c in range(0x80, 0xA0))]


@pytest.mark.parametrize("char", REFUSED_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_character_is_refused(char):
    with pytest.raises(ValidationError) as exc:
        validate_no_control_characters(f"사회적 가치{char}미션")
    assert exc.value.code == "control_character"
    assert "제어 문자" in exc.value.messages[0]


@pytest.mark.parametrize("text", ["첫 줄\n둘째 줄", "탭\t구분", "윈도\r\n줄바꿈", "한글 ①², ０"])
def test_tab_newline_carriage_return_and_printable_unicode_pass(text):
    assert not has_control_characters(text)
    validate_no_control_characters(text)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("１２４－８１－００９９８", "124-81-00998"),  # full-width digits and hyphen
        ("١٢٤٨١٠٠٩٩٨", "1248100998"),  # Arabic-Indic
        ("۱۲۴۸۱۰۰۹۹۸", "1248100998"),  # Extended Arabic-Indic (Persian)
        ("१२४८१००९९८", "1248100998"),  # Devanagari
        ("1 2 4", "1 2 4"),
    ],
)
def test_other_digit_forms_become_ascii(typed, expected):
    assert ascii_digits(typed) == expected


@pytest.mark.parametrize("typed", ["124-81-0099⁸", "¹248100998", "①248100998"])
def test_digit_like_characters_that_are_not_decimal_digits_are_refused(typed):
    with pytest.raises(ValidationError) as exc:
        ascii_digits(typed)
    assert exc.value.code == "digit_form"
    assert "일반 숫자가 아닙니다" in exc.value.messages[0]


@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=20))
def test_any_decimal_digit_string_reads_as_its_ascii_digits(typed):
    assert ascii_digits(typed) == "".join(str(unicodedata.decimal(c)) for c in typed)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integers_round_trip_plain_and_grouped(n):
    assert parse_integer(str(n)) == n
    assert parse_integer(f"{n:,}") == n
    full_width = f"{n:,}".translate({ord(str(d)): chr(0xFF10 + d) for d in range(10)})
    assert parse_integer(full_width) == n


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, max_value=10**12))
def test_decimals_round_trip_plain_and_grouped(value):
    assert parse_decimal(f"{value:f}") == value
    assert parse_decimal(f"{value:,f}") == value


@pytest.mark.parametrize(
    "typed",
    [
        "1,2,3",
        "1e3",
        "1E3",
        "1,23",
        "12,34,567",
        "1,234,56",
        ",123",
        "1.5e2",
        "NaN",
        "inf",
        "",
        "1 000",
        "0x10",
        "1_000",
        "12a",
    ],
)
def test_malformed_numbers_are_refused(typed):
    with pytest.raises(ValidationError) as exc:
        parse_decimal(typed)
    assert exc.value.code == "number_format"
    with pytest.raises(ValidationError) as exc:
        parse_integer(typed)
    assert exc.value.code == "number_format"


def test_integers_refuse_fractions_decimals_keep_them():
    assert parse_decimal("1,234.5") == Decimal("1234.5")
    with pytest.raises(ValidationError):
        parse_integer("1234.5")
    assert parse_integer(" 1,234,000 ") == 1_234_000


def test_decimal_text_field_refuses_exponent_that_django_reads_as_1000():
    assert forms.DecimalField().clean("1e3") == Decimal(1000)  # the reason for the field
    field = DecimalTextField(max_digits=7, decimal_places=5)
    with pytest.raises(ValidationError) as exc:
        field.clean("1e3")
    assert exc.value.code == "number_format"
    assert field.clean("０.０２") == Decimal("0.02")


# --- Excel -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("미션\x1b끝", "미션끝"),
        ("\x00\x08\x0b\x0c\x0e\x1f", ""),
        ("\x01=HYPERLINK(1)", "'=HYPERLINK(1)"),  # stripped first, then neutralised
        ("줄\n바꿈\t탭", "줄\n바꿈\t탭"),
        (5, 5),
    ],
)
def test_safe_cell_drops_characters_a_workbook_cannot_hold(value, expected):
    assert safe_cell(value) == expected


def test_every_stored_text_can_be_written_and_read_back():
    everything = "".join(chr(c) for c in range(0x00, 0xA0)) + "한글"
    for write_only in (True, False):
        workbook = Workbook(write_only=write_only)
        sheet = workbook.create_sheet("시트") if write_only else workbook.active
        sheet.append(safe_row([everything, "=1+1"]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        row = next(load_workbook(buffer).worksheets[0].iter_rows(values_only=True))
        assert row[0].endswith("한글") and "\x1b" not in row[0] and row[1] == "'=1+1"


# --- forms and API: one mechanism each ----------------------------------------------------


def _project_forms() -> list[type]:
    base = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if config.path.startswith(base):
            try:
                importlib.import_module(f"{config.name}.forms")
            except ModuleNotFoundError:
                continue
    found, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        path = getattr(importlib.import_module(cls.__module__), "__file__", "") or ""
        if path.startswith(base) and "site-packages" not in path:
            if not cls.__module__.startswith("tests."):
                found.append(cls)
    return found


def test_every_portal_form_refuses_control_characters():
    found = _project_forms()
    assert len(found) > 40
    missing = [
        f"{c.__module__}.{c.__qualname__}" for c in found if not issubclass(c, CleanInputMixin)
    ]
    assert missing == []


def test_form_mixin_covers_fields_added_in_init():
    class Dynamic(CleanInputMixin, forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["late"] = forms.CharField()

    form = Dynamic({"late": "a\x9bb"})
    assert not form.is_valid()
    assert form.errors.as_data()["late"][0].code == "control_character"
    assert Dynamic({"late": "첫 줄\r\n둘째 줄"}).is_valid()


def test_api_parsers_name_each_offending_field_in_drf_shape():
    with pytest.raises(ControlCharacterError) as exc:
        refuse_control_characters(
            {"ok": "보통", "note": "a\x07", "items": [{"x": "fine"}, {"x": "\x1b"}], "n": 3}
        )
    detail = exc.value.detail
    assert set(detail) == {"note", "items"}
    assert detail["note"][0].code == "control_character"
    assert detail["items"] == {1: {"x": [detail["note"][0]]}}
    form = QueryDict(mutable=True)
    form.setlist("sectors", ["care", "edu\x00"])
    form["name"] = "정상"
    with pytest.raises(ControlCharacterError) as exc:
        refuse_control_characters(form)
    assert list(exc.value.detail) == ["sectors"]
    refuse_control_characters({"text": "줄\n바꿈\t탭\r", "list": ["a"], "none": None})
