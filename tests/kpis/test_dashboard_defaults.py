"""The dashboard opens on the latest year with actuals, and a missing actual is drawn as missing."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kpis import selectors, services
from tests.kpis.factories import BusinessAreaFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def years():
    """Last year has an actual; this year only targets (nothing measured yet)."""
    this_year = timezone.localdate().year
    area = BusinessAreaFactory(name="공공시장 확대지원")
    measured = IndicatorFactory(area=area, name="일상상담", year=this_year - 1)
    services.apply_manual_value(measured, Decimal(208))
    waiting = IndicatorFactory(area=area, name="일상상담", year=this_year)
    return this_year, measured, waiting


def test_dashboard_opens_on_the_latest_year_with_actuals(client_for, official, years):
    this_year, measured, _waiting = years
    assert selectors.default_year() == this_year - 1
    html = client_for(official).get(reverse("kpis:dashboard")).content.decode()
    assert f"<h1>{this_year - 1}년 성과지표</h1>" in html
    assert f'data-testid="row-{measured.pk}"' in html


def test_without_any_actual_the_current_year_still_opens(years):
    this_year, measured, _waiting = years
    measured.value.delete()
    assert selectors.default_year() == this_year


def test_missing_actual_is_drawn_as_missing(client_for, official, years):
    this_year, _measured, waiting = years
    html = (
        client_for(official).get(f"{reverse('kpis:dashboard')}?year={this_year}").content.decode()
    )
    group = re.search(rf'<g data-indicator="{waiting.pk}">(.*?)</g>', html, re.S).group(1)
    assert "실적 없음" in group
    assert "#1f6feb" not in group  # no actual bar
    assert not re.search(r'<rect[^>]*fill="#9aa5b1"', group)  # no solid target bar either
    row = re.search(rf'data-testid="row-{waiting.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "실적 없음" in row
