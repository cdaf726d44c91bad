import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from markets import demo, selectors, services
from markets.models import ChannelKind, EventSeries, Placement, SalesReport
from tests.factories import EnterpriseFactory, MembershipFactory, valid_business_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(staff):
    return services.create_channel(actor=staff, kind=ChannelKind.COOP_STORE, name="한살림 매장")


def _place(channel, staff, started_on, enterprise=None):
    """A new (or the given) registered enterprise placed in ``channel`` on ``started_on``."""
    enterprise = enterprise or EnterpriseFactory()
    return services.place_enterprise(
        channel, actor=staff, business_number=enterprise.business_number, started_on=started_on
    )


def _sales(placement, staff, period_kind, period, amount):
    return services.report_sales(
        placement, actor=staff, period_kind=period_kind, year=2019, period=period, amount=amount
    )


def test_negative_sales_are_refused_and_nothing_saved(staff, channel):
    placement = _place(channel, staff, dt.date(2019, 3, 1))
    with pytest.raises(ValidationError) as info:
        _sales(placement, staff, "month", 4, -1)
    assert info.value.error_dict["amount"][0].code == "negative_sales"
    assert not SalesReport.objects.exists()
    _sales(placement, staff, "quarter", 2, 0)
    _sales(placement, staff, "quarter", 2, 1_500_000)
    assert SalesReport.objects.get().amount == 1_500_000


def test_sales_before_the_placement_are_refused(staff, channel):
    placement = _place(channel, staff, dt.date(2019, 5, 2))
    with pytest.raises(ValidationError) as info:
        _sales(placement, staff, "month", 4, 1)
    assert info.value.code == "outside_placement"
    _sales(placement, staff, "quarter", 2, 1)


def test_placement_needs_a_registered_number_with_valid_check_digit(staff, channel):
    number = valid_business_number(77)
    wrong_check = number[:9] + str((int(number[9]) + 1) % 10)
    for text in (number, wrong_check):  # not registered / wrong check digit
        with pytest.raises(ValidationError) as info:
            services.place_enterprise(
                channel, actor=staff, business_number=text, started_on=dt.date(2019, 1, 1)
            )
        assert "business_number" in info.value.error_dict
    assert not Placement.objects.exists()


def test_only_staff_manage(member, auditor, channel):
    for user in (member, auditor):
        with pytest.raises(PermissionDenied):
            services.create_channel(actor=user, kind=ChannelKind.ONLINE, name="함께누리")


def test_yearly_selectors_count_what_the_test_made(staff, channel):
    other_store = services.create_channel(
        actor=staff, kind=ChannelKind.COOP_STORE, name="두레 매장"
    )
    hub = services.create_channel(actor=staff, kind=ChannelKind.HUB_STORE, name="공감마켓정")
    a, b = EnterpriseFactory(), EnterpriseFactory()
    for store, enterprise, day in (
        (channel, a, dt.date(2018, 2, 1)),
        (channel, b, dt.date(2018, 3, 1)),
        (other_store, a, dt.date(2019, 1, 1)),
        (hub, b, dt.date(2018, 5, 1)),
    ):
        _place(store, staff, day, enterprise)
    assert selectors.placements_in_year(2018) == 3
    assert selectors.placements_in_year(2018, ChannelKind.COOP_STORE) == 2
    assert list(selectors.stores_with_placements(2018)) == [channel]
    assert selectors.stores_with_placements(2019).count() == 1
    assert selectors.enterprises_placed_in_year(2018) == 2
    assert selectors.placements_between(2000, 2019).count() == 4

    event = services.create_event(
        actor=staff,
        series=EventSeries.IN_SEOUL,
        name="인서울마켓 1회",
        held_on=dt.date(2019, 9, 7),
        place="뚝섬",
    )
    services.record_participation(event, actor=staff, business_number=a.business_number, sales=300)
    services.record_participation(event, actor=staff, business_number=b.business_number, sales=700)
    with pytest.raises(ValidationError):
        services.record_participation(
            event, actor=staff, business_number=b.business_number, sales=-5
        )
    figures = selectors.event_series_figures(2019)
    assert [(f.series, f.events, f.participations, f.sales) for f in figures] == [
        ("in_seoul", 1, 2, 1000)
    ]


