from django.utils.translation import gettext_lazy as _

from seoul_se.access import AUDIT_TRAIL_ROLES
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("감사 기록"),
        "audit:log",
        AUDIT_TRAIL_ROLES,
        _("모든 변경 이력을 조회합니다."),
        order=900,
        group="audit",
    ),
    NavItem(
        _("개인정보 접속기록"),
        "audit:access_log",
        AUDIT_TRAIL_ROLES,
        _("개인정보 조회·내려받기 기록과 월별 점검입니다."),
        order=910,
        group="audit",
    ),
]
