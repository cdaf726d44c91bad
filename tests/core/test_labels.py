"""No internal code on the pages people read: every state, choice and sort is shown through its
label, money through the won filters (0 → 0원; English units in English), in both languages."""

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from programs import services as programs
from programs.models import Call
from seoul_se.core.templatetags import won
from tests.factories import MembershipFactory
from tests.funds.factories import make_loan
from tests.programs.conftest import close_call
from tests.programs.factories import CallFactory, RuleFactory

RAW = re.compile(
    r"\b(applied|approved|contracted|disbursed|repaying|selected|reserve|enterprise|created_at"
    r"|founded_on|Created at|Founded on)\b|sort order",
    re.IGNORECASE,
)


class _MainText(HTMLParser):
    """The text of ``<main>`` (no tags, no attribute values, no scripts)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "main":
            self.depth += 1
        elif tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        elif tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def main_text(response) -> str:
    assert response.status_code == 200, response.status_code
    parser = _MainText()
    parser.feed(response.content.decode())
    text = " ".join(parser.parts)
    assert text.strip(), "no <main> content"
    return text


@pytest.fixture
def world(db, official, staff, member):
    """A member's enterprise with a disbursed loan (transitions applied → … → disbursed) and an
    application in review whose call has a selected and a reserve proposal."""
    enterprise = MembershipFactory(user=member).enterprise
    loan = make_loan(official, enterprise=enterprise, disburse_on=dt.date(2024, 1, 2))
    call = CallFactory()
    RuleFactory(program=call.program)
    others = MembershipFactory().enterprise
    applications = []
    for owner, user in ((enterprise, member), (others, None)):
        user = user or MembershipFactory(enterprise=owner).user
        application = programs.create_application(
            call,
            owner,
            actor=user,
            title="돌봄 혁신",
            requested_amount=80_000_000,
            duration_months=12,
        )
        application = programs.submit_application(application.pk, actor=user)
        programs.act_on_application(application, "screen", actor=staff)
        programs.act_on_application(application, "review", actor=staff, acknowledged=True)
        applications.append(application)
    close_call(call)
    programs.propose_selection(
        call,
        [(applications[0].pk, "selected", 70_000_000), (applications[1].pk, "reserve", 0)],
        actor=staff,
    )
    return {"enterprise": enterprise, "loan": loan, "call": call, "application": applications[0]}


def _pages(world, role):
    loan, call, application = world["loan"], world["call"], world["application"]
    urls = [reverse("funds:loan_detail", args=[loan.pk])]
    if role == "member":
        return [*urls, reverse("programs:application_detail", args=[application.pk])]
    orderings = ["name", "created_at", "founded_on", "district__sort_order"]
    return [
        *urls,
        reverse("funds:status"),
        reverse("kpis:dashboard"),
        reverse("programs:call_ranking", args=[call.pk]),
        reverse("programs:application_detail", args=[application.pk]),
        reverse("enterprises:list"),
        *(f"{reverse('enterprises:list')}?ordering={o}" for o in orderings),
        *(f"{reverse('enterprises:list')}?ordering=-{o}" for o in orderings),
    ]


@pytest.mark.parametrize("role", ["official", "staff", "member"])
def test_korean_pages_show_labels_not_codes(request, client_for, world, role):
    client = client_for(request.getfixturevalue(role))
    for url in _pages(world, role):
        text = main_text(client.get(url))
        found = sorted({m.group(0) for m in RAW.finditer(text)})
        assert not found, f"{url} shows {found}"


def test_loan_history_and_support_history_use_korean_labels(client_for, world, staff):
    client = client_for(staff)
    loan_text = main_text(client.get(reverse("funds:loan_detail", args=[world["loan"].pk])))
    assert "신청 → 승인" in loan_text
    detail = reverse("programs:application_detail", args=[world["application"].pk])
    assert "융자 · 사회적경제기업" in main_text(client.get(detail))


def test_registry_offers_a_korean_label_for_every_sort(client_for, world, staff):
    text = main_text(client_for(staff).get(reverse("enterprises:list")))
    for label in (
        "기업명 순",
        "최근 등록순",
        "설립일 순",
        "최근 설립순",
        "자치구 순",
        "자치구 역순",
    ):
        assert label in text


@pytest.fixture
def _english_restored():
    """The test client leaves the last request's language active in this thread."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


