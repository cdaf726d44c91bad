"""The ranking page's read (a selector): the call's ranked applications in the order its
ranking method decides, with the calibration report beside them (``programs.calibration``).

Three queries whatever the call's size: the SQL ranking, the review triples, the method's
change history."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from programs import calibration, selectors, workflow
from programs.models import Application, Call, RankingMethod, RankingMethodChange, Review

S = Application.Status


@dataclass(frozen=True)
class RankingPanel:
    applications: list[Application]  # deciding order; each has ``.calibration`` (a Row)
    report: calibration.Calibration
    reviewer_names: dict[int, str]
    changes: list[RankingMethodChange]

    @property
    def hinge_names(self) -> list[str]:
        return [self.reviewer_names[r] for r in self.report.hinges_on]

    @property
    def reviewers(self) -> list[tuple[str, calibration.ReviewerStats]]:
        return [(self.reviewer_names[s.reviewer], s) for s in self.report.reviewers]

    @property
    def method_label(self) -> str:
        return str(RankingMethod(self.report.method).label)

    @property
    def calibrated_label(self) -> str:
        return str(RankingMethod(self.report.calibrated_method).label)


def counted_reviews(call: Call) -> QuerySet[Review]:
    """The reviews the ranking counts: submitted, conflict-free, of rankable applications."""
    return Review.objects.filter(
        application__call=call, submitted_at__isnull=False, has_conflict=False, total__isnull=False
    ).exclude(application__status__in=[S.DRAFT, S.WITHDRAWN, S.INELIGIBLE])


def ranking_panel(call: Call) -> RankingPanel:
    ranked = list(selectors.ranking(call))
    rows = counted_reviews(call).values_list(
        "application_id", "reviewer_id", "total", "reviewer__name"
    )
    names: dict[int, str] = {}
    reviews = []
    for application_id, reviewer_id, total, name in rows:
        assert total is not None  # counted_reviews has only scored reviews
        names[reviewer_id] = name
        reviews.append(calibration.Review(application_id, reviewer_id, total))
    # Ties are broken as the SQL ranking does: the earlier submission first.
    tie_order = sorted(ranked, key=lambda a: (a.submitted_at is None, a.submitted_at, a.pk))
    proposed = sum(
        1 for a in ranked if a.proposed_status == S.SELECTED or a.status in workflow.COMMITTED
    )
    report = calibration.calibrate(
        reviews,
        calibration.Method(call.ranking_method),
        applications=[a.pk for a in tie_order],
        selection_size=proposed,
        amounts={a.pk: a.requested_amount for a in ranked},
        budget=call.budget_envelope,
    )
    by_pk: dict[int, Any] = {a.pk: a for a in ranked}
    ordered = []
    for row in report.rows:
        if row.application in by_pk:  # a review of an application withdrawn in between
            by_pk[row.application].calibration = row
            by_pk[row.application].shift_name = names.get(row.shift_reviewer or 0, "")
            ordered.append(by_pk[row.application])
    return RankingPanel(
        applications=ordered,
        report=report,
        reviewer_names=names,
        changes=list(call.method_changes.select_related("actor")),
    )
