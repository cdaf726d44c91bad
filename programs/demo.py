"""Demo data from the seeds: 2020 programs and budgets (seed 000), the 2019 results the plan
reports, 2018 마을기업 results (seed 001), the 2018 같이살림 pilot complexes (seed 001), and demo applications in every state.

Idempotent: natural keys (year+type, call title, call+enterprise, complex name) with
get_or_create/update_or_create; an application's history is written only when it is created.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.utils import timezone

from enterprises.models import Enterprise, EnterpriseMembership
from enterprises.validators import business_number_check_digit
from programs import rules
from programs.models import (
    Agreement,
    ApartmentComplex,
    Application,
    ApplicationTransition,
    Call,
    ComplexYear,
    Disbursement,
    LivingProblem,
    Program,
    ProgramRule,
    ProgramType,
    RankingMethod,
    ResidentSurvey,
    Result,
    Review,
    ReviewCriterion,
    ReviewerAssignment,
    Score,
    SupplementRequest,
    Workshop,
)
from programs.services import sign_agreement
from seoul_se.accounts import demo as accounts_demo
from seoul_se.accounts.models import Role, User
from seoul_se.reference.models import District, LegalType

KST = ZoneInfo("Asia/Seoul")
M = 1_000_000  # 백만원
S = Application.Status
SE_TYPES = ["certified_se", "pre_se_local", "pre_se_ministry", "social_cooperative"]

# 2020 budgets (seed 000). national_share from the stated 국비:시비 ratios; programs without a
# stated ratio are city-funded (share 0).
PROGRAMS_2020 = [
    (ProgramType.TOGETHER_LIVING, "공동주택 같이살림", 1_500 * M, "0", 3),
    (ProgramType.INNOVATION, "사회문제 해결 혁신형 사업", 756 * M, "0", 2),
    (ProgramType.EXCELLENT, "사회적경제 우수기업 지원", 887 * M, "0", 3),
    (ProgramType.JOB_CREATION, "재정지원 - 일자리창출", 12_614 * M, "0.75", 1),
    (ProgramType.BUSINESS_DEVELOPMENT, "재정지원 - 사업개발비", 2_760 * M, "0.70", 1),
    (ProgramType.SOCIAL_INSURANCE, "재정지원 - 사회보험료", 2_715 * M, "0.75", 1),
    (ProgramType.DISTRICT_SPECIAL, "재정지원 - 지역특화", 795 * M, "0.70", 1),
]

# code, name, legal types (empty = all), cap, consortium multiplier, months, monthly rate
RULES_2020: dict[str, list[tuple[str, str, list[str], int | None, str, int, int | None]]] = {
    ProgramType.TOGETHER_LIVING: [("complex", "단지별 단계 지원", [], None, "1", 12, None)],
    ProgramType.INNOVATION: [
        ("social_problem", "사회문제 해결 혁신형", SE_TYPES, 100 * M, "2", 24, None),
        (
            "coop_scaleup",
            "협동조합 협업활성화·규모화",
            ["cooperative", "social_cooperative"],
            50 * M,
            "2",
            12,
            None,
        ),
    ],
    ProgramType.EXCELLENT: [("tailored", "맞춤형 지원", [], 15 * M, "1", 12, None)],
    ProgramType.JOB_CREATION: [
        ("general", "일반인력", SE_TYPES[:3], None, "1", 12, 1_974_000),
        ("specialist", "전문인력", SE_TYPES[:3], None, "1", 12, 2_500_000),
    ],
    ProgramType.BUSINESS_DEVELOPMENT: [
        ("certified", "인증사회적기업", ["certified_se"], 100 * M, "1", 12, None),
        (
            "other",
            "예비·사회적협동조합·마을·자활기업",
            [
                "pre_se_local",
                "pre_se_ministry",
                "social_cooperative",
                "village",
                "self_sufficiency",
            ],
            50 * M,
            "1",
            12,
            None,
        ),
    ],
    ProgramType.SOCIAL_INSURANCE: [
        ("four_insurances", "4대 보험 사업주 부담분", SE_TYPES[:3], None, "1", 12, 178_000)
    ],
    ProgramType.DISTRICT_SPECIAL: [("district", "자치구 협업사업", [], 40 * M, "1", 12, None)],
}

# 2019 results reported in the 2020 plan (seed 000): program type, kind, quantity, description.
RESULTS_2019 = [
    (ProgramType.TOGETHER_LIVING, Result.Kind.PROJECTS, 20, "11개 자치구 20개 참여단지"),
    (ProgramType.TOGETHER_LIVING, Result.Kind.WORKSHOPS, 80, "단지당 4회 주민 워크숍"),
    (ProgramType.TOGETHER_LIVING, Result.Kind.PARTICIPANTS, 849, "참여주민 설문조사 응답(12월)"),
    (ProgramType.INNOVATION, Result.Kind.PROJECTS, 8, "'19년 혁신형 신규사업 선정"),
    (ProgramType.INNOVATION, Result.Kind.AMOUNT_SUPPORTED, 306 * M, "'19년 혁신형 신규사업"),
    (ProgramType.INNOVATION, Result.Kind.PROJECTS, 9, "'18년 사업 중간평가 추가 사업비 교부"),
    (ProgramType.INNOVATION, Result.Kind.AMOUNT_SUPPORTED, 351 * M, "'18년 사업 추가 사업비"),
    (
        ProgramType.EXCELLENT,
        Result.Kind.ENTERPRISES_SUPPORTED,
        44,
        "'13~'17년 선정 우수기업 재인증",
    ),
    (ProgramType.EXCELLENT, Result.Kind.ENTERPRISES_SUPPORTED, 16, "'19년 우수기업 신규 인증"),
    (ProgramType.JOB_CREATION, Result.Kind.ENTERPRISES_SUPPORTED, 334, "일자리창출 대상기업"),
    (ProgramType.JOB_CREATION, Result.Kind.PERSONS_SUPPORTED, 575, "일자리창출 지원 인원"),
    (ProgramType.JOB_CREATION, Result.Kind.AMOUNT_SUPPORTED, 10_423 * M, "일자리창출 지원액"),
    (ProgramType.BUSINESS_DEVELOPMENT, Result.Kind.ENTERPRISES_SUPPORTED, 133, "사업개발비"),
    (ProgramType.BUSINESS_DEVELOPMENT, Result.Kind.AMOUNT_SUPPORTED, 3_000 * M, "사업개발비"),
    (ProgramType.SOCIAL_INSURANCE, Result.Kind.ENTERPRISES_SUPPORTED, 89, "사회보험료"),
    (ProgramType.SOCIAL_INSURANCE, Result.Kind.PERSONS_SUPPORTED, 1_106, "사회보험료 지원 인원"),
    (ProgramType.SOCIAL_INSURANCE, Result.Kind.AMOUNT_SUPPORTED, 2_150 * M, "사회보험료"),
    (ProgramType.DISTRICT_SPECIAL, Result.Kind.PROJECTS, 17, "17개 자치구 지역특화 사업"),
    (ProgramType.DISTRICT_SPECIAL, Result.Kind.AMOUNT_SUPPORTED, 597 * M, "지역특화 사업"),
    (ProgramType.VILLAGE, Result.Kind.ENTERPRISES_SUPPORTED, 21, "마을기업 발굴·육성"),
    (ProgramType.VILLAGE, Result.Kind.PROJECTS, 27, "마을기업 역량강화 지원(건)"),
]
# 마을기업 2018 (seed 001 performance report: 목표 20 / 실적 14, 레벨업 목표 31 / 실적 42).
RESULTS_2018 = [
    (ProgramType.VILLAGE, Result.Kind.ENTERPRISES_SUPPORTED, 14, "지역기반 마을기업 발굴 및 지원"),
    (ProgramType.VILLAGE, Result.Kind.PROJECTS, 42, "마을기업 레벨업 지원사업(건)"),
]

# The 2018 pilot complexes described in seed 001.
COMPLEXES: list[dict[str, Any]] = [
    {
        "name": "아현동 P아파트",
        "district": "마포구",
        "neighbourhood": "아현동",
        "households": 661,
        "elderly_households": None,
        "tenure": ApartmentComplex.Tenure.RENTAL,
        "coordinator": "박경화",
        "note": "재개발임대단지, 50세 이상 주민이 전체의 55%",
        "problems": [
            (LivingProblem.Category.CARE, "반려식물을 통한 노인돌봄"),
            (LivingProblem.Category.ENVIRONMENT, "재건축 공사장 비산먼지"),
        ],
        "matched": ["트리플래닛"],
    },
    {
        "name": "전농동 R아파트",
        "district": "동대문구",
        "neighbourhood": "전농동",
        "households": 700,
        "elderly_households": None,
        "tenure": ApartmentComplex.Tenure.UNKNOWN,
        "coordinator": "",
        "note": "약 700세대, 30~40대 젊은 엄마들 중심의 커뮤니티",
        "problems": [(LivingProblem.Category.FOOD, "청소년 안심 먹거리(건강한 간식) 부족")],
        "matched": [],
    },
    {
        "name": "응암동 H아파트",
        "district": "은평구",
        "neighbourhood": "응암동",
        "households": None,
        "elderly_households": None,
        "tenure": ApartmentComplex.Tenure.UNKNOWN,
        "coordinator": "",
        "note": "손자·손녀 돌봄 어르신을 위한 공동 아이돌봄(커뮤니티센터 세미나실 100m²)",
        "problems": [(LivingProblem.Category.CARE, "시간제 공동 아이돌봄")],
        "matched": [],
    },
    {
        "name": "청량리 H아파트",
        "district": "동대문구",
        "neighbourhood": "청량리동",
        "households": 610,
        "elderly_households": 291,
        "tenure": ApartmentComplex.Tenure.UNKNOWN,
        "coordinator": "이창래",
        "note": "1997년 재개발 준공, 주민 1,266명 중 401명(31.6%)이 65세 이상",
        "problems": [
            (LivingProblem.Category.ENVIRONMENT, "외부인 쓰레기 무단 투기"),
            (LivingProblem.Category.FOOD, "홀몸 어르신 건강 먹거리"),
            (LivingProblem.Category.HEALTH, "노인 운동 시설 부족"),
        ],
        "matched": ["헬스브릿지"],
    },
]


STAFF_EMAIL = next(
    email for email, _n, role, _o in accounts_demo.DEMO_USERS if role == Role.CENTRE_STAFF
)


def _staff(out: TextIO) -> User:
    """The centre staff who signs the demo agreements (``sign_agreement`` needs a staff actor):
    the accounts demo's, created by that demo when it was not loaded first."""
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        accounts_demo.load(out)
        staff = User.objects.get(email=STAFF_EMAIL)
    return staff


