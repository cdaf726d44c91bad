"""Demo KPIs from the seeds.

- 2018: every indicator of the centre's 2018 performance report (seed 001, pp. 62–87) with its
  printed target and actual, so the dashboard reproduces the printed rates. Rows the report
  gives only as a rate (공동작업장 조성관리) are kept in % with target 100 %; the row printed "-"
  has no actual. 컨설팅 및 일상경영지원 has no KPI table in the report; its 2018 figures come
  from seed 003 (without a target).
- 2019–2020: results the seeds state as figures (seed 003 "최근 3년 추진실적", seed 000
  "추진실적('19년)", seed 002 targets). Where no target is stated the indicator has none
  (목표 미설정, rate "-").

Indicators that count what the portal records (MEASURED: consultations, course sessions and
courses, people trained, placements and stores, market events, procurement and matching
contracts, SIB outcomes) are computed from the demo records of those apps, which reproduce the
printed figure; for them the row's actual is the printed figure the records must add up to
(the tests check it), never typed in. The other actuals are approved manual entries (staff
entered, official approved) with the report as evidence.
"""

from decimal import Decimal
from typing import Any, TextIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from kpis.models import (
    BusinessArea,
    Indicator,
    ManualEntry,
    ManualEntryTransition,
    Recomputation,
    Source,
)
from kpis.services import apply_manual_value, recompute_year
from programs.models import Program
from seoul_se.accounts.models import User
from seoul_se.core.demo import loaders

AREAS = [
    "공공시장 확대지원",
    "민간시장 판로지원",
    "컨설팅 및 일상경영지원",
    "전략사업 발굴 및 육성",
    "자치구 생태계 조성지원",
    "마을기업 발굴 및 육성",
    "공동작업장 조성관리",
    "협력 네트워크 구축",
    "아카데미 운영",
    "인재양성 연수",
    "시민홍보 및 인식제고",
    "기획연구",
    "재정지원 및 기업육성",
    "사회투자기금",
    "사회성과보상사업",
]

SEED_001 = "2018 서울특별시 사회적경제지원센터 성과보고서 (seed 001)"
SEED_003 = "2021 사회적경제지원센터 운영 예산서, 최근 3년 추진실적 (seed 003)"
SEED_000 = "2020 사회적경제 지원계획, 추진실적('19년) (seed 000)"

# (area, name, unit, target, actual, cumulative, note)
Row = tuple[str, str, str, str | None, str | None, bool, str]

