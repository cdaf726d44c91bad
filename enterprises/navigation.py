from django.utils.translation import gettext_lazy as _

from enterprises.access import ONBOARDING_ROLES, REGISTRY_ROLES, REGISTRY_STAFF_ROLES
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("기업 명부"),
        "enterprises:list",
        REGISTRY_ROLES,
        _("사회적경제기업을 검색하고 인증·지정 이력과 실적을 봅니다."),
        order=100,
        group="enterprises",
    ),
    NavItem(
        _("내 기업 등록·가입"),
        "enterprises:start",
        ONBOARDING_ROLES,
        _("새 기업을 등록하거나 사업자등록번호로 소속 기업에 가입을 신청합니다."),
        order=101,
        group="enterprises",
    ),
    NavItem(
        _("기업 확인·승인"),
        "enterprises:queue",
        REGISTRY_STAFF_ROLES,
        _("신규 등록, 가입 신청, 정보 변경 요청, 실적을 확인합니다."),
        order=102,
        group="enterprises",
    ),
    NavItem(
        _("기업 명부 엑셀 등록"),
        "enterprises:import",
        REGISTRY_STAFF_ROLES,
        _("양식에 맞춘 엑셀 명부를 한 번에 등록합니다."),
        order=103,
        group="enterprises",
    ),
]
