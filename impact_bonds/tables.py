from django.utils.translation import gettext_lazy as _

from seoul_se.core.tables import Column, Table

BONDS = Table(
    "사회성과보상사업",
    (
        Column(_("호수"), lambda b: b.number, width=6),
        Column(_("사업명"), lambda b: b.name, width=30),
        Column(_("대상"), lambda b: b.target_group, width=24),
        Column(_("시작일"), lambda b: b.starts_on, width=12),
        Column(_("종료일"), lambda b: b.ends_on, width=12),
        Column(_("총 사업비"), lambda b: b.project_cost, money=True),
        Column(_("운영기관"), lambda b: b.operator),
        Column(_("평가기관"), lambda b: b.evaluator),
    ),
)
MEASUREMENTS = Table(
    "성과측정",
    (
        Column(_("사업"), lambda m: str(m.metric.bond), width=30),
        Column(_("성과지표"), lambda m: m.metric.name, width=20),
        Column(_("측정 연도"), lambda m: m.year, width=10),
        Column(_("측정값"), lambda m: f"{m.value.normalize():f} {m.metric.unit}", width=12),
        Column(_("근거·비고"), lambda m: m.note, width=30),
        Column(_("입력자"), lambda m: m.entered_by.name, width=12),
    ),
)
