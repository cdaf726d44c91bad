from django.utils.translation import gettext_lazy as _

from consulting.access import CONSULTING_ROLES
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("컨설팅·상담"),
        "consulting:list",
        CONSULTING_ROLES,
        _("경영 컨설팅과 일상상담을 신청하고 진행 상황을 봅니다."),
        order=520,
        group="centre",
    ),
]