REPORT_2018: list[Row] = [
    ("공공시장 확대지원", "일상상담", "건", "200", "208", False, ""),
    ("공공시장 확대지원", "사회적경제 인식 개선 교육", "회", "10", "47", False, "목표 10회 이상"),
    (
        "공공시장 확대지원",
        "공공시장 진입 확대를 위한 법·제도 개선 제안",
        "건",
        "5",
        "5",
        False,
        "목표 5건 이상",
    ),
    (
        "공공시장 확대지원",
        "서울시 산하기관, 투출기관, 민간위탁 기관 등을 대상으로 한 사업제안 및 연계",
        "건",
        "6",
        "6",
        False,
        "",
    ),
    (
        "공공시장 확대지원",
        "구매 가능 품목 정보제공을 통한 구매확대",
        "건",
        "100",
        "110",
        False,
        "목표 100건 이상",
    ),
    ("공공시장 확대지원", "매칭 계약", "억원", "80", "81", True, "2018년 이전 누계 포함"),
    ("공공시장 확대지원", "자치구공공구매영업지원단 운영지원", "개 구", "5", "2", False, ""),
    ("민간시장 판로지원", "일반유통채널 입점지원 (공감마켓정)", "개 기업", "30", "30", False, ""),
    (
        "민간시장 판로지원",
        "생협매장 입점지원",
        "개 매장",
        "25",
        "29",
        False,
        "16년 6개 → 17년 14개 → 18년 29개 매장",
    ),
    (
        "전략사업 발굴 및 육성",
        "사업모델 개발 (공동주택 경제공동체 활성화)",
        "건",
        "1",
        "1",
        False,
        "시범사업 9개 단지",
    ),
    (
        "전략사업 발굴 및 육성",
        "전략업종 성장지원 모델개발",
        "%",
        "100",
        "100",
        False,
        "보고서에 달성률만 기재",
    ),
    (
        "전략사업 발굴 및 육성",
        "지역상생 연대사업",
        "%",
        "100",
        "100",
        False,
        "보고서에 달성률만 기재",
    ),
    ("자치구 생태계 조성지원", "자치구 네트워크", "건", "10", "16", False, ""),
    ("자치구 생태계 조성지원", "예비특구 현장지원", "건", "22", "28", False, ""),
    ("마을기업 발굴 및 육성", "지역기반 마을기업 발굴 및 지원", "건", "20", "14", False, ""),
    ("마을기업 발굴 및 육성", "레벨업 지원사업", "건", "31", "42", False, ""),
    ("마을기업 발굴 및 육성", "지역관계망 확장 지원", "건", "6", "11", False, ""),
    (
        "공동작업장 조성관리",
        "상암소셜박스 프로그램 운영",
        "%",
        "100",
        "338",
        False,
        "보고서에 달성률만 기재",
    ),
    (
        "공동작업장 조성관리",
        "상암소셜박스 사경 행사 개최",
        "%",
        "100",
        "160",
        False,
        "보고서에 달성률만 기재",
    ),
    (
        "공동작업장 조성관리",
        "상암소셜박스 운영회의 및 입주기업 네트워킹",
        "%",
        "100",
        None,
        False,
        "보고서에 달성률 '-'로 기재",
    ),
    (
        "공동작업장 조성관리",
        "사회적경제 기술혁신랩 공간 이용자",
        "%",
        "100",
        "265",
        False,
        "보고서에 달성률만 기재",
    ),
    (
        "공동작업장 조성관리",
        "사회적경제 기술혁신랩 프로그램 운영",
        "%",
        "100",
        "275",
        False,
        "보고서에 달성률만 기재",
    ),
    ("협력 네트워크 구축", "협동화 공모사업", "건", "4", "5", False, ""),
    ("협력 네트워크 구축", "정책 거버넌스 지원", "건", "12", "21", False, ""),
    ("아카데미 운영", "전문심화 과정", "과정", "3", "3", False, ""),
    ("아카데미 운영", "업종·대상별 맞춤형 과정", "과정", "8", "8", False, ""),
    ("인재양성 연수", "전략기획연수", "명", "19", "19", False, ""),
    ("인재양성 연수", "기술연수", "명", "8", "34", False, ""),
    ("시민홍보 및 인식제고", "온라인포털 운영", "식", "1", "1", False, ""),
    ("시민홍보 및 인식제고", "뉴스레터 발행", "회", "21", "21", False, ""),
    ("시민홍보 및 인식제고", "홍보캠페인 추진", "식", "3", "3", False, ""),
    ("기획연구", "정책개발 연구", "건", "5", "5", False, ""),
]

