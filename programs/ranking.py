"""The ranking page's read (a selector): the call's ranked applications in the order its
ranking method decides, with the calibration report beside them (``programs.calibration``),
and the table's display values (``lines``).

Three queries whatever the call's size: the SQL ranking, the review triples, the method's
change history."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats

from programs import calibration, selectors, workflow
from programs.models import Application, Call, RankingMethod, RankingMethodChange, Review
from seoul_se.core.templatetags.won import won

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
    # A 자치구 applies to district calls: its name is shown without a query per row.
    ranked = list(selectors.ranking(call).select_related("district"))
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


@dataclass(frozen=True)
class Line:
    """One row of the ranking table, every value formatted once as text (a template localises
    each number it prints). Through template lookups, filters and ``get_status_display`` the
    table of a 2,000-application call took about 1 s of CPU (docs/programs.md)."""

    pk: str
    position: str
    receipt_number: str
    applicant: str
    title: str
    url: str
    count: str
    raw: str  # "82.50 (3)": the score ("-" when unscored) and its rank
    trimmed: str
    calibrated: str  # "-" when the calibration was refused
    shift: str  # "±3" or "0"
    shift_name: str  # whose absence moves it most ("" when nobody's does)
    requested: str
    status: str
    editable: bool  # still in selection and the viewer is staff: the proposal's fields
    proposed_status: str
    proposed_label: str
    proposed_amount: str
    awarded: str


def lines(panel: RankingPanel, *, editable: bool) -> list[Line]:
    """The table's rows in the deciding order; ``editable``: the viewer may change proposals."""
    separator = str(formats.get_format("DECIMAL_SEPARATOR"))
    labels = {value: str(label) for value, label in S.choices}

    def number(value: Decimal | None) -> str:
        # As the template showed a Decimal: localised, no grouping; "-" when unscored.
        return "-" if value is None else f"{value:f}".replace(".", separator)

    applications: list[Any] = panel.applications  # with ``calibration`` and ``shift_name``
    result = []
    for position, a in enumerate(applications, start=1):
        c: calibration.Row = a.calibration
        result.append(
            Line(
                pk=str(a.pk),
                position=str(position),
                receipt_number=a.receipt_number,
                applicant=a.applicant.name,
                title=a.title,
                url=reverse("programs:application_detail", args=[a.pk]),
                count=str(c.count),
                raw=f"{number(c.raw)} ({c.rank_raw})",
                trimmed=f"{number(c.trimmed)} ({c.rank_trimmed})",
                calibrated="-"
                if c.calibrated is None
                else f"{number(c.calibrated)} ({c.rank_calibrated})",
                shift=f"±{c.max_shift}" if c.max_shift else "0",
                shift_name=a.shift_name if c.max_shift else "",
                requested=won(a.requested_amount),
                status=labels.get(a.status, a.status),
                editable=editable and a.status in workflow.IN_SELECTION,
                proposed_status=a.proposed_status,
                proposed_label=labels.get(a.proposed_status, a.proposed_status),
                proposed_amount="" if a.proposed_amount is None else str(a.proposed_amount),
                awarded=won(a.awarded_amount),
            )
        )
    return result
