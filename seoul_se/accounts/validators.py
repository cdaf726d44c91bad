import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A strong password mixes letters, digits and symbols."""

    def validate(self, password: str, user: object = None) -> None:
        classes = [r"[A-Za-z]", r"\d", r"[^A-Za-z0-9]"]
        if not all(re.search(pattern, password) for pattern in classes):
            raise ValidationError(
                _("비밀번호에는 영문자, 숫자, 특수문자가 모두 포함되어야 합니다."),
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _("영문자, 숫자, 특수문자를 모두 포함해야 합니다.")
