"""Demo registry: the enterprises named in the seeds, plus generated ones up to 4,505 (the
number of Seoul social-economy enterprises in February 2019, seed 002).

Generated enterprises carry ``is_generated=True`` and synthetic 사업자등록번호 that pass the
check digit. Idempotent: named rows by business number, generated rows only where missing.
"""

import datetime as dt
import random
from typing import TextIO

from enterprises.models import Certification, Enterprise, EnterpriseMembership, YearlyFigures
from enterprises.validators import business_number_check_digit
from seoul_se.accounts.models import User
from seoul_se.reference.models import District, LegalType, Sector, StrategicField

TOTAL = 4_505
VILLAGES_2018 = 15  # designations in 2018: 신규 6, 재지정 5, 예비 3, 우수 1 (seed 001)
K = Certification.Kind


def synthetic_number(prefix: int, middle: str, serial: int) -> str:
    """A 사업자등록번호 ``PPP-MM-SSSSC`` with a valid check digit C (synthetic, not real)."""
    first_nine = f"{prefix:03d}{middle}{serial:04d}"
    return first_nine + str(business_number_check_digit(first_nine))


# name, legal type code, district, sectors, strategic field, certifications (kind, from), mission
NAMED = [
    (
        "트리플래닛",
        "social_venture",
        "성동구",
        ["environment"],
        None,
        [(K.PRE_SE, "2016-07-01")],
        "반려나무 입양과 숲 조성으로 미세먼지와 기후위기에 대응하는 소셜벤처",
    ),
    (
        "십년후연구소",
        "pre_se_local",
        "성북구",
        ["environment"],
        None,
        [(K.PRE_SE, "2017-09-01")],
        "적정기술로 기후변화에 대응하는 시민 프로젝트",
    ),
    (
        "후츄컴퍼니",
        "social_venture",
        "동대문구",
        ["education", "food"],
        None,
        [],
        "동대문구 기반 교육·문화 사업, 경력단절 여성의 푸드 플랫폼 '김이백'",
    ),
    (
        "소녀방앗간",
        "certified_se",
        "성동구",
        ["food"],
        None,
        [(K.CERTIFIED_SE, "2016-05-01")],
        "청정 재료로 만든 한식과 산골 어르신 농산물의 판로",
    ),
    (
        "YMCA서울아가야",
        "certified_se",
        "종로구",
        ["care"],
        "childcare",
        [
            (K.CERTIFIED_SE, "2011-06-01"),
            (K.EXCELLENT_NEW, "2017-03-01"),
            (K.EXCELLENT_RENEWED, "2019-03-01"),
        ],
        "아이돌봄 전문 사회적기업",
    ),
    (
        "헬스브릿지",
        "social_venture",
        "광진구",
        ["health"],
        "health",
        [],
        "55세 이상 중장년층 맞춤형 운동·생활 관리",
    ),
    (
        "동네발전소 협동조합",
        "cooperative",
        "관악구",
        ["environment"],
        None,
        [],
        "시민 태양광 발전과 에너지 자립",
    ),
    ("협동조합 좋은이웃", "cooperative", "금천구", ["care"], "care", [], "지역 돌봄과 이웃 관계망"),
    (
        "우리동네나무그늘협동조합",
        "cooperative",
        "마포구",
        ["food", "culture"],
        None,
        [(K.VILLAGE_NEW, "2014-05-01"), (K.VILLAGE_REDESIGNATED, "2016-05-01")],
        "염리동 마을 카페와 지역자산화",
    ),
    (
        "문턱없는세상 사회적협동조합",
        "social_cooperative",
        "마포구",
        ["food"],
        None,
        [],
        "누구나 먹을 수 있는 '문턱없는밥집' 운영",
    ),
    (
        "도우누리",
        "social_cooperative",
        "광진구",
        ["care"],
        "care",
        [(K.CERTIFIED_SE, "2013-01-01"), (K.EXCELLENT_NEW, "2015-03-01")],
        "광진구 돌봄 사회서비스, 공유공간 '나눔'",
    ),
    (
        "터치포굿",
        "certified_se",
        "성동구",
        ["environment", "manufacturing"],
        None,
        [(K.CERTIFIED_SE, "2012-12-01")],
        "1세대 업사이클 사회적기업, 새활용 소재 중개",
    ),
    (
        "그레이프랩",
        "social_venture",
        "성동구",
        ["manufacturing", "environment"],
        None,
        [],
        "폐지를 활용한 친환경 제품 디자인",
    ),
    (
        "올리브유니온",
        "social_venture",
        "강남구",
        ["health", "it"],
        None,
        [],
        "누구나 쓸 수 있는 가격의 보청기",
    ),
    (
        "그로잉맘",
        "social_venture",
        "마포구",
        ["education", "care"],
        "childcare",
        [(K.PRE_SE, "2018-05-01")],
        "부모 코칭과 아동 발달 상담",
    ),
    (
        "크레이더스",
        "social_venture",
        "금천구",
        ["health", "it"],
        None,
        [],
        "의료 데이터 공유 플랫폼",
    ),
    ("공감아이", "social_venture", "종로구", ["culture"], None, [], "사진으로 세상과 다시 연결"),
    (
        "뭉클스토리",
        "social_venture",
        "성동구",
        ["culture"],
        "babyboomer",
        [],
        "자서전으로 세대를 잇는 출판",
    ),
    ("칠리펀트", "social_venture", "마포구", ["education"], None, [], "정치 교육 콘텐츠"),
    ("투파더", "social_venture", "성동구", ["education"], None, [], "아버지 육아 문화"),
    (
        "더브릿지",
        "social_venture",
        "중구",
        ["consulting"],
        None,
        [],
        "국제개발 임팩트 투자와 창업 지원",
    ),
    (
        "함께일하는세상",
        "certified_se",
        "성동구",
        ["distribution", "consulting"],
        None,
        [(K.CERTIFIED_SE, "2008-07-01")],
        "사회적경제 상품 유통(공감마켓정)",
    ),
    (
        "작은나무협동조합",
        "village",
        "마포구",
        ["food", "culture"],
        None,
        [(K.VILLAGE_NEW, "2012-06-01")],
        "성미산 마을 카페",
    ),
    (
        "해빗투게더협동조합",
        "cooperative",
        "마포구",
        ["housing"],
        "housing",
        [],
        "협동조합들이 함께 만든 지역자산화 협동조합",
    ),
    (
        "대안에너지기술연구소",
        "social_cooperative",
        "노원구",
        ["environment"],
        None,
        [],
        "음식물 쓰레기 자원화 리빙랩",
    ),
]

