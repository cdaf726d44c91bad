from django.utils.translation import gettext_lazy as _

from seoul_se.core.tables import Column, Table

PURCHASES = Table(
    "공공구매실적",
    (
        Column(_("구매일"), lambda p: p.purchased_on, width=12),
        Column(_("기관"), lambda p: p.institution.name, width=24),
        Column(_("기관 유형"), lambda p: p.institution.get_kind_display(), width=12),
        Column(_("기업"), lambda p: p.enterprise.name, width=24),
        Column(_("사업자등록번호"), lambda p: p.enterprise.business_number, width=14),
        Column(_("품목"), lambda p: p.item, width=24),
        Column(_("구매액"), lambda p: p.amount, money=True),
    ),
)
YEARS = Table(
    "연도별목표실적",
    (
        Column(_("연도"), lambda y: y.year, width=8),
        Column(_("목표"), lambda y: y.target, money=True, width=20),
        Column(_("실적"), lambda y: y.actual, money=True, width=20),
        Column(_("달성률(%)"), lambda y: y.rate, width=10),
    ),
)
INSTITUTIONS = Table(
    "기관별실적",
    (
        Column(_("기관"), lambda f: f.institution.name, width=24),
        Column(_("기관 유형"), lambda f: f.institution.get_kind_display(), width=12),
        Column(_("목표"), lambda f: f.target, money=True, width=18),
        Column(_("실적"), lambda f: f.actual, money=True, width=18),
        Column(_("달성률(%)"), lambda f: f.rate, width=10),
    ),
)
EVENTS = Table(
    "구매상담회",
    (
        Column(_("상담회"), lambda e: e.name, width=30),
        Column(_("시작일"), lambda e: e.starts_on, width=12),
        Column(_("종료일"), lambda e: e.ends_on, width=12),
        Column(_("장소"), lambda e: e.place, width=20),
        Column(_("상담 건수"), lambda e: e.meeting_count, width=10),
        Column(_("계약액"), lambda e: e.contract_total, money=True),
    ),
)
MEETINGS = Table(
    "구매상담",
    (
        Column(_("상담회"), lambda m: m.event.name, width=30),
        Column(_("기업"), lambda m: m.enterprise.name, width=24),
        Column(_("기관"), lambda m: m.institution.name, width=24),
        Column(_("상담 내용"), lambda m: m.note, width=30),
        Column(_("계약액"), lambda m: m.contract_total, money=True),
    ),
)
CONTRACTS = Table(
    "매칭계약",
    (
        Column(_("계약일"), lambda c: c.signed_on, width=12),
        Column(_("상담회"), lambda c: c.meeting.event.name, width=30),
        Column(_("기업"), lambda c: c.meeting.enterprise.name, width=24),
        Column(_("기관"), lambda c: c.meeting.institution.name, width=24),
        Column(_("계약액"), lambda c: c.amount, money=True),
    ),
)