def test_demo_reproduces_the_seed_figures(staff):
    EnterpriseFactory.create_batch(60)
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent
    assert selectors.placements_in_year(2018, ChannelKind.HUB_STORE) == 30
    assert selectors.enterprises_placed_in_year(2018, ChannelKind.HUB_STORE) == 30
    assert selectors.stores_with_placements(2018).count() == 29
    assert selectors.placements_in_year(2019, ChannelKind.COOP_STORE) == 31
    assert selectors.placements_in_year(2019, ChannelKind.HOME_SHOPPING) == 26
    figures = {f.series: f for f in selectors.event_series_figures(2019)}
    assert (figures["in_seoul"].events, figures["in_seoul"].participations) == (9, 409)
    assert figures["in_seoul"].sales == 85_000_000
    assert (figures["deoksugung"].events, figures["deoksugung"].participations) == (6, 183)
    assert figures["deoksugung"].sales == 156_000_000


def test_member_sees_only_own_placements_page_api_and_export(client, staff, member, channel):
    own, other = EnterpriseFactory(name="내기업"), EnterpriseFactory(name="남의기업")
    MembershipFactory(user=member, enterprise=own)
    for enterprise in (own, other):
        _place(channel, staff, dt.date(2019, 1, 1), enterprise)
    client.force_login(member)
    page = client.get("/markets/placements/").content.decode()
    assert "내기업" in page and "남의기업" not in page
    api = client.get("/api/v1/market-placements").json()
    assert [row["enterprise_name"] for row in api["results"]] == ["내기업"]
    sheet = load_workbook(io.BytesIO(client.get("/markets/placements.xlsx").content)).worksheets[0]
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["내기업"]
    assert client.get("/markets/channels/new/").status_code == 403
    assert (
        client.post(
            "/api/v1/market-channels",
            {"kind": "online", "name": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_auditor_reads_but_cannot_write(client, auditor, channel):
    client.force_login(auditor)
    assert client.get("/markets/").status_code == 200
    assert client.get(f"/markets/channels/{channel.pk}/").status_code == 200
    response = client.post(
        f"/markets/channels/{channel.pk}/placements/",
        {"business_number": "x", "started_on": "2019-01-01"},
    )
    assert response.status_code == 403


def test_negative_sales_through_api_is_a_clear_error(client, staff, channel):
    placement = _place(channel, staff, dt.date(2019, 1, 1))
    client.force_login(staff)
    response = client.post(
        "/api/v1/market-sales",
        {
            "placement": placement.pk,
            "period_kind": "month",
            "year": 2019,
            "period": 2,
            "amount": -10,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "0원 이상" in str(response.json()["error"]["fields"]["amount"])
    assert not SalesReport.objects.exists()


def test_staff_pages_and_exports_open(client, staff, channel):
    client.force_login(staff)
    for url in (
        "/markets/",
        "/markets/sales/",
        "/markets/participations/",
        "/markets/channels.xlsx",
        "/markets/events.xlsx",
        "/markets/sales.xlsx",
        "/markets/participations.xlsx",
        f"/markets/channels/{channel.pk}/",
    ):
        assert client.get(url).status_code == 200, url


def test_sales_page_refuses_a_negative_figure_with_a_message(client, staff, channel):
    placement = _place(channel, staff, dt.date(2019, 1, 1))
    client.force_login(staff)
    data = {"placement": placement.pk, "period_kind": "month", "year": 2019, "period": 3}
    response = client.post(
        f"/markets/channels/{channel.pk}/sales/", {**data, "amount": -1}, follow=True
    )
    assert "매출액은 0원 이상이어야 합니다" in response.content.decode()
    assert not SalesReport.objects.exists()
    client.post(f"/markets/channels/{channel.pk}/sales/", {**data, "amount": 250_000})
    assert SalesReport.objects.get().amount == 250_000
