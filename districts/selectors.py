"""Reads of the districts app: centres, stages, where a district stands in a track, and the
stage year an application is for (programs asks :func:`check_amount` under its row locks)."""

from django.db.models import QuerySet

from districts import rules
from districts.models import (
    DistrictCentre,
    DistrictParticipation,
    DistrictStage,
    StageApplication,
    Track,
)
from programs import workflow

# A stage year counts as used once the district was selected for it.
USED = workflow.COMMITTED


def centres() -> QuerySet[DistrictCentre]:
    return DistrictCentre.objects.select_related("district")


def stage_applications(queryset: QuerySet[StageApplication]) -> QuerySet[StageApplication]:
    return queryset.select_related("district", "stage", "application").order_by(
        "-year", "district__sort_order", "stage__order", "pk"
    )


def stages(track: str | None = None) -> QuerySet[DistrictStage]:
    queryset = DistrictStage.objects.all()
    return queryset.filter(track=track) if track else queryset


def years_used(district_id: int, stage: DistrictStage) -> int:
    """Years recorded before the portal plus the years the district was selected for since."""
    before = (
        DistrictParticipation.objects.filter(district_id=district_id, stage=stage)
        .values_list("years_used", flat=True)
        .first()
    ) or 0
    selected = StageApplication.objects.filter(
        district_id=district_id, stage=stage, application__status__in=USED
    ).count()
    return before + selected


def standing(district_id: int, track: str) -> rules.Standing | None:
    """The furthest stage of the track the district has used (None: never took part)."""
    for stage in stages(track).order_by("-order"):
        used = years_used(district_id, stage)
        if used:
            return rules.Standing(order=stage.order, years_used=used)
    return None


def stage_of(application_id: int) -> StageApplication | None:
    return (
        StageApplication.objects.select_related("stage")
        .filter(application_id=application_id)
        .first()
    )


def check_amount(application_id: int, already: int, amount: int) -> None:
    """Refuse ``amount`` on top of ``already`` above the cap of the application's stage year
    (no-op for applications that are not a district's stage application)."""
    stage_application = stage_of(application_id)
    if stage_application is not None:
        rules.check_within_cap(
            stage_application.stage.caps, stage_application.year_index, already, amount
        )


def track_of(program_type: str) -> str | None:
    """The track a programs ``ProgramType`` runs (None: not a district program)."""
    return TRACK_BY_PROGRAM_TYPE.get(program_type)


TRACK_BY_PROGRAM_TYPE = {
    "district_ecosystem": Track.ECOSYSTEM,
    "district_zone": Track.ZONE,
}
