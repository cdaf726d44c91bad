from django.utils.translation import gettext_lazy as _

from procurement.access import OVERVIEW_ROLES
from seoul_se.accounts.models import Role
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("공공구매"),
        "procurement:overview",
        OVERVIEW_ROLES,
        _("연도별 공공구매 목표·실적, 기관별 실적, 구매상담회와 누계 매칭 계약"),
        order=550,
        group="centre",
    ),
    NavItem(
        _("공공구매 실적"),
        "procurement:purchase_list",
        frozenset({Role.ENTERPRISE_MEMBER}),
        _("우리 기업이 공공기관에 판매한 실적"),
        order=551,
        group="centre",
    ),
]