# The printed 달성률 of each 2018 row (seed 001), used by the tests; None = printed "-".
PRINTED_2018 = {
    "일상상담": 104,
    "사회적경제 인식 개선 교육": 470,
    "공공시장 진입 확대를 위한 법·제도 개선 제안": 100,
    "서울시 산하기관, 투출기관, 민간위탁 기관 등을 대상으로 한 사업제안 및 연계": 100,
    "구매 가능 품목 정보제공을 통한 구매확대": 110,
    "매칭 계약": 101,
    "자치구공공구매영업지원단 운영지원": 40,
    "일반유통채널 입점지원 (공감마켓정)": 100,
    "생협매장 입점지원": 116,
    "사업모델 개발 (공동주택 경제공동체 활성화)": 100,
    "전략업종 성장지원 모델개발": 100,
    "지역상생 연대사업": 100,
    "자치구 네트워크": 160,
    "예비특구 현장지원": 127,
    "지역기반 마을기업 발굴 및 지원": 70,
    "레벨업 지원사업": 135,
    "지역관계망 확장 지원": 183,
    "상암소셜박스 프로그램 운영": 338,
    "상암소셜박스 사경 행사 개최": 160,
    "상암소셜박스 운영회의 및 입주기업 네트워킹": None,
    "사회적경제 기술혁신랩 공간 이용자": 265,
    "사회적경제 기술혁신랩 프로그램 운영": 275,
    "협동화 공모사업": 125,
    "정책 거버넌스 지원": 175,
    "전문심화 과정": 100,
    "업종·대상별 맞춤형 과정": 100,
    "전략기획연수": 100,
    "기술연수": 425,
    "온라인포털 운영": 100,
    "뉴스레터 발행": 100,
    "홍보캠페인 추진": 100,
    "정책개발 연구": 100,
}

OTHER_2018: list[Row] = [
    ("컨설팅 및 일상경영지원", "경영컨설팅", "개 기업", None, "95", False, SEED_003),
    ("컨설팅 및 일상경영지원", "일상경영지원", "개 기업", None, "183", False, SEED_003),
]

# Computed from the other apps' demo records: (year, area, name, unit, measure, program type, 누계, note)
COMPUTED: list[tuple[int, str, str, str, str, str, bool, str]] = [
    (
        2018,
        "마을기업 발굴 및 육성",
        "마을기업 신규 지정",
        "개",
        "village_new_designations",
        "",
        False,
        "seed 003: 신규6/재지정5/예비3/우수1",
    ),
    (
        2018,
        "전략사업 발굴 및 육성",
        "같이살림 주민 워크숍",
        "회",
        "workshops_held",
        "",
        False,
        "2018 시범사업 9개 단지",
    ),
    (2019, "사회투자기금", "융자 지급액", "억원", "amount_lent", "", False, ""),
    (
        2019,
        "사회투자기금",
        "누적 융자 기업 (2013~2019)",
        "개 기업",
        "enterprises_with_loan",
        "",
        True,
        "seed 000: 635개 기업",
    ),
    (
        2020,
        "전략사업 발굴 및 육성",
        "같이살림 참여 단지 선정",
        "건",
        "applications_selected",
        "together_living",
        False,
        "",
    ),
    (
        2020,
        "재정지원 및 기업육성",
        "협약 체결 기업",
        "개 기업",
        "enterprises_supported",
        "",
        False,
        "",
    ),
]

