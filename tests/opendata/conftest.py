"""The programs fixtures (a call moved to a signed agreement of program year 2020)."""

from tests.programs.conftest import (  # noqa: F401
    agreement,
    applicant,
    call,
    draft,
    enterprise,
    in_review,
    private_media,
    selected,
    submitted,
)
