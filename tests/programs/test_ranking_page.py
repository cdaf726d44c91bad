"""The ranking page of a call: its queries do not grow with the call, and the table's display
values (formatted once in ``programs.ranking.lines``) read as the page always showed them."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import services
from programs.models import Application, Review
from seoul_se.reference.models import District
from tests.factories import EnterpriseFactory, UserFactory
from tests.programs.conftest import close_call

pytestmark = pytest.mark.django_db

S = Application.Status


def add_applications(call, count, reviewers, start=0):
    """``count`` applications in review, every fifth from a 자치구 (its name is shown too), each
    scored by every reviewer."""
    districts = list(District.objects.order_by("pk"))
    applications = Application.objects.bulk_create(
        [
            Application(
                call=call,
                enterprise=None if n % 5 == 4 else EnterpriseFactory(),
                district=districts[n // 5] if n % 5 == 4 else None,
                title=f"사업 {n}",
                requested_amount=10_000_000,
                duration_months=12,
                status=S.IN_REVIEW,
                receipt_number=f"2020-혁신-{n + 1:04d}",
                submitted_at=call.opens_at + dt.timedelta(minutes=n),
            )
            for n in range(start, start + count)
        ]
    )
    Review.objects.bulk_create(
        Review(
            application=application,
            reviewer=reviewer,
            total=Decimal(50 + (application.pk * 7 + index * 13) % 50),
            declared_at=call.opens_at,
            submitted_at=call.opens_at,
        )
        for application in applications
        for index, reviewer in enumerate(reviewers)
    )
    return applications


def page_queries(client, call):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programs:call_ranking", args=[call.pk]))
    assert response.status_code == 200
    return len(queries), response.text


def test_the_ranking_page_makes_as_many_queries_for_60_applications_as_for_10(
    call, client_for, official
):
    close_call(call)
    reviewers = [UserFactory(role="reviewer") for _ in range(3)]
    client = client_for(official)
    add_applications(call, 10, reviewers)
    small, page = page_queries(client, call)
    assert page.count('<select name="status_') == 10
    add_applications(call, 50, reviewers, start=10)
    large, page = page_queries(client, call)
    assert page.count('<select name="status_') == 60
    assert District.objects.order_by("pk")[11].name in page
    assert large == small


def test_the_table_shows_each_ranking_the_move_and_the_proposal(call, client_for, staff, auditor):
    close_call(call)
    harsh, steady = UserFactory(role="reviewer", name="엄격 심사"), UserFactory(role="reviewer")
    first, second = add_applications(call, 2, [])
    # Raw 75 and 70; without the first reviewer (the lower id) the order reverses: ±1 each.
    for application, totals in ((first, ("90", "60")), (second, ("60", "80"))):
        for reviewer, total in zip((harsh, steady), totals, strict=True):
            Review.objects.create(
                application=application,
                reviewer=reviewer,
                total=Decimal(total),
                declared_at=call.opens_at,
                submitted_at=call.opens_at,
            )
    services.propose_selection(call, [(first.pk, S.SELECTED, 7_000_000)], actor=staff)
    Application.objects.filter(pk=second.pk).update(status=S.REJECTED)

    url = reverse("programs:call_ranking", args=[call.pk])
    cells = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", client_for(auditor).get(url).text, re.S)
    ]
    # Each z-score sums to 0 over both applications: the calibrated scores tie at the panel's
    # mean, 72.50, and keep the earlier submission first.
    assert cells[1] == (
        f"1 {first.receipt_number} {first.applicant.name} 사업 0 2 75.00 (1) 75.00 (1) "
        "72.50 (1) ±1 (엄격 심사) 10,000,000원 심사 중 선정 -"
    )
    assert cells[2] == (
        f"2 {second.receipt_number} {second.applicant.name} 사업 1 2 70.00 (2) 70.00 (2) "
        f"72.50 (2) ±1 (엄격 심사) 10,000,000원 {S.REJECTED.label} -"
    )

    page = client_for(staff).get(url).text
    assert (
        f'<select name="status_{first.pk}" id="status_{first.pk}"><option value="">—</option>'
        '<option value="selected" selected>선정</option>'
    ) in page
    assert (
        f'name="amount_{first.pk}" id="amount_{first.pk}" inputmode="numeric" value="7000000"'
    ) in page
    assert f'name="status_{second.pk}"' not in page
    assert f'<a href="{reverse("programs:application_detail", args=[first.pk])}">사업 0</a>' in page