def load(out: TextIO) -> None:
    staff = _staff(out)
    official = User.objects.filter(email="official@seoul-se.kr").first()
    reviewer = User.objects.filter(email="reviewer@seoul-se.kr").first()
    programs = _programs()
    _reported_results(staff)
    _complexes(staff)
    count = _applications(programs, staff, official, reviewer)
    out.write(
        f"  지원사업 {Program.objects.count()}개, 공모 {Call.objects.count()}건, "
        f"신청서 {Application.objects.count()}건 (이번에 생성 {count}건), "
        f"같이살림 단지 {ApartmentComplex.objects.count()}곳\n"
    )


def _programs() -> dict[str, Program]:
    types = {lt.code: lt for lt in LegalType.objects.all()}
    result: dict[str, Program] = {}
    for ptype, name, budget, share, max_years in PROGRAMS_2020:
        national, city = rules.split_cost(budget, Decimal(share))
        program, _ = Program.objects.update_or_create(
            year=2020,
            program_type=ptype,
            defaults={
                "name": name,
                "budget_amount": budget,
                "national_amount": national,
                "city_amount": city,
                "national_share": Decimal(share),
                "max_years": max_years,
                "department": "사회적경제담당관",
            },
        )
        result[ptype] = program
        for order, (code, rname, legal, cap, mult, months, rate) in enumerate(RULES_2020[ptype]):
            rule, _ = ProgramRule.objects.update_or_create(
                program=program,
                code=code,
                defaults={
                    "name": rname,
                    "max_amount": cap,
                    "consortium_multiplier": Decimal(mult),
                    "max_duration_months": months,
                    "monthly_rate_per_person": rate,
                    "sort_order": order,
                },
            )
            rule.eligible_legal_types.set([types[c] for c in legal if c in types])
    return result