RESULTS_2019: list[Row] = [
    ("공공시장 확대지원", "일상상담", "건", None, "236", False, "공공구매 유·무선 상담 (seed 003)"),
    (
        "공공시장 확대지원",
        "사회적경제 인식 개선 교육",
        "회",
        None,
        "2",
        False,
        "공공구매 확대 교육 및 설명회 (seed 003); 시 전체 공공구매 교육·설명회 24회 (seed 000)",
    ),
    (
        "공공시장 확대지원",
        "서울시 산하기관, 투출기관, 민간위탁 기관 등을 대상으로 한 사업제안 및 연계",
        "건",
        None,
        "12",
        False,
        SEED_003,
    ),
    (
        "공공시장 확대지원",
        "구매 가능 품목 정보제공을 통한 구매확대",
        "건",
        None,
        "4918",
        False,
        "매칭 금액 56.6억원 (seed 003)",
    ),
    (
        "공공시장 확대지원",
        "매칭 계약",
        "억원",
        None,
        "19",
        True,
        "누계 100억 (seed 003) = 2018년 81억 + 2019년 19억",
    ),
    (
        "공공시장 확대지원",
        "사회적경제기업 공공구매 실적",
        "억원",
        "1400",
        "1690",
        False,
        "전년 대비 321억 증가 (seed 000)",
    ),
    (
        "민간시장 판로지원",
        "일반유통채널 입점지원 (공감마켓정)",
        "개 기업",
        None,
        "30",
        False,
        SEED_003,
    ),
    (
        "민간시장 판로지원",
        "생협매장 입점지원",
        "개 매장",
        None,
        "31",
        False,
        "우리동네협동가게 (seed 003)",
    ),
    (
        "민간시장 판로지원",
        "민간유통채널 매출액",
        "원",
        None,
        "1450000000",
        False,
        "1,450백만원 (seed 000)",
    ),
    ("컨설팅 및 일상경영지원", "경영컨설팅, 법률 및 회계 지원", "건", None, "167", False, SEED_003),
    (
        "전략사업 발굴 및 육성",
        "공동주택 같이살림 참여 단지",
        "개",
        "15",
        "20",
        False,
        "목표 15개 단지 (seed 002), 11개 자치구 20개 단지 (seed 000)",
    ),
    (
        "자치구 생태계 조성지원",
        "자치구 통합지원체계 운영지원",
        "개 구",
        None,
        "21",
        False,
        SEED_000,
    ),
    ("마을기업 발굴 및 육성", "마을기업 발굴 및 지정 지원", "개", None, "29", False, SEED_003),
    ("협력 네트워크 구축", "협동화 공모사업", "건", None, "5", False, "협동화 지원 5개 (seed 003)"),
    (
        "협력 네트워크 구축",
        "정책 거버넌스 지원",
        "건",
        None,
        "23",
        False,
        "민관정책협의회 등 23회 (seed 003)",
    ),
    (
        "아카데미 운영",
        "업종·대상별 맞춤형 과정",
        "과정",
        None,
        "6",
        False,
        "seed 003; seed 000은 7개 과정 410명",
    ),
    ("인재양성 연수", "연수 참여 인원", "명", None, "53", False, SEED_003),
    ("시민홍보 및 인식제고", "뉴스레터 발행", "회", None, "20", False, SEED_003),
    ("기획연구", "정책개발 연구", "건", None, "5", False, "기획연구 5건 (seed 003)"),
    (
        "재정지원 및 기업육성",
        "일자리창출 지원 기업",
        "개 기업",
        None,
        "334",
        False,
        "575명, 10,423백만원 (seed 000)",
    ),
    (
        "재정지원 및 기업육성",
        "사업개발비 지원 기업",
        "개 기업",
        None,
        "133",
        False,
        "3,000백만원 (seed 000)",
    ),
    (
        "재정지원 및 기업육성",
        "사회보험료 지원 기업",
        "개 기업",
        None,
        "89",
        False,
        "1,106명, 2,150백만원 (seed 000)",
    ),
    (
        "재정지원 및 기업육성",
        "지역특화 사업 지원 자치구",
        "개 구",
        None,
        "17",
        False,
        "597백만원 (seed 000)",
    ),
    (
        "재정지원 및 기업육성",
        "우수기업 신규 인증",
        "개 기업",
        None,
        "16",
        False,
        "재인증 44개 기업 (seed 000)",
    ),
    (
        "재정지원 및 기업육성",
        "혁신형 신규사업 선정",
        "건",
        None,
        "8",
        False,
        "306백만원 (seed 000)",
    ),
    (
        "사회투자기금",
        "사회적경제기업 융자 (수행기관 7개)",
        "억원",
        None,
        "109.5",
        False,
        "10,950백만원 (seed 000)",
    ),
    (
        "사회투자기금",
        "누적 융자액 (2013~2019)",
        "억원",
        None,
        "904.64",
        True,
        "635개 기업, 민간매칭 281억원 제외 (seed 000)",
    ),
    # seed 000 "추진실적('19년)" figures the portal records (all MEASURED below)
    ("공공시장 확대지원", "1:1 구매상담 참여 기업", "개 기업", None, "208", False, SEED_000),
    (
        "공공시장 확대지원",
        "구매상담회 구매실적",
        "억원",
        None,
        "8.08",
        False,
        "808백만원 (seed 000)",
    ),
    ("민간시장 판로지원", "TV홈쇼핑 무료방송", "회", None, "26", False, "롯데홈쇼핑 (seed 000)"),
    ("민간시장 판로지원", "인서울마켓 운영", "회", None, "9", False, SEED_000),
    ("민간시장 판로지원", "인서울마켓 참가 기업", "개 기업", None, "409", False, SEED_000),
    (
        "민간시장 판로지원",
        "인서울마켓 매출액",
        "원",
        None,
        "85000000",
        False,
        "85백만원 (seed 000)",
    ),
    ("민간시장 판로지원", "덕수궁 페어샵 운영", "회", None, "6", False, SEED_000),
    ("민간시장 판로지원", "덕수궁 페어샵 참가 기업", "개 기업", None, "183", False, SEED_000),
    (
        "민간시장 판로지원",
        "덕수궁 페어샵 매출액",
        "원",
        None,
        "156000000",
        False,
        "156백만원 (seed 000)",
    ),
    ("컨설팅 및 일상경영지원", "경영컨설팅 및 사후지원", "건", None, "100", False, SEED_000),
    ("컨설팅 및 일상경영지원", "일상경영지원 (회계)", "건", None, "51", False, SEED_000),
    ("인재양성 연수", "업종·대상별 맞춤형 교육과정", "과정", None, "7", False, SEED_000),
    ("인재양성 연수", "교육과정 수강 인원", "명", None, "410", False, SEED_000),
    (
        "사회성과보상사업",
        "1호 아동복지시설 아동교육 성공률",
        "%",
        None,
        "52.7",
        False,
        "최대 인센티브 기준 42% 초과, 사업비의 130% 보상 (seed 000)",
    ),
]

