"""The main menu by domain: per role the groups and pages shown, never an empty group, at most seven."""

import pytest
from django.urls import reverse

from seoul_se.accounts.models import Role
from seoul_se.core.navigation import GROUPS, all_items, groups_for


def menu(user, path: str = "/") -> dict[str, list[str]]:
    return {g["label"]: [i["label"] for i in g["items"]] for g in groups_for(user, path)}


def test_at_most_seven_groups_and_every_item_in_one():
    assert len(GROUPS) <= 7
    keys = {group.key for group in GROUPS}
    assert all(item.group in keys for item in all_items())


@pytest.mark.parametrize("role", Role.values)
def test_no_empty_group_and_only_pages_the_role_may_open(make_user, role):
    user = make_user(role)
    groups = groups_for(user, "/")
    assert len(groups) <= 7
    for group in groups:
        assert group["items"], group["label"]
        assert not group["current"]
    shown = {item["url"] for group in groups for item in group["items"]}
    for item in all_items():
        if role not in item.roles:
            assert reverse(item.url_name) not in shown, item.url_name


def test_official_menu(official):
    assert menu(official) == {
        "기업": ["기업 명부", "기업 확인·승인", "기업 명부 엑셀 등록"],
        "지원사업": [
            "지원사업 공모",
            "신청서 관리",
            "공모 현황",
            "협약·교부",
            "같이살림 단지",
            "사업·지원 기준",
            "자치구 지원센터",
        ],
        "센터 사업": ["컨설팅·상담", "교육·인재양성", "판로지원", "공공구매", "사회성과보상사업"],
        "사회투자기금": ["사회투자기금 현황", "융자", "융자 모니터링", "월별 상환 보고"],
        "성과·예산": ["성과지표", "예산·정산·보고서"],
        "감사": ["감사 기록", "개인정보 접속기록", "부정수급·중복지원 점검"],
        "알림·관리": ["엑셀 가져오기", "알림함"],
    }


def test_enterprise_member_menu(member):
    shown = menu(member)
    assert list(shown)[:2] == ["기업", "지원사업"]
    assert shown["지원사업"][:2] == ["지원사업 공모", "내 신청"]
    assert "감사" not in shown
    assert "신청서 관리" not in shown["지원사업"]
    assert "공공구매 실적" in shown["센터 사업"]


def test_current_page_and_its_group_are_highlighted(official):
    loans = reverse("funds:loan_list")
    groups = groups_for(official, loans + "123/")
    current = [g for g in groups if g["current"]]
    assert [g["label"] for g in current] == ["사회투자기금"]
    assert [i["label"] for i in current[0]["items"] if i["current"]] == ["융자"]


def test_shell_renders_the_groups_as_keyboard_details(client_for, official):
    client = client_for(official)
    html = client.get(reverse("funds:loan_list")).content.decode()
    assert "이 누리집은 대한민국 공식 전자정부 누리집입니다." in html
    assert html.count('<li class="gnb-group') == len(groups_for(official, "/"))
    assert '<li class="gnb-group is-current" data-group="funds">' in html
    assert f'<a href="{reverse("funds:loan_list")}" aria-current="page">융자</a>' in html
    assert 'class="krds-breadcrumb-wrap"' in html