def _reported_results(staff: User | None) -> None:
    for year, rows in ((2019, RESULTS_2019), (2018, RESULTS_2018)):
        confirmed_at = dt.datetime(year + 1, 1, 31, 10, tzinfo=KST)
        for ptype, kind, quantity, description in rows:
            program, _ = Program.objects.get_or_create(
                year=year,
                program_type=ptype,
                defaults={"name": str(ProgramType(ptype).label)},
            )
            _result(program, kind, quantity, description, confirmed_at, staff)


def _result(
    program: Program,
    kind: str,
    quantity: int,
    description: str,
    confirmed_at: dt.datetime,
    staff: User | None,
) -> None:
    """A program-level result (no project) for the program's year, confirmed by staff."""
    Result.objects.get_or_create(
        program=program,
        application=None,
        kind=kind,
        description=description,
        defaults={
            "quantity": Decimal(quantity),
            "period_start": dt.date(program.year, 1, 1),
            "period_end": dt.date(program.year, 12, 31),
            "entered_by": staff,
            "confirmed_by": staff,
            "confirmed_at": confirmed_at if staff else None,
        },
    )


def _complexes(staff: User | None) -> None:
    districts = {d.name: d for d in District.objects.all()}
    for spec in COMPLEXES:
        complex, _ = ApartmentComplex.objects.update_or_create(
            name=spec["name"],
            defaults={
                "district": districts[spec["district"]],
                "neighbourhood": spec["neighbourhood"],
                "households": spec["households"],
                "elderly_households": spec["elderly_households"],
                "tenure": spec["tenure"],
                "coordinator": spec["coordinator"],
                "joined_year": 2018,
                "note": spec["note"],
            },
        )
        year, _ = ComplexYear.objects.get_or_create(
            complex=complex, year=2018, defaults={"stage": ComplexYear.Stage.COMMUNITY}
        )
        year.matched_enterprises.set(Enterprise.objects.filter(name__in=spec["matched"]))
        for category, description in spec["problems"]:
            LivingProblem.objects.get_or_create(
                complex=complex, year=2018, category=category, description=description
            )
        # The pilot held two workshops per complex (September: problems, October: solutions).
        for held_on, topic in (
            (dt.date(2018, 9, 15), "1차 주민 워크숍: 생활문제 발굴"),
            (dt.date(2018, 10, 13), "2차 주민 워크숍: 해결 방안 모색"),
        ):
            Workshop.objects.get_or_create(
                complex=complex,
                held_on=held_on,
                defaults={
                    "topic": topic,
                    "facilitator": "전문 퍼실리테이터",
                    "attendance": 20,
                    "recorded_by": staff,
                },
            )
    ResidentSurvey.objects.get_or_create(
        complex=None,
        year=2019,
        defaults={"respondents": 849, "note": "참여주민 대상 설문조사('19.12월)"},
    )