@pytest.mark.usefixtures("_english_restored")
def test_open_call_in_english_says_when_it_closes(client_for, db, member):
    call = CallFactory(status=Call.Status.PUBLISHED)
    RuleFactory(program=call.program)
    MembershipFactory(user=member)
    client = _english(client_for(member))
    for url in (
        reverse("programs:call_detail", args=[call.pk]),
        reverse("programs:my_applications"),
        reverse("programs:application_create", args=[call.pk]),
    ):
        text = main_text(client.get(url))
        assert "Closed" not in text, url
    assert "Applications close" in main_text(client.get(reverse("programs:my_applications")))


@pytest.mark.usefixtures("_english_restored")
def test_money_in_english_has_no_won(client_for, world, official):
    client = _english(client_for(official))
    # (The loan page is left out: its transition comments are stored text such as "1,200,000원
    # 지급", written by the services in Korean.)
    for url in (reverse("funds:status"), reverse("programs:call_detail", args=[world["call"].pk])):
        text = main_text(client.get(url))
        assert "원" not in text, url
        assert "KRW" in text, url


# --- the won filters ---------------------------------------------------------------------


UNIT_FILTERS = [won.won, won.thousand_won, won.million_won, won.hundred_million_won, won.eok]


@pytest.mark.parametrize("money", UNIT_FILTERS)
def test_zero_is_zero_won_in_every_unit(money):
    with translation.override("ko"):
        assert money(0) == "0원"
        assert money(None) == "-"
    with translation.override("en"):
        assert money(0) == "KRW 0"


def test_korean_units_keep_their_rounding_and_sign():
    with translation.override("ko"):
        assert won.won(1_234_567) == "1,234,567원"
        assert won.won(-1_234_567) == "-1,234,567원"
        assert won.thousand_won(1_234_567) == "1,235천원"
        assert won.million_won(-1_500_500_000) == "-1,501백만원"
        assert won.hundred_million_won(12_345_000_000) == "123.5억원"
        assert won.eok(90_464_000_000) == "904억 6,400만원"
        assert won.eok(-90_464_000_000) == "-904억 6,400만원"
        assert won.eok(9_000_000_000_000_000) == "90,000,000억원"


def test_english_units():
    with translation.override("en"):
        assert won.won(1_234_567) == "KRW 1,234,567"
        assert won.won(Decimal(-1_234_567)) == "KRW -1,234,567"
        assert won.thousand_won(1_234_567) == "KRW 1,235 thousand"
        assert won.million_won(1_500_500_000) == "KRW 1,501 million"
        assert won.hundred_million_won(12_345_000_000) == "KRW 12.35 billion"
        assert won.eok(90_464_000_000) == "KRW 90,464,000,000"
        assert won.eok(-5_000) == "KRW -5,000"
        assert won.won(9_000_000_000_000_000) == "KRW 9,000,000,000,000,000"


def test_dates_follow_the_language():
    day = dt.date(2020, 3, 2)
    with translation.override("ko"):
        assert won.kdate(day) == "2020년 3월 2일"
        assert won.kdate(day, True) == "2020년 3월 2일 (월)"
    with translation.override("en"):
        assert won.kdate(day) == "March 2, 2020"
        assert won.kdate(day, True) == "March 2, 2020 (Mon)"


def test_kpi_entry_history_shows_korean_states(client_for, staff, official):
    from kpis.models import ManualEntry
    from tests.kpis.factories import IndicatorFactory, evidence

    indicator = IndicatorFactory(name="뉴스레터 발행", unit="회", target=Decimal(21))
    client_for(staff).post(
        reverse("kpis:entry_create", args=[indicator.pk]),
        {"value": "21", "unit": "회", "evidence": evidence()},
    )
    client = client_for(official)
    client.post(
        reverse("kpis:entry_act", args=[ManualEntry.objects.get().pk]), {"action": "approve"}
    )
    text = main_text(client.get(reverse("kpis:indicator", args=[indicator.pk])))
    assert "승인 대기 → 승인" in text
    assert not RAW.search(text), RAW.findall(text)


def test_auditor_may_switch_the_language(client_for, auditor):
    client = client_for(auditor)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.post(reverse("audit:access_log"), {}).status_code == 403  # still read-only
