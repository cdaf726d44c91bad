"""Form pieces shared by every app.

``CleanInputMixin`` is the page-form side of ``seoul_se.core.text``: every form of the portal
inherits it (``tests/core/test_text.py`` checks that none is missed), so a text field holding a
control character answers its own Korean error (code ``control_character``) whatever the form.
"""

from decimal import Decimal
from typing import Any

from django import forms

from seoul_se.core.text import parse_decimal, validate_no_control_characters


class CleanInputMixin:
    """Refuses control characters in every text field (also fields added in ``__init__``)."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and validate_no_control_characters not in field.validators
            ):
                field.validators.append(validate_no_control_characters)
        super().full_clean()  # type: ignore[misc]


class DecimalTextField(forms.DecimalField):
    """A decimal number: correct thousands groups (``1,234.5``) and other digit forms are
    read; ``1,2,3`` and exponent notation (``1e3``, which Django reads as 1000) are refused."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        return parse_decimal(value)


class CleanModelForm(CleanInputMixin, forms.ModelForm):
    """Base for model forms built with ``modelform_factory(…, form=CleanModelForm)``."""
