from django.utils.translation import gettext_lazy as _

from impact_bonds.access import READ_ROLES
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("사회성과보상사업"),
        "impact_bonds:list",
        READ_ROLES,
        _("SIB 계약, 연도별 성과 측정과 성과보상 산정"),
        order=560,
        group="centre",
    ),
]
