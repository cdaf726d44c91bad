"""The fund status page opens on the latest date with data and names it; zero is written 0원."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from funds import selectors, services
from funds.models import Deposit
from tests.funds.factories import make_loan

pytestmark = pytest.mark.django_db


def _as_of(html: str) -> str:
    return re.search(r'data-testid="as-of">(.*?)</p>', html, re.S).group(1)


def test_status_opens_on_the_latest_date_with_data(client_for, official):
    make_loan(official, disburse_on=dt.date(2019, 6, 3))
    Deposit.objects.create(
        fund=services.main_fund(),
        kind=Deposit.Kind.PUBLIC,
        bank="우리은행",
        principal=5_717_000_000,
        rate="0.01",
        start=dt.date(2019, 12, 31),
    )
    assert selectors.latest_data_date() == dt.date(2019, 12, 31)
    html = client_for(official).get(reverse("funds:status")).content.decode()
    assert "2019년 12월 31일 기준" in _as_of(html)
    assert "정기예금: 0원" in html and not re.search(r"(?<![\d,])0(만|억)원", html)
    # A date asked for is still the date shown.
    html = client_for(official).get(reverse("funds:status") + "?as_of=2019-07-01").content.decode()
    assert "2019년 7월 1일 기준" in _as_of(html)


def test_status_without_data_opens_on_today(client_for, official):
    assert selectors.latest_data_date() is None
    html = client_for(official).get(reverse("funds:status")).content.decode()
    today = timezone.localdate()
    assert f"{today.year}년 {today.month}월 {today.day}일 기준" in _as_of(html)


def test_future_dated_records_do_not_move_the_default_past_today(official):
    Deposit.objects.create(
        fund=services.main_fund(),
        kind=Deposit.Kind.TERM,
        bank="신한은행",
        principal=7_500_000_000,
        rate="0.02",
        start=timezone.localdate() + dt.timedelta(days=30),
    )
    assert selectors.latest_data_date() is None