# Share of legal types among generated enterprises (cooperatives dominate Seoul's count).
TYPE_WEIGHTS = {
    "cooperative": 55,
    "social_cooperative": 9,
    "certified_se": 9,
    "pre_se_local": 5,
    "pre_se_ministry": 3,
    "village": 3,
    "self_sufficiency": 4,
    "social_venture": 10,
    "other": 2,
}
NAME_STEMS = [
    "함께",
    "나눔",
    "마을",
    "햇살",
    "이음",
    "온기",
    "새싹",
    "두레",
    "품앗이",
    "다온",
    "푸른",
    "행복",
    "희망",
    "늘봄",
    "우리",
    "살림",
    "공감",
    "너머",
    "모두",
    "한울",
]
NAME_KINDS = {
    "cooperative": "협동조합",
    "social_cooperative": "사회적협동조합",
    "certified_se": "(주)",
    "pre_se_local": "",
    "pre_se_ministry": "",
    "village": "마을기업",
    "self_sufficiency": "자활센터사업단",
    "social_venture": "랩",
    "other": "",
}
# Representatives named in seed 001 (interviews and quotes); others are left to the enterprise.
REPRESENTATIVES = {
    "후츄컴퍼니": "김희원",
    "그레이프랩": "김민양",
    "올리브유니온": "송명근",
    "그로잉맘": "이다랑",
    "동네발전소 협동조합": "김하석",
    "협동조합 좋은이웃": "황미화",
    "우리동네나무그늘협동조합": "박영민",
    "크레이더스": "박준상",
    "공감아이": "임종진",
    "뭉클스토리": "정대영·이민섭",
    "칠리펀트": "박신수진",
    "투파더": "김진성",
    "더브릿지": "황진솔",
}
FIELD_CODES = {
    "childcare": "공동육아",
    "care": "돌봄",
    "health": "보건의료",
    "housing": "주택",
    "babyboomer": "베이비부머",
}


