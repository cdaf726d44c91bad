from decimal import Decimal

import pytest

from programs import selectors, services
from programs.models import Application, Review
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.programs.conftest import close_call

pytestmark = pytest.mark.django_db


def reviewed(call, totals):
    firm = EnterpriseFactory()
    user = MembershipFactory(enterprise=firm).user
    application = services.create_application(
        call, firm, actor=user, title="t", requested_amount=1, duration_months=1
    )
    services.submit_application(application.pk, actor=user)
    Application.objects.filter(pk=application.pk).update(status="in_review")
    from tests.factories import UserFactory

    for total in totals:
        Review.objects.create(
            application=application,
            reviewer=UserFactory(role="reviewer"),
            total=Decimal(total),
            declared_at=call.opens_at,
            submitted_at=call.opens_at,
        )
    return application


def test_ranking_mean_and_trimmed_mean(call, django_assert_num_queries):
    a = reviewed(call, ["90", "10", "80", "85"])  # mean 66.25, trimmed (80+85)/2 = 82.5
    b = reviewed(call, ["70", "70", "70"])
    c = reviewed(call, [])
    Review.objects.create(
        application=b,
        reviewer=a.reviews.first().reviewer,
        has_conflict=True,
        declared_at=call.opens_at,
    )
    close_call(call)
    with django_assert_num_queries(1):
        ranked = list(selectors.ranking(call))
    assert [r.pk for r in ranked] == [b.pk, a.pk, c.pk]
    assert ranked[1].score == Decimal("66.25") and ranked[0].review_count == 3
    call.ranking_method = "trimmed"
    ranked = list(selectors.ranking(call))
    assert [r.pk for r in ranked] == [a.pk, b.pk, c.pk]
    assert ranked[0].score == Decimal("82.5")


def test_call_dashboard_counts_and_budget(selected, staff):
    dashboard = selectors.call_dashboard(selected.call)
    counts = {value: n for value, _, n in dashboard.counts}
    assert counts["selected"] == 1 and dashboard.total == 1
    assert dashboard.committed == 70_000_000
    assert dashboard.remaining == selected.call.budget_envelope - 70_000_000


def test_kpi_selectors(agreement, staff):
    from django.utils import timezone

    year = timezone.localdate().year
    services.record_result(
        agreement.application,
        actor=staff,
        kind="workshops",
        quantity=Decimal(4),
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
    )
    assert selectors.result_totals(year)[("innovation", "workshops")] == Decimal(4)
    assert selectors.selected_counts(agreement.program.year) == {"innovation": 1}
