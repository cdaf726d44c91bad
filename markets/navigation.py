from django.utils.translation import gettext_lazy as _

from markets.access import READ_ROLES
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("판로지원"),
        "markets:overview",
        READ_ROLES,
        _("유통채널·생협 매장 입점, 매출 보고, 인서울마켓·덕수궁 페어샵"),
        order=540,
        group="centre",
    ),
]
