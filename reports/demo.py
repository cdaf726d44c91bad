"""Demo data from the seeds: the 2018 settlement (seed 001, "2018 정산보고"), the 2017–2019 결산
rows and the 2020–2021 budgets (seed 003). Idempotent: natural keys, and a closed year is left
as it is.

The 2018 execution is recorded as one aggregated revenue/expenditure record per line (the seed
publishes totals per line, not the individual vouchers), so every executed total matches the
published figure exactly: 5,010,282,975 − 4,838,190,018 = 172,092,957원.
"""

import datetime as dt
from typing import TextIO

from programs.models import Program
from reports import services
from reports.models import Budget, Expenditure, LineKind, Revenue, SettlementStatus
from seoul_se.accounts.models import Role, User

R = Revenue.Source
CENTRE_TITLE = "서울시 사회적경제지원센터 운영"

# (관, 항, 목, 예산액, 집행액, 수입 종류) — seed 001, 2) 세입
REVENUE_2018 = [
    ("민간위탁금", "민간위탁금", "민간위탁금", 4_922_670_967, 4_922_670_960, R.GRANT),
    (
        "시요청사업비",
        "시요청사업비",
        "사회적경제공공 구매박람회개최",
        38_399_000,
        38_399_000,
        R.CITY_REQUEST,
    ),
    ("운영수입", "운영수입", "입주기관사용료", 4_597_680, 4_561_450, R.FACILITY_FEE),
    ("운영수입", "운영수입", "대관사용료", 1_500_000, 663_000, R.FACILITY_FEE),
    ("운영수입", "운영수입", "마포작업장", 15_727_200, 12_645_615, R.FACILITY_FEE),
    ("운영수입", "운영수입", "기술혁신랩", 3_840_000, 5_218_000, R.FACILITY_FEE),
    ("잡수입", "잡수입", "이자수입", 800_000, 884_232, R.INTEREST),
    ("잡수입", "잡수입", "기타수입", 400_000, 240_718, R.OTHER),
    ("잡수입", "잡수입", "보증금반납", 25_000_000, 25_000_000, R.DEPOSIT_RETURN),
]

# (관, 항, 목 or None, 예산액(배정액), 집행액, 민간위탁금 사용액 포함) — seed 001, 2) 세출
EXPENDITURE_2018 = [
    ("민간위탁금", "인건비", None, 1_214_856_746, 1_067_228_015, True),
    ("민간위탁금", "운영비", None, 259_973_010, 259_973_010, True),
    ("제안사업비", "판로지원", None, 514_627_000, 514_627_000, True),
    ("제안사업비", "사회적경제 경영지원", None, 562_663_711, 562_663_711, True),
    ("제안사업비", "전략사업육성", None, 710_000_000, 709_749_293, True),
    ("제안사업비", "지역 및 협동기반조성", None, 976_552_000, 976_551_496, True),
    ("제안사업비", "인재양성", None, 350_000_000, 350_000_000, True),
    ("제안사업비", "홍보 및 연구사업", None, 333_998_493, 333_998_493, True),
    (
        "시요청사업비",
        "사회적경제공공 구매박람회개최",
        "사회적경제공공 구매박람회개최",
        38_399_000,
        38_399_000,
        False,
    ),
    ("반납금", "반납금", "반납금", 25_240_718, 25_000_000, False),
]

# 2021 project sub-lines (seed 003, 산출근거), won
PROJECTS_2021 = [
    ("전략사업개발(업종협업사업)", 640_000_000),
    ("사회적경제 공공시장 확대지원", 190_000_000),
    ("사회적경제 민간 판로 및 유통 지원", 550_000_000),
    ("공공구매 쇼핑몰 사업", 505_819_000),
    ("소상공인 사회적경제 협업사업 지원", 1_250_000_000),
    ("사회적경제 활성화 공간 운영", 410_000_000),
    ("마을기업 발굴 및 활성화", 418_000_000),
    ("자조기반 성장 촉진", 100_000_000),
    ("사회적경제 인재양성 및 해외연수", 140_000_000),
    ("시민홍보 및 인식제고", 150_000_000),
    ("기획연구", 150_000_000),
]

# 최근 3년 결산 현황 (seed 003, 천원 → 원): 최종예산, 국비, 집행액, 국비 집행액
CLOSING = {
    2017: (5_250_227, 0, 4_975_361, 0),
    2018: (4_937_028, 239_000, 4_922_671, 239_000),
    2019: (4_656_016, 180_000, 4_656_016, 180_000),
}

AGGREGATED = "2018 정산보고서 세부 집행내역 집계"


