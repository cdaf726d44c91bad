"""The stage rules as pure functions over plain data (no database): the cap of a stage year,
the stage year a district's next application is for, and the split of a district payment."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Standing:
    """Where a district stands in a track: the stage order it is in and the years used there."""

    order: int
    years_used: int


def yearly_cap(caps: Mapping[int, int], year_index: int) -> int:
    """The cap (원) of stage year ``year_index`` (1-based)."""
    if year_index not in caps:
        raise ValidationError(
            _("이 단계의 %(year)s차년도 지원 한도가 없습니다.") % {"year": year_index},
            code="no_stage_year",
        )
    return caps[year_index]


def years_left(max_years: int, years_used: int) -> int:
    return max(0, max_years - years_used)


def entry_year(standing: Standing | None, order: int, max_years: int) -> int:
    """The stage year (1-based) of an application to the stage at ``order`` (``max_years``
    long), given where the district stands in the track.

    A district starts at the first stage, stays up to the stage's years, and may move on to the
    next stage once it has completed at least one year of the current one; it never skips a
    stage nor goes back.
    """
    current = standing.order if standing else 0
    if order == current:
        assert standing is not None
        if years_left(max_years, standing.years_used) == 0:
            raise ValidationError(
                _("이 단계의 최대 지원 연수 %(years)s년을 모두 사용했습니다.")
                % {"years": max_years},
                code="stage_years_used",
            )
        return standing.years_used + 1
    if order == current + 1 and (standing is None or standing.years_used >= 1):
        return 1
    if order < current:
        raise ValidationError(
            _("이미 다음 단계로 진입한 자치구는 이전 단계에 신청할 수 없습니다."),
            code="stage_passed",
        )
    raise ValidationError(
        _("앞 단계를 거쳐야 이 단계에 신청할 수 있습니다."), code="previous_stage_required"
    )


def check_within_cap(caps: Mapping[int, int], year_index: int, paid: int, amount: int) -> None:
    """Refuse an amount that would take the stage year's total above its cap."""
    cap = yearly_cap(caps, year_index)
    if paid + amount > cap:
        raise ValidationError(
            _("%(year)s차년도 지원 한도 %(cap)s원을 초과합니다 (이미 %(paid)s원).")
            % {"year": year_index, "cap": f"{cap:,}", "paid": f"{paid:,}"},
            code="over_stage_cap",
        )