# Indicators computed from the records of the centre's apps: (year, name) → (measure, params).
# Their row's actual is the printed figure the demo records reproduce. Still manual in the 2018
# report: rows whose work the portal does not record (법·제도 제안, 사업제안, 품목 정보제공,
# 영업지원단, 전략사업, 자치구 네트워크, 예비특구 현장지원, 마을기업 지원, 공동작업장,
# 협력 네트워크, 홍보, 연구).
MEASURED: dict[tuple[int, str], tuple[str, dict[str, Any]]] = {
    (2018, "일상상담"): ("consulting_cases", {"case_kind": "daily"}),
    (2018, "사회적경제 인식 개선 교육"): ("education_sessions_held", {"course_kind": "awareness"}),
    (2018, "매칭 계약"): ("matching_contracts", {}),
    (2018, "일반유통채널 입점지원 (공감마켓정)"): (
        "market_enterprises_placed",
        {"channel_kind": "hub_store"},
    ),
    (2018, "생협매장 입점지원"): ("market_stores_placed", {"channel_kind": "coop_store"}),
    (2018, "전문심화 과정"): ("education_courses_run", {"course_kind": "advanced"}),
    (2018, "업종·대상별 맞춤형 과정"): ("education_courses_run", {"course_kind": "tailored"}),
    (2018, "전략기획연수"): ("education_participants", {"course_kind": "strategy_training"}),
    (2018, "기술연수"): ("education_participants", {"course_kind": "technical_training"}),
    (2019, "사회적경제기업 공공구매 실적"): ("procurement_purchases", {}),
    (2019, "생협매장 입점지원"): ("market_stores_placed", {"channel_kind": "coop_store"}),
    (2019, "1:1 구매상담 참여 기업"): ("procurement_meeting_enterprises", {}),
    (2019, "구매상담회 구매실적"): ("matching_contracts", {}),
    (2019, "TV홈쇼핑 무료방송"): ("market_placements", {"channel_kind": "home_shopping"}),
    (2019, "인서울마켓 운영"): ("market_events_held", {"series": "in_seoul"}),
    (2019, "인서울마켓 참가 기업"): ("market_event_participations", {"series": "in_seoul"}),
    (2019, "인서울마켓 매출액"): ("market_event_sales", {"series": "in_seoul"}),
    (2019, "덕수궁 페어샵 운영"): ("market_events_held", {"series": "deoksugung"}),
    (2019, "덕수궁 페어샵 참가 기업"): ("market_event_participations", {"series": "deoksugung"}),
    (2019, "덕수궁 페어샵 매출액"): ("market_event_sales", {"series": "deoksugung"}),
    (2019, "경영컨설팅 및 사후지원"): ("consulting_cases", {"case_kind": "consulting"}),
    # the 2019 일상경영지원 recorded in the portal are the 회계 consultations
    (2019, "일상경영지원 (회계)"): ("consulting_cases", {"case_kind": "daily"}),
    (2019, "업종·대상별 맞춤형 교육과정"): ("education_courses_run", {}),
    (2019, "교육과정 수강 인원"): ("education_participants", {}),
    (2019, "1호 아동복지시설 아동교육 성공률"): ("sib_outcome", {"bond": 1}),
}
# The apps whose demo records the MEASURED indicators count: loaded (idempotently) before the
# recomputation, since they come after kpis in the app order of ``load_demo``.
RECORD_SOURCES = ("consulting", "education", "markets", "procurement", "impact_bonds")

