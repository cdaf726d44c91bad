from django.utils.translation import gettext_lazy as _

from seoul_se.access import ALL_ROLES
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("자치구 지원센터"),
        "districts:centre_list",
        ALL_ROLES,
        _("자치구 사회적경제 지원조직과 연락처를 봅니다."),
        order=209,
        group="programs",
    ),
]
