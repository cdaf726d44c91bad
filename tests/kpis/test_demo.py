"""The demo reproduces the 2018 performance report's printed rates (seed 001)."""

import io

import pytest

from kpis import demo, selectors
from kpis.models import Indicator, ManualEntry
from seoul_se.core.demo import loaders

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    """The whole demo: computed indicators count the other apps' demo records."""
    for _label, load in loaders():
        load(io.StringIO())
    return selectors.performance_table(2018)


def test_every_2018_row_reproduces_its_printed_rate(loaded):
    rows = {row.name: row for area in loaded for row in area.rows}
    for name, printed in demo.PRINTED_2018.items():
        row = rows[name]
        assert row.percent == printed, name
    assert len(demo.REPORT_2018) == len(demo.PRINTED_2018) == 32


def test_examples_from_the_brief(loaded):
    rows = {row.name: row for area in loaded for row in area.rows}
    assert (
        rows["일상상담"].target_display,
        rows["일상상담"].actual_display,
        rows["일상상담"].display,
    ) == ("200건", "208건", "104%")
    district = rows["자치구공공구매영업지원단 운영지원"]
    assert (district.target_display, district.actual_display, district.display, district.arrow) == (
        "5개 구",
        "2개 구",
        "40%",
        "↘",
    )
    matching = rows["매칭 계약"]
    assert (
        matching.cumulative and matching.actual_display == "81억원" and matching.display == "101%"
    )


def test_areas_in_report_order(loaded):
    names = [area.area for area in loaded]
    assert names[:2] == ["공공시장 확대지원", "민간시장 판로지원"]
    assert "기획연구" in names


def test_2019_cumulative_and_targets(loaded):
    matching = Indicator.objects.get(year=2019, name="매칭 계약")
    assert matching.value.actual == 100  # 81 + 19: seed 003 "매칭계약 실적 (누계) 100억"
    procurement = Indicator.objects.get(year=2019, name="사회적경제기업 공공구매 실적")
    assert procurement.value.achievement_percent == 121  # 1,690 / 1,400


def test_demo_is_idempotent(loaded):
    entries = ManualEntry.objects.count()
    demo.load(io.StringIO())
    assert ManualEntry.objects.count() == entries
    assert all(e.approved_by_id != e.entered_by_id for e in ManualEntry.objects.all())
