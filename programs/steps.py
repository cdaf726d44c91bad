"""The steps a member writes an application in: 기본 정보 → 사업 계획 → 예산 → 첨부 → 확인·제출.

Each step has its own page (``programs:application_step``); a missing item of the check list
(``services.missing_items``) names the step that fixes it."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    slug: str
    label: str | Promise


BASIC, PLAN, BUDGET, ATTACHMENTS, CHECK = "basic", "plan", "budget", "attachments", "check"
STEPS: tuple[Step, ...] = (
    Step(BASIC, _("기본 정보")),
    Step(PLAN, _("사업 계획")),
    Step(BUDGET, _("예산")),
    Step(ATTACHMENTS, _("첨부")),
    Step(CHECK, _("확인·제출")),
)
SLUGS = tuple(step.slug for step in STEPS)


def neighbours(slug: str) -> tuple[str | None, str | None]:
    """The steps before and after ``slug`` (None at either end)."""
    index = SLUGS.index(slug)
    before = SLUGS[index - 1] if index > 0 else None
    after = SLUGS[index + 1] if index + 1 < len(SLUGS) else None
    return before, after