RESULTS_2020: list[Row] = [
    (
        "공공시장 확대지원",
        "일상상담",
        "건",
        None,
        "144",
        False,
        "공공구매 영업지원 상담 (seed 003)",
    ),
    (
        "공공시장 확대지원",
        "사회적경제 인식 개선 교육",
        "회",
        None,
        "16",
        False,
        "교육 설명회 (seed 003)",
    ),
    (
        "공공시장 확대지원",
        "매칭 계약 (연간)",
        "억원",
        None,
        "67",
        False,
        "공공구매 영업지원 매칭계약 (seed 003)",
    ),
    (
        "공공시장 확대지원",
        "사회적경제기업 공공구매 실적",
        "억원",
        "1700",
        None,
        False,
        "목표 1,700억원 (seed 000), 실적 미기재",
    ),
    ("민간시장 판로지원", "생협매장 입점지원", "개 매장", None, "31", False, SEED_003),
    ("컨설팅 및 일상경영지원", "경영컨설팅, 법률 및 회계 지원", "건", None, "84", False, SEED_003),
    (
        "마을기업 발굴 및 육성",
        "마을기업 신규 지정",
        "개",
        None,
        "6",
        False,
        "행안부 신규6/재지정5/고도화1/예비13 (seed 003)",
    ),
    ("시민홍보 및 인식제고", "뉴스레터 발행", "회", None, "13", False, SEED_003),
    ("시민홍보 및 인식제고", "홍보캠페인 추진", "식", None, "3", False, "캠페인 3건 (seed 003)"),
    ("기획연구", "정책개발 연구", "건", None, "6", False, "기획 및 자율연구 (seed 003)"),
    (
        "재정지원 및 기업육성",
        "혁신형 신규사업 선정",
        "건",
        "15",
        None,
        False,
        "15개 사업 내외, 565백만원 계획 (seed 000)",
    ),
]

EVIDENCE = {
    SEED_001: "kpis/evidence/demo/seed_001_2018_performance_report.txt",
    SEED_003: "kpis/evidence/demo/seed_003_2021_budget_sheet.txt",
    SEED_000: "kpis/evidence/demo/seed_000_2020_support_plan.txt",
}


def _evidence(source: str) -> str:
    name = EVIDENCE[source]
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(f"증빙: {source}\n".encode()))
    return name


