from django.utils.translation import gettext_lazy as _

from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("알림함"),
        "notifications:inbox",
        description=_("받은 알림을 확인합니다."),
        order=950,
        group="manage",
    )
]
