from django.utils.translation import gettext_lazy as _

from education.access import EDUCATION_ROLES
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("교육·인재양성"),
        "education:list",
        EDUCATION_ROLES,
        _("아카데미와 인식 개선 교육에 신청하고 출석·수료를 관리합니다."),
        order=530,
        group="centre",
    ),
]
