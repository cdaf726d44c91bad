"""The fund pages' own menu offers each role only the pages it may open."""

import re

import pytest

pytestmark = pytest.mark.django_db

MENU = re.compile(r'<nav class="actions" aria-label="사회투자기금 메뉴">(.*?)</nav>', re.S)


def menu_links(html: str) -> list[str]:
    found = MENU.search(html)
    return re.findall(r'href="([^"]+)"', found.group(1)) if found else []


@pytest.mark.parametrize(
    "role", ["official", "auditor", "intermediary_staff", "enterprise_member", "centre_staff"]
)
def test_every_menu_link_opens_for_the_role(make_user, client_for, role):
    client = client_for(make_user(role))
    page = client.get("/funds/loans/")
    assert page.status_code == 200
    for url in menu_links(page.content.decode()):
        assert client.get(url).status_code == 200, (role, url)


def test_a_member_is_not_offered_the_fund_status(make_user, client_for):
    client = client_for(make_user("enterprise_member"))
    assert client.get("/funds/").status_code == 403
    html = client.get("/funds/loans/").content.decode()
    assert 'href="/funds/"' not in html
    assert 'href="/funds/intermediaries/"' not in html


def test_a_reader_is_offered_every_fund_page(make_user, client_for):
    links = menu_links(client_for(make_user("official")).get("/funds/loans/").content.decode())
    assert "/funds/" in links and "/funds/partnerships/" in links and len(links) == 8