def load(out: TextIO) -> None:
    staff = User.objects.filter(email="staff@seoul-se.kr").first()
    official = User.objects.filter(email="official@seoul-se.kr").first()
    if staff is None or official is None:
        out.write("  kpis: 데모 사용자(staff/official)가 없어 건너뜁니다.\n")
        return
    areas = {
        name: BusinessArea.objects.update_or_create(name=name, defaults={"order": i})[0]
        for i, name in enumerate(AREAS, start=1)
    }
    for label, load_records in loaders():
        if label in RECORD_SOURCES:
            load_records(out)
    count = 0
    for year, rows, source in (
        (2018, REPORT_2018, SEED_001),
        (2018, OTHER_2018, SEED_003),
        (2019, RESULTS_2019, SEED_003),
        (2020, RESULTS_2020, SEED_003),
    ):
        for order, (area, name, unit, target, actual, cumulative, note) in enumerate(rows, start=1):
            key, params = MEASURED.get((year, name), ("", {}))
            indicator = _upsert(
                year,
                areas[area],
                name,
                staff,
                unit=unit,
                target=None if target is None else Decimal(target),
                cumulative=cumulative,
                source=Source.COMPUTED if key else Source.MANUAL,
                measure_key=key,
                measure_params=params,
                note=note,
                order=order,
            )
            if actual is not None and not key:
                evidence = SEED_000 if note in (SEED_000,) or "(seed 000)" in note else source
                _approved_entry(indicator, Decimal(actual), evidence, staff, official)
            count += 1
    count += _computed(areas, staff)
    # Earlier years first, so cumulative series add up in order (a manual 2019 누계 adds the
    # computed 2018 value).
    for year in (2018, 2019, 2020):
        recompute_year(year, trigger=Recomputation.Trigger.SYSTEM)
    out.write(f"  kpis: 성과지표 {count}개 (2018 성과보고서 전체, 2019–2020 실적, 자동 집계)\n")


def _computed(areas: dict[str, BusinessArea], staff: Any) -> int:
    """Computed indicators over the programs/funds/enterprises demo records."""
    for year, area, name, unit, key, program_type, cumulative, note in COMPUTED:
        program = Program.objects.filter(year=year, program_type=program_type).first()
        if program_type and program is None:
            continue  # the programs demo did not load that program
        _upsert(
            year,
            areas[area],
            name,
            staff,
            unit=unit,
            target=None,
            cumulative=cumulative,
            source=Source.COMPUTED,
            measure_key=key,
            measure_params={"program": program.pk} if program_type and program else {},
            program=program if program_type else None,
            note=note,
            order=900,
        )
    return len(COMPUTED)


def _upsert(year: int, area: BusinessArea, name: str, staff: Any, **fields: Any) -> Indicator:
    """Indicators are keyed by (year, area, name): a rerun updates, never duplicates."""
    return Indicator.objects.update_or_create(
        year=year, area=area, name=name, defaults={**fields, "created_by": staff}
    )[0]


def _approved_entry(
    indicator: Indicator, value: Decimal, source: str, staff: Any, official: Any
) -> None:
    entry = indicator.entries.filter(status=ManualEntry.Status.APPROVED).first()
    if entry is None or entry.value != value:
        entry = ManualEntry.objects.create(
            indicator=indicator,
            value=value,
            unit=indicator.unit,
            evidence=_evidence(source),
            note=source,
            entered_by=staff,
            status=ManualEntry.Status.APPROVED,
            approved_by=official,
            decided_at=timezone.now(),
        )
        ManualEntryTransition.objects.bulk_create(
            [
                ManualEntryTransition(entry=entry, to_status="submitted", actor=staff),
                ManualEntryTransition(
                    entry=entry, from_status="submitted", to_status="approved", actor=official
                ),
            ]
        )
    apply_manual_value(indicator, value, entry_id=entry.pk)
