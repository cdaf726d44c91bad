from django.utils.translation import gettext_lazy as _

from seoul_se.access import ALL_ROLES, READ_ALL_ROLES
from seoul_se.accounts.models import Role
from seoul_se.core.navigation import NavItem

ENTERPRISE = frozenset({Role.ENTERPRISE_MEMBER})

NAV_ITEMS = [
    NavItem(
        _("지원사업 공모"),
        "programs:call_list",
        ALL_ROLES,
        _("공모를 보고 온라인으로 신청합니다."),
        order=200,
        group="programs",
    ),
    NavItem(
        _("내 신청"),
        "programs:my_applications",
        ENTERPRISE,
        _("신청 현황과 다음 할 일을 확인합니다."),
        order=201,
        group="programs",
    ),
    NavItem(
        _("신청서 관리"),
        "programs:application_list",
        READ_ALL_ROLES,
        _("공모별·상태별 신청서를 검토합니다."),
        order=202,
        group="programs",
    ),
    NavItem(
        _("공모 현황"),
        "programs:dashboard",
        READ_ALL_ROLES,
        _("공모별 상태와 예산 집행을 봅니다."),
        order=203,
        group="programs",
    ),
    NavItem(
        _("심사"),
        "programs:review_list",
        frozenset({Role.REVIEWER}),
        _("배정된 신청서를 심사합니다."),
        order=204,
        group="programs",
    ),
    NavItem(
        _("협약·교부"),
        "programs:agreement_list",
        READ_ALL_ROLES | ENTERPRISE,
        _("협약과 교부 내역을 봅니다."),
        order=205,
        group="programs",
    ),
    NavItem(
        _("사업·지원 기준"),
        "programs:program_list",
        READ_ALL_ROLES,
        _("연도별 지원사업 예산과 지원 기준(한도·기간·분담비율)"),
        order=207,
        group="programs",
    ),
    NavItem(
        _("같이살림 단지"),
        "programs:complex_list",
        READ_ALL_ROLES,
        _("공동주택 단지와 워크숍 현황"),
        order=206,
        group="programs",
    ),
]