def load(out: TextIO) -> None:
    types = {lt.code: lt for lt in LegalType.objects.all()}
    districts = {d.name: d for d in District.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    fields = {f.name: f for f in StrategicField.objects.all()}
    named = _load_named(types, districts, sectors, fields)
    created = _load_generated(types, list(districts.values()), list(sectors.values()))
    member = User.objects.filter(email="member@seoul-se.kr").first()
    if member is not None:
        EnterpriseMembership.objects.update_or_create(
            user=member,
            enterprise=named["트리플래닛"],
            defaults={"status": EnterpriseMembership.Status.APPROVED},
        )
    out.write(f"  기업 {Enterprise.objects.count():,}곳 (이번에 생성 {created:,}곳)\n")


def _load_named(types, districts, sectors, fields) -> dict[str, Enterprise]:  # type: ignore[no-untyped-def]
    result = {}
    for index, (name, type_code, district, sector_codes, field, certs, mission) in enumerate(NAMED):
        middle = "82" if "협동조합" in name or type_code == "village" else "81"
        enterprise, _ = Enterprise.objects.update_or_create(
            business_number=synthetic_number(101, middle, 1000 + index),
            defaults={
                "name": name,
                "legal_type": types[type_code],
                "representative": REPRESENTATIVES.get(name, "(입력 필요)"),
                "district": districts[district],
                "social_mission": mission,
                "verification": Enterprise.Verification.VERIFIED,
                "founded_on": dt.date(2008 + index % 10, 1 + index % 12, 1),
            },
        )
        enterprise.sectors.set([sectors[c] for c in sector_codes if c in sectors])
        if field and FIELD_CODES[field] in fields:
            enterprise.strategic_fields.set([fields[FIELD_CODES[field]]])
        for kind, start in certs:
            Certification.objects.get_or_create(
                enterprise=enterprise,
                kind=kind,
                valid_from=dt.date.fromisoformat(start),
                defaults={"issuer": _issuer(kind)},
            )
        result[name] = enterprise
    for name, year, revenue, employees, vulnerable, procurement in (
        ("트리플래닛", 2018, 1_820_000_000, 24, 3, 150_000_000),
        ("도우누리", 2018, 4_350_000_000, 210, 120, 900_000_000),
        ("소녀방앗간", 2018, 2_100_000_000, 38, 15, 80_000_000),
    ):
        YearlyFigures.objects.get_or_create(
            enterprise=result[name],
            year=year,
            defaults={
                "revenue": revenue,
                "employees": employees,
                "vulnerable_employees": vulnerable,
                "public_procurement_sales": procurement,
            },
        )
    return result


def _issuer(kind: str) -> str:
    if kind == K.CERTIFIED_SE:
        return "고용노동부"
    if kind.startswith("village"):
        return "행정안전부·서울특별시"
    if kind == K.SELF_SUFFICIENCY:
        return "보건복지부"
    return "서울특별시"


def _load_generated(types, districts, sector_list) -> int:  # type: ignore[no-untyped-def]
    missing = TOTAL - Enterprise.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(4505)
    existing = set(
        Enterprise.objects.filter(is_generated=True).values_list("business_number", flat=True)
    )
    codes = list(TYPE_WEIGHTS)
    weights = list(TYPE_WEIGHTS.values())
    batch: list[Enterprise] = []
    serial = 0
    while len(batch) < missing:
        serial += 1
        # The first generated rows are village enterprises so the 2018 designations always fit.
        type_code = "village" if serial <= VILLAGES_2018 else rng.choices(codes, weights)[0]
        number = synthetic_number(600 + serial // 10_000, "82", serial % 10_000)
        if number in existing:
            continue
        stem = rng.choice(NAME_STEMS) + rng.choice(NAME_STEMS)
        batch.append(
            Enterprise(
                name=f"{stem}{NAME_KINDS[type_code]} {serial}".replace("(주) ", "(주)"),
                legal_type=types[type_code],
                business_number=number,
                representative="가상대표",
                district=rng.choice(districts),
                founded_on=dt.date(2008 + rng.randrange(11), 1 + rng.randrange(12), 1),
                verification=Enterprise.Verification.VERIFIED,
                is_generated=True,
            )
        )
    created = Enterprise.objects.bulk_create(batch, batch_size=500)
    if created and created[0].pk is None:  # backends without RETURNING: fetch the ids
        by_number = dict(
            Enterprise.objects.filter(
                business_number__in=[e.business_number for e in batch]
            ).values_list("business_number", "pk")
        )
        for enterprise in created:
            enterprise.pk = by_number[enterprise.business_number]
    through = Enterprise.sectors.through
    through.objects.bulk_create(
        [through(enterprise_id=e.pk, sector_id=rng.choice(sector_list).pk) for e in created],
        batch_size=1000,
    )
    Certification.objects.bulk_create(_generated_certifications(created, rng), batch_size=1000)
    return len(created)


def _generated_certifications(created, rng):  # type: ignore[no-untyped-def]
    """Statuses matching each type; 2018 village designations as in seed 001 (신규 6, 재지정 5,
    예비 3, 우수 1); 우수기업 2019: 16 new and 44 re-certified (seed 000)."""
    certs = []
    villages = [e for e in created if e.legal_type.code == "village"]
    quota = (
        [K.VILLAGE_NEW] * 6
        + [K.VILLAGE_REDESIGNATED] * 5
        + [K.VILLAGE_PRE] * 3
        + [K.VILLAGE_EXCELLENT]
    )
    for enterprise, kind in zip(villages, quota, strict=False):
        certs.append(
            Certification(
                enterprise=enterprise,
                kind=kind,
                valid_from=dt.date(2018, 5, 1),
                issuer=_issuer(kind),
            )
        )
    for enterprise in villages[len(quota) :]:
        certs.append(
            Certification(
                enterprise=enterprise,
                kind=K.VILLAGE_NEW,
                valid_from=dt.date(2013 + rng.randrange(5), 5, 1),
                issuer=_issuer(K.VILLAGE_NEW),
            )
        )
    certified = []
    for enterprise in created:
        code = enterprise.legal_type.code
        start = dt.date(2012 + rng.randrange(7), 1 + rng.randrange(12), 1)
        if code == "certified_se":
            certified.append(enterprise)
            certs.append(
                Certification(
                    enterprise=enterprise,
                    kind=K.CERTIFIED_SE,
                    valid_from=start,
                    issuer="고용노동부",
                )
            )
        elif code.startswith("pre_se"):
            # 예비사회적기업 지정 lasts 3 years.
            certs.append(
                Certification(
                    enterprise=enterprise,
                    kind=K.PRE_SE,
                    valid_from=start,
                    valid_to=start.replace(year=start.year + 3) - dt.timedelta(days=1),
                    issuer="서울특별시",
                )
            )
        elif code == "self_sufficiency":
            certs.append(
                Certification(
                    enterprise=enterprise,
                    kind=K.SELF_SUFFICIENCY,
                    valid_from=start,
                    issuer="보건복지부",
                )
            )
    for index, enterprise in enumerate(certified[:60]):
        kind = K.EXCELLENT_NEW if index < 16 else K.EXCELLENT_RENEWED
        certs.append(
            Certification(
                enterprise=enterprise,
                kind=kind,
                valid_from=dt.date(2019, 3, 1),
                valid_to=dt.date(2019, 12, 31),
                issuer="서울특별시",
            )
        )
    return certs
