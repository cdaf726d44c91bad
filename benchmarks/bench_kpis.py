"""KPIs: 10,000 indicators over 10 years (2015–2024), full recomputation of one year and the
dashboard's p95.

Goals: recomputation ≤ 10 s with a number of queries bounded by the number of measure kinds
(not by the number of indicators); dashboard p95 ≤ 200 ms.

Data: the records the measures count are reused if other benchmarks generated them; otherwise a
modest generated set is added for the measured year (applications, agreements, disbursements,
workshops, loans, village designations). All generation is idempotent.
"""

import datetime as dt
from decimal import Decimal

from benchmarks.common import count_queries, load, report, server, session_cookie, timed

YEARS = range(2015, 2025)
TARGET_SCALE = {"원": Decimal(10_000_000), "억원": Decimal("0.5")}
YEAR = 2024
PER_YEAR = 1_000
AREAS = 12
ENTERPRISES = 2_000
PROGRAM_TYPES = [
    "together_living",
    "innovation",
    "excellent",
    "village",
    "job_creation",
    "business_development",
    "social_insurance",
    "district_special",
]
COMPUTED: list[tuple[str, str, bool]] = [
    ("applications_selected", "건", True),
    ("program_disbursements", "원", True),
    ("workshops_held", "회", False),
    ("enterprises_with_loan", "개 기업", False),
    ("amount_lent", "억원", False),
    ("village_new_designations", "개", False),
    ("enterprises_supported", "개 기업", True),
]


def _enterprises() -> list[int]:
    from enterprises.models import Enterprise
    from enterprises.validators import business_number_check_digit
    from seoul_se.reference.models import District, LegalType

    have = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:ENTERPRISES])
    if len(have) >= ENTERPRISES:
        return have
    legal = LegalType.objects.get(code="certified_se")
    districts = list(District.objects.all())
    rows = []
    for n in range(ENTERPRISES - len(have)):
        first_nine = f"{700 + n % 200:03d}82{n:04d}"
        number = first_nine + str(business_number_check_digit(first_nine))
        rows.append(
            Enterprise(
                name=f"KPI벤치기업{n:05d}",
                legal_type=legal,
                business_number=number,
                representative="벤치",
                district=districts[n % len(districts)],
                is_generated=True,
            )
        )
    Enterprise.objects.bulk_create(rows, ignore_conflicts=True)
    return list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:ENTERPRISES])


def _programs() -> dict[int, list[int]]:
    from programs.models import Program

    for year in YEARS:
        for ptype in PROGRAM_TYPES:
            Program.objects.get_or_create(
                year=year, program_type=ptype, defaults={"name": f"{year} {ptype}"}
            )
    by_year: dict[int, list[int]] = {year: [] for year in YEARS}
    for pk, year in Program.objects.filter(year__in=YEARS).values_list("pk", "year"):
        by_year[year].append(pk)
    return by_year


