from django.utils.translation import gettext_lazy as _

from seoul_se.access import READ_ALL_ROLES
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("부정수급·중복지원 점검"),
        "integrity:list",
        READ_ALL_ROLES,
        _("중복 청구·특수관계 지급·분할 지급·연관 신청자 점검 결과를 검토합니다."),
        order=920,
        group="audit",
    ),
]