def _settlement_2018(staff: User | None) -> Budget:
    budget = services.ensure_budget(
        2018, CENTRE_TITLE, note="2018 정산보고 (한길회계법인 정산감사)"
    )
    day = dt.date(2018, 12, 31)
    for order, (chapter, section, item, budgeted, executed, source) in enumerate(REVENUE_2018):
        line = services.ensure_line(
            budget,
            LineKind.REVENUE,
            [chapter, section, item],
            order=order,
            budgeted_amount=budgeted,
        )
        if not budget.is_closed:
            Revenue.objects.update_or_create(
                line=line,
                description=AGGREGATED,
                defaults={"date": day, "amount": executed, "source": source, "recorded_by": staff},
            )
    for order, (chapter, section, leaf, budgeted, executed, grant) in enumerate(EXPENDITURE_2018):
        path = [chapter, section] + ([leaf] if leaf else [])
        line = services.ensure_line(
            budget,
            LineKind.EXPENDITURE,
            path,
            order=order,
            budgeted_amount=budgeted,
            grant_funded=grant,
        )
        if not budget.is_closed:
            Expenditure.objects.update_or_create(
                line=line,
                description=AGGREGATED,
                defaults={
                    "date": day,
                    "amount": executed,
                    "payee": f"{path[-1]} 집행처(세부내역 별첨)",
                    "evidence_type": Expenditure.Evidence.SETTLEMENT,
                    "evidence_reference": "2018 정산감사 결과보고서(2019.3.29) 별첨",
                    "recorded_by": staff,
                },
            )
    if budget.status == SettlementStatus.DRAFT and staff is not None:
        budget = services.act_on_settlement(
            budget, "submit", actor=staff, comment="2018년 정산 제출"
        )
    return budget


def _budgets_2020_2021() -> None:
    b2020 = services.ensure_budget(2020, CENTRE_TITLE, note="2020 예산 (2021 예산서의 전년 예산액)")
    services.ensure_line(
        b2020,
        LineKind.EXPENDITURE,
        ["민간위탁금"],
        budgeted_amount=8_512_856_000,
        national_amount=209_000_000,
        city_amount=8_303_856_000,
    )
    b2021 = services.ensure_budget(2021, CENTRE_TITLE, note="2021 예산서 (사회적경제지원센터 운영)")
    # The seed gives 국비/시비 only for the 민간위탁금 line as a whole.
    services.ensure_line(
        b2021,
        LineKind.EXPENDITURE,
        ["민간위탁금"],
        national_amount=209_000_000,
        city_amount=5_976_415_000,
    )
    services.ensure_line(
        b2021,
        LineKind.EXPENDITURE,
        ["민간위탁금", "인건비"],
        order=1,
        budgeted_amount=1_321_596_000,
        detail="사회적경제지원센터 인건비 (24명)",
    )
    services.ensure_line(
        b2021, LineKind.EXPENDITURE, ["민간위탁금", "운영비"], order=2, budgeted_amount=360_000_000
    )
    services.ensure_line(b2021, LineKind.EXPENDITURE, ["민간위탁금", "사업비"], order=3)
    for order, (name, amount) in enumerate(PROJECTS_2021):
        services.ensure_line(
            b2021,
            LineKind.EXPENDITURE,
            ["민간위탁금", "사업비", name],
            order=order,
            budgeted_amount=amount,
        )


def _program_budgets() -> int:
    """Each support program's budget (one 사업비 line; its disbursements are its expenditure)."""
    programs = list(Program.objects.filter(budget_amount__gt=0))
    for program in programs:
        budget = services.ensure_budget(program.year, program.name, program=program)
        services.ensure_line(
            budget,
            LineKind.EXPENDITURE,
            ["지원사업비"],
            budgeted_amount=program.budget_amount,
            national_amount=program.national_amount,
            city_amount=program.city_amount,
        )
    return len(programs)


def load(out: TextIO) -> None:
    staff = User.objects.filter(role=Role.CENTRE_STAFF, email="staff@seoul-se.kr").first()
    for year, (final, national, executed, national_executed) in CLOSING.items():
        services.ensure_closing_record(
            year,
            final_budget=final * 1000,
            national_budget=national * 1000,
            executed=executed * 1000,
            national_executed=national_executed * 1000,
            source="2021 예산서 최근 3년 결산 현황",
        )
    budget = _settlement_2018(staff)
    _budgets_2020_2021()
    programs = _program_budgets()
    out.write(
        f"  센터 예산 3건, 지원사업 예산 {programs}건, 결산 기록 3건, "
        f"2018 정산 상태: {budget.get_status_display()}\n"
    )
