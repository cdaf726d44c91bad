"""KPI pages: who may open them, the dashboard table and charts, forms and approval."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kpis import services
from kpis.models import IndicatorValue, ManualEntry
from tests.kpis.factories import BusinessAreaFactory, IndicatorFactory, evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    ind = IndicatorFactory(
        area=BusinessAreaFactory(name="공공시장 확대지원"), name="일상상담", year=2018
    )
    services.apply_manual_value(ind, Decimal(208))
    return ind


@pytest.mark.parametrize("role", ["official", "centre_staff", "auditor", "administrator"])
def test_dashboard_for_readers(client_for, make_user, role, indicator):
    response = client_for(make_user(role)).get(reverse("kpis:dashboard") + "?year=2018")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "일상상담" in html
        and "200건" in html
        and "208건" in html
        and "104%" in html
        and "↗" in html
    )
    assert "<svg" in html and 'data-testid="chart-distribution"' in html


@pytest.mark.parametrize("role", ["enterprise_member", "reviewer"])
@pytest.mark.parametrize("name", ["kpis:dashboard", "kpis:pending", "kpis:indicator_create"])
def test_enterprises_and_reviewers_see_nothing(client_for, make_user, role, name):
    assert client_for(make_user(role)).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("role", ["enterprise_member", "reviewer"])
def test_enterprises_cannot_open_an_indicator(client_for, make_user, role, indicator):
    response = client_for(make_user(role)).get(reverse("kpis:indicator", args=[indicator.pk]))
    assert response.status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("kpis:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_auditor_is_read_only(client_for, auditor, indicator):
    client = client_for(auditor)
    assert client.get(reverse("kpis:indicator", args=[indicator.pk])).status_code == 200
    assert client.post(reverse("kpis:recompute"), {"year": 2018}).status_code == 403
    assert client.get(reverse("kpis:entry_create", args=[indicator.pk])).status_code == 403


def test_drill_down_shows_history(client_for, official, indicator):
    later = IndicatorFactory(area=indicator.area, name="일상상담", year=2019, target=None)
    services.apply_manual_value(later, Decimal(236))
    html = client_for(official).get(reverse("kpis:indicator", args=[later.pk])).content.decode()
    assert "2018" in html and "236건" in html and "목표 미설정" in html
    assert 'data-testid="chart-history"' in html


def test_staff_create_indicator_form(client_for, staff):
    area = BusinessAreaFactory(name="기획연구")
    client = client_for(staff)
    data = {
        "area": area.pk,
        "year": 2018,
        "name": "정책개발 연구",
        "unit": "건",
        "direction": "higher",
        "target": "5",
        "source": "manual",
        "order": 1,
        "measure_params": "{}",
    }
    response = client.post(reverse("kpis:indicator_create"), data)
    assert response.status_code == 302
    bad = client.post(
        reverse("kpis:indicator_create"), {**data, "name": "다른 지표", "target": "-1"}
    )
    assert bad.status_code == 200 and "0 이상" in bad.content.decode()


def test_entry_form_and_approval(client_for, staff, official, make_user):
    ind = IndicatorFactory(name="뉴스레터 발행", unit="회", target=Decimal(21))
    response = client_for(staff).post(
        reverse("kpis:entry_create", args=[ind.pk]),
        {"value": "21", "unit": "회", "evidence": evidence()},
    )
    assert response.status_code == 302
    entry = ManualEntry.objects.get()
    client = client_for(official)
    client.post(reverse("kpis:entry_act", args=[entry.pk]), {"action": "approve"})
    assert IndicatorValue.objects.get(indicator=ind).achievement_percent == 100
    evidence_response = client.get(reverse("kpis:evidence", args=[entry.pk]))
    assert evidence_response.status_code == 200


def test_entry_without_evidence_shows_error(client_for, staff):
    ind = IndicatorFactory()
    response = client_for(staff).post(
        reverse("kpis:entry_create", args=[ind.pk]), {"value": "1", "unit": "건"}
    )
    assert response.status_code == 200
    assert "증빙 자료를 첨부해 주세요." in response.content.decode()
    assert not ManualEntry.objects.exists()


def test_self_approval_refused_in_page(client_for, official):
    ind = IndicatorFactory()
    entry = services.submit_entry(ind, actor=official, value="1", unit="건", evidence=evidence())
    client_for(official).post(reverse("kpis:entry_act", args=[entry.pk]), {"action": "approve"})
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_dashboard_query_count_is_constant(client_for, official, django_assert_max_num_queries):
    area = BusinessAreaFactory(name="아카데미 운영")
    for n in range(30):
        services.apply_manual_value(
            IndicatorFactory(area=area, name=f"과정{n}", unit="과정"), Decimal(n)
        )
    client = client_for(official)
    client.get(reverse("kpis:dashboard"))  # session set-up outside the count
    with django_assert_max_num_queries(14):
        assert client.get(reverse("kpis:dashboard") + "?year=2018").status_code == 200


def test_many_indicators_detail_one_area_at_a_time(client_for, official, monkeypatch):
    from kpis import selectors

    monkeypatch.setattr(selectors, "DETAIL_LIMIT", 3)
    first, second = BusinessAreaFactory(name="가 분야"), BusinessAreaFactory(name="나 분야")
    first.order, second.order = 1, 2
    first.save(), second.save()
    for n in range(3):
        IndicatorFactory(area=first, name=f"가{n}")
        IndicatorFactory(area=second, name=f"나{n}")
    client = client_for(official)
    html = client.get(reverse("kpis:dashboard") + "?year=2018").content.decode()
    assert 'data-testid="area-summary"' in html and "가0" in html and "나0" not in html
    html = client.get(reverse("kpis:dashboard") + f"?year=2018&area={second.pk}").content.decode()
    assert "나0" in html and "가0" not in html


def test_stale_after_definition_change_shows_on_dashboard(client_for, staff, indicator):
    services.update_indicator(indicator, actor=staff, target="250")
    html = client_for(staff).get(reverse("kpis:dashboard") + "?year=2018").content.decode()
    assert "재계산 필요" in html


def test_cached_dashboard_follows_every_change(client_for, staff, official, indicator):
    client = client_for(official)
    url = reverse("kpis:dashboard") + "?year=2018"
    assert "200건" in client.get(url).content.decode()
    services.update_indicator(indicator, actor=staff, target="260")
    assert "260건" in client.get(url).content.decode()
    entry = services.submit_entry(
        indicator, actor=staff, value="260", unit="건", evidence=evidence()
    )
    assert "1</strong>" in client.get(url).content.decode()  # one entry waiting
    services.act_on_entry(entry, "approve", actor=official)
    html = client.get(url).content.decode()
    assert "260건" in html and "100%" in html