def _enterprises(count: int) -> list[Enterprise]:
    """Enterprises eligible for the innovation track: the registry's, topped up if needed."""

    found = list(
        Enterprise.objects.filter(legal_type__code__in=SE_TYPES, is_generated=False)
        .exclude(business_number__startswith="120829")
        .order_by("name")[:count]
    )
    legal = LegalType.objects.get(code="social_cooperative")
    district = District.objects.get(name="마포구")
    serial = 0
    while len(found) < count:
        serial += 1
        first_nine = f"120829{serial:03d}"
        enterprise, _ = Enterprise.objects.get_or_create(
            business_number=first_nine + str(business_number_check_digit(first_nine)),
            defaults={
                "name": f"데모 사회적협동조합 {serial}",
                "legal_type": legal,
                "representative": "김데모",
                "district": district,
                "verification": Enterprise.Verification.VERIFIED,
            },
        )
        if enterprise not in found:
            found.append(enterprise)
    return found


# Paths through the workflow for the demo applications (every state appears).
PATH_TO: dict[str, list[str]] = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.SCREENING: [S.SUBMITTED, S.SCREENING],
    S.IN_REVIEW: [S.SUBMITTED, S.SCREENING, S.IN_REVIEW],
    S.INELIGIBLE: [S.SUBMITTED, S.SCREENING, S.INELIGIBLE],
    S.WITHDRAWN: [S.SUBMITTED, S.WITHDRAWN],
    S.RESERVE: [S.SUBMITTED, S.SCREENING, S.IN_REVIEW, S.RESERVE],
    S.REJECTED: [S.SUBMITTED, S.SCREENING, S.IN_REVIEW, S.REJECTED],
    S.SELECTED: [S.SUBMITTED, S.SCREENING, S.IN_REVIEW, S.SELECTED],
}
SIGNED = [*PATH_TO[S.SELECTED], S.AGREEMENT_SIGNED]
PATH_TO[S.AGREEMENT_SIGNED] = SIGNED
PATH_TO[S.IN_PROGRESS] = [*SIGNED, S.IN_PROGRESS]
PATH_TO[S.INTERIM_EVALUATION] = [*SIGNED, S.IN_PROGRESS, S.INTERIM_EVALUATION]
PATH_TO[S.COMPLETED] = [*SIGNED, S.IN_PROGRESS, S.COMPLETED]
PATH_TO[S.SETTLED] = [*SIGNED, S.IN_PROGRESS, S.COMPLETED, S.SETTLED]
SIGNED_STATES = frozenset(
    {S.AGREEMENT_SIGNED, S.IN_PROGRESS, S.INTERIM_EVALUATION, S.COMPLETED, S.SETTLED}
)