def _program_records(enterprise_ids: list[int], program_ids: list[int]) -> None:
    from django.utils import timezone

    from programs.models import Agreement, Application, Call, Disbursement

    opens = timezone.make_aware(dt.datetime(YEAR, 1, 2))
    calls = [
        Call.objects.get_or_create(
            program_id=pk,
            title=f"KPI 벤치 공모 {pk}",
            defaults={"opens_at": opens, "closes_at": opens + dt.timedelta(days=30)},
        )[0]
        for pk in program_ids
    ]
    selected_at = timezone.make_aware(dt.datetime(YEAR, 3, 1))
    Application.objects.bulk_create(
        [
            Application(
                call=call,
                enterprise_id=eid,
                title=f"벤치 신청 {i}",
                status="agreement_signed"
                if i % 3 == 0
                else ("selected" if i % 3 == 1 else "rejected"),
                selected_at=selected_at if i % 3 != 2 else None,
            )
            for i, (call, eid) in enumerate(
                (call, eid) for call in calls for eid in enterprise_ids[:1000]
            )
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    start = dt.date(YEAR, 4, 1)
    Agreement.objects.bulk_create(
        [
            Agreement(
                application=a,
                program_id=a.call.program_id,
                enterprise_id=a.enterprise_id,
                award_amount=30_000_000,
                national_amount=0,
                city_amount=30_000_000,
                starts_on=start,
                ends_on=dt.date(YEAR, 12, 31),
                signed_on=start + dt.timedelta(days=a.pk % 200),
            )
            for a in Application.objects.filter(
                call__in=calls, status="agreement_signed"
            ).select_related("call")
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    Disbursement.objects.bulk_create(
        [
            Disbursement(
                agreement=agr,
                paid_on=dt.date(YEAR, 5 + half * 5, 10),
                amount=15_000_000,
                national_amount=0,
                city_amount=15_000_000,
            )
            for agr in Agreement.objects.filter(program_id__in=program_ids)
            for half in (0, 1)
        ],
        batch_size=2000,
    )


def _records(enterprise_ids: list[int], program_ids: list[int]) -> None:
    """Records dated in YEAR for the measures, unless some already exist."""
    from enterprises.models import Certification
    from funds.models import Fund, Intermediary, Loan, LoanDisbursement, LoanProduct
    from programs.models import ApartmentComplex, Call, Workshop
    from seoul_se.reference.models import District

    # Each block is guarded by its own marker, so reruns add nothing.
    if not Call.objects.filter(title__startswith="KPI 벤치 공모").exists():
        _program_records(enterprise_ids, program_ids)
    districts = list(District.objects.all())
    if ApartmentComplex.objects.filter(name__startswith="KPI 벤치 단지").exists():
        return
    complexes = [
        ApartmentComplex.objects.get_or_create(
            name=f"KPI 벤치 단지 {n:02d}",
            defaults={"district": districts[n % 25], "tenure": "rental", "joined_year": YEAR},
        )[0]
        for n in range(50)
    ]
    Workshop.objects.bulk_create(
        [
            Workshop(
                complex=c,
                held_on=dt.date(YEAR, 1 + k % 12, 1 + k % 28),
                facilitator="벤치",
                attendance=20,
            )
            for c in complexes
            for k in range(40)
        ]
    )
    fund, _ = Fund.objects.get_or_create(name="서울시 사회투자기금")
    intermediary, _ = Intermediary.objects.get_or_create(
        name="KPI 벤치 수행기관", defaults={"fund": fund}
    )
    product, _ = LoanProduct.objects.get_or_create(
        code="kpi-bench",
        defaults={
            "fund": fund,
            "name": "벤치 융자",
            "category": "enterprise",
            "cap": 200_000_000,
            "rate": Decimal("0.03"),
            "term_months": 60,
            "repayment_method": "equal_instalment",
            "frequency": "monthly",
        },
    )
    Loan.objects.bulk_create(
        [
            Loan(
                number=f"KPI-{YEAR}-{n:05d}",
                enterprise_id=enterprise_ids[n % len(enterprise_ids)],
                intermediary=intermediary,
                product=product,
                requested_amount=100_000_000,
                approved_amount=100_000_000,
                rate=Decimal("0.02"),
                term_months=60,
                repayment_method="equal_instalment",
                frequency="monthly",
                status="disbursed",
                applied_on=dt.date(YEAR, 2, 1),
            )
            for n in range(2_000)
        ],
        ignore_conflicts=True,
    )
    LoanDisbursement.objects.bulk_create(
        [
            LoanDisbursement(loan=loan, disbursed_on=dt.date(YEAR, 3 + k * 4, 1), amount=50_000_000)
            for loan in Loan.objects.filter(number__startswith=f"KPI-{YEAR}-")
            for k in range(2)
        ]
    )
    Certification.objects.bulk_create(
        [
            Certification(enterprise_id=eid, kind="village_new", valid_from=dt.date(YEAR, 6, 1))
            for eid in enterprise_ids[:500]
        ]
    )


def _indicators(programs_by_year: dict[int, list[int]]) -> None:
    from kpis.models import BusinessArea, Indicator

    if Indicator.objects.filter(
        year__in=YEARS, name__startswith="KPI 벤치"
    ).count() >= PER_YEAR * len(YEARS):
        return
    areas = [
        BusinessArea.objects.get_or_create(
            name=f"KPI 벤치 분야 {i:02d}", defaults={"order": 200 + i}
        )[0]
        for i in range(AREAS)
    ]
    Indicator.objects.filter(year__in=YEARS, name__startswith="KPI 벤치").delete()
    rows = []
    for year in YEARS:
        programs = programs_by_year[year]
        for n in range(PER_YEAR):
            area = areas[n % AREAS]
            name = f"KPI 벤치 지표 {n:04d}"
            if n % 10 < 6:  # 60 % computed, over the 7 measure kinds
                key, unit, by_program = COMPUTED[n % len(COMPUTED)]
                params = {"program": programs[n % len(programs)]} if by_program and n % 2 else {}
                rows.append(
                    Indicator(
                        area=area,
                        year=year,
                        name=name,
                        unit=unit,
                        target=Decimal(100 + n % 400) * TARGET_SCALE.get(unit, Decimal(1)),
                        source="computed",
                        measure_key=key,
                        measure_params=params,
                        cumulative=n % 20 == 0,
                        order=n,
                    )
                )
            else:
                rows.append(
                    Indicator(
                        area=area,
                        year=year,
                        name=name,
                        unit="건",
                        target=Decimal(50 + n % 100),
                        cumulative=n % 20 == 1,
                        order=n,
                    )
                )
    Indicator.objects.bulk_create(rows, batch_size=2000)


def _manual_entries() -> None:
    from kpis.models import Indicator, ManualEntry
    from seoul_se.accounts.models import User

    if ManualEntry.objects.filter(indicator__name__startswith="KPI 벤치").exists():
        return
    staff, _ = User.objects.get_or_create(
        email="bench-staff@seoul-se.kr", defaults={"name": "벤치 직원", "role": "centre_staff"}
    )
    official, _ = User.objects.get_or_create(
        email="bench-official@seoul-se.kr", defaults={"name": "벤치", "role": "official"}
    )
    ManualEntry.objects.bulk_create(
        [
            ManualEntry(
                indicator_id=pk,
                value=Decimal(40 + pk % 80),
                unit="건",
                evidence="kpis/evidence/bench.txt",
                entered_by=staff,
                approved_by=official,
                status="approved",
            )
            for pk in Indicator.objects.filter(
                year__in=YEARS, name__startswith="KPI 벤치", source="manual"
            ).values_list("pk", flat=True)
        ],
        batch_size=2000,
    )


def main() -> None:
    from benchmarks import bench_programs
    from kpis import measures, services
    from kpis.models import Indicator, IndicatorValue
    from programs.models import Application
    from seoul_se.accounts.models import User

    # The programs benchmark's large data set (200,000 applications over 2016–2025), then
    # this benchmark's own records for the measured year.
    bench_programs._applications(bench_programs._calls(), bench_programs._enterprises())
    enterprise_ids = _enterprises()
    programs_by_year = _programs()
    _records(enterprise_ids, programs_by_year[YEAR])
    _indicators(programs_by_year)
    _manual_entries()
    for year in YEARS:
        if year != YEAR:
            services.recompute_year(year)  # earlier years first: cumulative series need them
    kinds = len(
        {k for k in Indicator.objects.filter(year=YEAR).values_list("measure_key", flat=True) if k}
    )
    # Cold: no stored values for the year, so every indicator is evaluated and written.
    IndicatorValue.objects.filter(indicator__year=YEAR).delete()
    with timed() as first:
        queries, run = count_queries(lambda: services.recompute_year(YEAR))
    with timed() as again:
        queries_again, rerun = count_queries(lambda: services.recompute_year(YEAR))
    report(
        "kpis.recompute_year",
        indicators=run.indicator_count,
        indicators_total=Indicator.objects.count(),
        applications_total=Application.objects.count(),
        measure_kinds=kinds,
        registered_measures=len(measures.REGISTRY),
        queries=queries,
        seconds=first["seconds"],
        changed=run.changed_count,
        rerun_seconds=again["seconds"],
        rerun_queries=queries_again,
        rerun_changed=rerun.changed_count,
        goal_seconds=10,
    )
    user, _ = User.objects.get_or_create(
        email="bench-official@seoul-se.kr", defaults={"name": "벤치", "role": "official"}
    )
    from django.test import Client

    client = Client()
    client.force_login(user)
    path = f"/kpis/?year={YEAR}"
    page_queries, _ = count_queries(lambda: client.get(path))
    cookie = session_cookie(user)
    area_path = f"{path}&area={Indicator.objects.filter(year=YEAR).first().area_id}"
    with server() as port:
        whole = load(port, path, cookie=cookie, requests=200, concurrency=4)
        one_area = load(port, area_path, cookie=cookie, requests=200, concurrency=4)
        serial = load(port, area_path, cookie=cookie, requests=100, concurrency=1)
        trivial = load(port, "/ping", requests=300, concurrency=4)
    report(
        "kpis.dashboard_all_areas",
        indicators=PER_YEAR,
        queries=page_queries,
        **whole,
        goal_p95_ms=200,
    )
    report("kpis.dashboard_one_area", indicators=PER_YEAR // AREAS, **one_area, goal_p95_ms=200)
    report("kpis.dashboard_one_area_serial", **serial)
    report(
        "kpis.trivial_view_same_run",
        **trivial,
        dashboard_p95_ratio=round(one_area["p95_ms"] / max(trivial["p95_ms"], 0.1), 1),
    )
