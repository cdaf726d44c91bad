from django.utils.translation import gettext_lazy as _

from reports.access import READ_ROLES
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("예산·정산·보고서"),
        "reports:index",
        READ_ROLES,
        _("예산과 집행, 정산 확정, 엑셀 보고서 생성과 내려받기"),
        order=600,
        group="performance",
    ),
]