def _call(
    program: Program, title: str, opens: dt.datetime, closes: dt.datetime, **extra: object
) -> Call:
    call, _ = Call.objects.update_or_create(
        title=title,
        defaults={"program": program, "opens_at": opens, "closes_at": closes, **extra},
    )
    return call


def _applications(
    programs: dict[str, Program], staff: User, official: User | None, reviewer: User | None
) -> int:
    now = timezone.now()
    innovation = _call(
        programs[ProgramType.INNOVATION],
        "2020년 사회문제 해결 혁신형 사업 공모",
        dt.datetime(2020, 3, 2, 9, tzinfo=KST),
        dt.datetime(2020, 3, 31, 18, tzinfo=KST),
        notice="돌봄·지역재생·환경 등 사회문제 해결을 위한 사업비 지원 (15개 사업 내외, 565백만원)",
        eligibility="(예비)사회적기업(컨소시엄), 사회적협동조합, (사회적)협동조합 컨소시엄",
        consortium_allowed=True,
        required_documents="사업계획서\n법인 등기부등본",
        budget_envelope=565 * M,
        status=Call.Status.CLOSED,
        review_deadline=dt.date(2020, 4, 14),
        ranking_method=RankingMethod.TRIMMED,
    )
    together = _call(
        programs[ProgramType.TOGETHER_LIVING],
        "2020년 공동주택 같이살림 참여단지·기업 모집",
        dt.datetime(2020, 2, 17, 9, tzinfo=KST),
        dt.datetime(2020, 3, 13, 18, tzinfo=KST),
        notice="공동주택 참여단지 모집 및 사업 선정('20.3월)",
        budget_envelope=300 * M,
        status=Call.Status.CLOSED,
    )
    open_call = _call(
        programs[ProgramType.EXCELLENT],
        "사회적경제 우수기업 맞춤형 지원 (접수 중 데모 공모)",
        now - dt.timedelta(days=7),
        now + dt.timedelta(days=30),
        notice="기업당 15백만원/연, 1년 단위 재심사, 최대 3년",
        required_documents="사업계획서",
        budget_envelope=150 * M,
        status=Call.Status.PUBLISHED,
    )
    for call in (innovation, together):
        for order, (name, weight) in enumerate(
            (("사회문제 해결 가능성", "0.4"), ("사업 실행 역량", "0.3"), ("지속가능성", "0.3"))
        ):
            ReviewCriterion.objects.get_or_create(
                call=call,
                name=name,
                defaults={"weight": Decimal(weight), "max_score": 100, "sort_order": order},
            )
        if reviewer is not None:
            ReviewerAssignment.objects.get_or_create(
                call=call, reviewer=reviewer, defaults={"assigned_by": staff}
            )

    firms = _enterprises(9)
    innovation_states = [
        (S.IN_PROGRESS, 90 * M),
        (S.INTERIM_EVALUATION, 100 * M),
        (S.COMPLETED, 45 * M),
        (S.SETTLED, 50 * M),
        (S.IN_REVIEW, 80 * M),
        (S.RESERVE, 70 * M),
        (S.REJECTED, 60 * M),
        (S.INELIGIBLE, 40 * M),
        (S.WITHDRAWN, 30 * M),
    ]
    created = 0
    for enterprise, (state, amount) in zip(firms, innovation_states, strict=True):
        created += _demo_application(
            innovation, enterprise, state, amount, staff, official, reviewer
        )

    # 트리플래닛 (the demo member's enterprise, matched with 아현동 P아파트) and 헬스브릿지
    # (청량리 H아파트) when the registry demo created them; otherwise demo co-operatives.
    spare = _enterprises(13)[11:]
    named = {e.name: e for e in Enterprise.objects.filter(name__in=["트리플래닛", "헬스브릿지"])}
    treeplanet = named.get("트리플래닛", spare[0])
    healthbridge = named.get("헬스브릿지", spare[1])
    for target, enterprise, state, amount, title in (
        (
            together,
            treeplanet,
            S.IN_PROGRESS,
            30 * M,
            "아현동 P아파트 반려나무 노인돌봄과 미세먼지 해결",
        ),
        (open_call, treeplanet, S.DRAFT, 15 * M, "반려나무 판로 확대 맞춤형 지원"),
        (together, healthbridge, S.SELECTED, 25 * M, "청량리 H아파트 중장년 헬스케어"),
    ):
        created += _demo_application(
            target, enterprise, state, amount, staff, official, reviewer, title=title
        )
    extra = _enterprises(11)[9:]
    for enterprise, state in zip(extra, (S.SUBMITTED, S.SCREENING), strict=True):
        created += _demo_application(
            open_call, enterprise, state, 15 * M, staff, official, reviewer
        )
    screening = Application.objects.filter(call=open_call, status=S.SCREENING).first()
    if screening is not None:
        SupplementRequest.objects.get_or_create(
            application=screening,
            message="법인 등기부등본을 최신본으로 보완해 주십시오.",
            defaults={"due_at": now + dt.timedelta(days=10), "requested_by": staff},
        )
    return created


