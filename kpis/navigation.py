from django.utils.translation import gettext_lazy as _

from kpis.access import READ_ROLES
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("성과지표"),
        "kpis:dashboard",
        READ_ROLES,
        _("사업 분야별 목표·실적·달성률과 재계산, 실적 입력·승인"),
        order=400,
        group="performance",
    ),
]
