from django.utils.translation import gettext_lazy as _

from seoul_se.core.tables import Column, Table

CHANNELS = Table(
    "판매채널",
    (
        Column(_("유형"), lambda c: c.get_kind_display(), width=12),
        Column(_("채널명"), lambda c: c.name, width=28),
        Column(_("운영 주체"), lambda c: c.operator, width=20),
        Column(_("입점 누계"), lambda c: c.placement_count, width=10),
        Column(_("오늘 입점 중"), lambda c: c.active_count, width=10),
    ),
)
PLACEMENTS = Table(
    "입점",
    (
        Column(_("채널"), lambda p: p.channel.name, width=24),
        Column(_("채널 유형"), lambda p: p.channel.get_kind_display(), width=12),
        Column(_("기업"), lambda p: p.enterprise.name, width=24),
        Column(_("사업자등록번호"), lambda p: p.enterprise.business_number, width=14),
        Column(_("입점일"), lambda p: p.started_on, width=12),
        Column(_("종료일"), lambda p: p.ended_on, width=12),
        Column(_("입점 상품"), lambda p: p.products, width=30),
        Column(_("보고 매출 합계"), lambda p: p.sales_total, money=True),
    ),
)
SALES = Table(
    "매출보고",
    (
        Column(_("기간"), lambda s: s.period_label(), width=14),
        Column(_("채널"), lambda s: s.placement.channel.name, width=24),
        Column(_("기업"), lambda s: s.placement.enterprise.name, width=24),
        Column(_("매출액"), lambda s: s.amount, money=True),
    ),
)
EVENTS = Table(
    "마켓행사",
    (
        Column(_("마켓"), lambda e: e.get_series_display(), width=14),
        Column(_("행사명"), lambda e: e.name, width=24),
        Column(_("개최일"), lambda e: e.held_on, width=12),
        Column(_("장소"), lambda e: e.place, width=20),
        Column(_("참가 기업"), lambda e: e.participant_count, width=10),
        Column(_("매출액"), lambda e: e.sales_total, money=True),
    ),
)
PARTICIPATIONS = Table(
    "행사참가",
    (
        Column(_("행사"), lambda p: p.event.name, width=24),
        Column(_("개최일"), lambda p: p.event.held_on, width=12),
        Column(_("기업"), lambda p: p.enterprise.name, width=24),
        Column(_("매출액"), lambda p: p.sales, money=True),
    ),
)