def _demo_application(
    call: Call,
    enterprise: Enterprise,
    state: str,
    amount: int,
    staff: User,
    official: User | None,
    reviewer: User | None,
    title: str = "",
) -> int:
    application, created = Application.objects.get_or_create(
        call=call,
        enterprise=enterprise,
        defaults={
            "title": title or f"{enterprise.name} {call.program.get_program_type_display()} 사업",
            "summary": "데모 신청서입니다.",
            "requested_amount": amount,
            "duration_months": 12,
            "rule": call.program.rules.first(),
        },
    )
    if not created:
        return 0
    member = (
        EnterpriseMembership.objects.filter(
            enterprise=enterprise, status=EnterpriseMembership.Status.APPROVED
        )
        .select_related("user")
        .first()
    )
    applicant = member.user if member else None
    at = max(
        call.opens_at + dt.timedelta(days=3),
        min(call.closes_at, timezone.now()) - dt.timedelta(days=2),
    )
    for step in PATH_TO[state]:
        if step == S.AGREEMENT_SIGNED:
            # Through the service (split, phases, transition, notice), then back-dated.
            application.save()
            _demo_agreement(application, staff)
            application.transitions.filter(to_status=step).update(created_at=at)
            application.status = step
            at += dt.timedelta(days=7)
            continue
        actor = applicant if step in (S.SUBMITTED, S.WITHDRAWN) else staff
        if step in (S.SELECTED, S.RESERVE, S.REJECTED):
            actor = official
            at = max(at, call.closes_at + dt.timedelta(days=20))
        if step == S.SUBMITTED:
            call.last_receipt_seq += 1
            call.save(update_fields=["last_receipt_seq"])
            application.receipt_number = f"{call.program.year}-{call.program.receipt_abbreviation}-{call.last_receipt_seq:04d}"
            application.submitted_at = at
        if step == S.SELECTED:
            application.selected_at = at
            application.awarded_amount = amount
        transition = ApplicationTransition.objects.create(
            application=application,
            from_status=application.status,
            to_status=step,
            actor=actor,
            comment="데모",
        )
        ApplicationTransition.objects.filter(pk=transition.pk).update(created_at=at)  # auto_now_add
        application.status = step
        at += dt.timedelta(days=7)
    application.save()
    if state in (S.IN_REVIEW, S.RESERVE, S.REJECTED) or application.selected_at:
        _demo_review(application, reviewer, amount)
    if state in SIGNED_STATES and state != S.AGREEMENT_SIGNED:
        _demo_progress(application, state, staff)
    return 1


