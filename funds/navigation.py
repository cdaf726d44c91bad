from django.utils.translation import gettext_lazy as _

from funds.access import (
    FUND_READ_ROLES,
    LOAN_READ_ROLES,
    MONITORING_ROLES,
    REPAYMENT_REPORT_ROLES,
    REPORT_STATUS_ROLES,
)
from seoul_se.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("사회투자기금 현황"),
        "funds:status",
        FUND_READ_ROLES,
        _("기준일의 총 융자금·기업 수·채권잔액·회수금액·예치금과 연체 현황"),
        order=400,
        group="funds",
    ),
    NavItem(
        _("융자"),
        "funds:loan_list",
        LOAN_READ_ROLES,
        _("융자 신청·지급·상환 일정·거래내역"),
        order=410,
        group="funds",
    ),
    NavItem(
        _("융자 모니터링"),
        "funds:monitoring",
        MONITORING_ROLES,
        _("분기 서면보고 미제출과 연 1회 현장점검 누락"),
        order=420,
        group="funds",
    ),
    NavItem(
        _("월별 상환 보고"),
        "funds:repayment_reports",
        REPAYMENT_REPORT_ROLES | REPORT_STATUS_ROLES,
        _("수행기관별 상환 보고 도착·기록·상환 일정 대비 차이, 보고 올리기"),
        order=425,
        group="funds",
    ),
]

# The fund pages' own menu (templates/funds/_nav.html): each entry with the roles its view admits,
# so a role is never offered a page that answers 403.
SECTION_MENU = [
    (_("기금 현황"), "funds:status", FUND_READ_ROLES),
    (_("융자"), "funds:loan_list", LOAN_READ_ROLES),
    (_("수행기관"), "funds:intermediaries", FUND_READ_ROLES),
    (_("융자 상품"), "funds:products", FUND_READ_ROLES),
    (_("예치금"), "funds:deposits", FUND_READ_ROLES),
    (_("모니터링"), "funds:monitoring", MONITORING_ROLES),
    (_("월별 상환 보고"), "funds:repayment_reports", REPAYMENT_REPORT_ROLES | REPORT_STATUS_ROLES),
    (_("임팩트투자조합"), "funds:partnerships", FUND_READ_ROLES),
]