def _demo_review(application: Application, reviewer: User | None, amount: int) -> None:
    if reviewer is None or application.status == S.IN_REVIEW:
        return  # the in-review one is left for the demo reviewer to score
    review, _ = Review.objects.get_or_create(
        application=application,
        reviewer=reviewer,
        defaults={
            "declared_at": application.submitted_at,
            "submitted_at": application.submitted_at,
        },
    )
    total = Decimal("0")
    points = Decimal(min(95, 50 + amount // (2 * M)))
    for criterion in application.call.criteria.all():
        Score.objects.get_or_create(review=review, criterion=criterion, defaults={"value": points})
        total += points * criterion.weight
    review.total = total
    review.save(update_fields=["total"])


def _demo_agreement(application: Application, staff: User) -> None:
    year = application.call.program.year
    sign_agreement(
        application,
        actor=staff,
        starts_on=dt.date(year, 5, 1),
        ends_on=dt.date(year + (1 if application.duration_months > 12 else 0), 12, 31),
        signed_on=dt.date(year, 4, 28),
    )


def _demo_progress(application: Application, state: str, staff: User) -> None:
    """The payments and the result of a project under way (the agreement is signed)."""
    program = application.call.program
    agreement = Agreement.objects.get(application=application)
    award = agreement.award_amount
    starts = agreement.starts_on
    # First instalment 60 %, the rest on completion (floor to whole won; remainder later).
    first = award * 6 // 10
    payments = [(dt.date(program.year, 5, 15), first)]
    if state in (S.COMPLETED, S.SETTLED):
        payments.append((dt.date(program.year, 10, 15), award - first))
    paid = 0
    for paid_on, amount in payments:
        n, c = rules.split_payment(paid, amount, program.national_share)
        Disbursement.objects.create(
            agreement=agreement,
            paid_on=paid_on,
            amount=amount,
            national_amount=n,
            city_amount=c,
            recorded_by=staff,
        )
        paid += amount
    Result.objects.create(
        program=program,
        application=application,
        kind=Result.Kind.PARTICIPANTS,
        quantity=Decimal(120),
        description="사업 참여자",
        period_start=starts,
        period_end=dt.date(program.year, 12, 31),
        entered_by=staff,
        confirmed_by=staff if state in (S.COMPLETED, S.SETTLED) else None,
        confirmed_at=timezone.now() if state in (S.COMPLETED, S.SETTLED) else None,
    )
