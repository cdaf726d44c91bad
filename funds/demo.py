"""Demo fund (seed 000, 사회투자기금): 2019 intermediaries and allocations, deposits, impact
partnerships, and generated loans 2013–2019 whose totals on 2019-12-31 equal the seed exactly:
635 enterprises, 90,464,000,000원 lent, 31,386,000,000원 recovered, 59,078,000,000원 outstanding.

Loans are generated deterministically; their ledger (allocations, settled instalments) comes from
the same engine the services use (``funds.engine``), written with bulk inserts. Idempotent: the
generated loans are created once (recognised by their purpose text).
"""

import datetime as dt
import random
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from enterprises.models import Enterprise, EnterpriseMembership
from enterprises.validators import business_number_check_digit
from funds import engine, fields, kinds, services
from funds.models import (
    Deposit,
    ImpactFundPartnership,
    ImpactInvestment,
    Intermediary,
    IntermediaryEvaluation,
    IntermediarySelection,
    Loan,
    LoanDisbursement,
    LoanProduct,
    LoanStatus,
    LoanTransaction,
    OnSiteInspection,
    QuarterlyReport,
    ScheduleInstalment,
    Track,
)
from funds.services.bulk_writes import write_status_chains
from funds.workflow import ACTIVE
from seoul_se.accounts.models import Role, User
from seoul_se.core.bulk import copy_rows
from seoul_se.core.demo import DEMO_PASSWORD
from seoul_se.reference.models import District, LegalType

MILLION = 1_000_000
SEED_DATE = dt.date(2019, 12, 31)
SEED_ENTERPRISES = 635
SEED_LENT = 90_464 * MILLION
SEED_RECOVERED = 31_386 * MILLION
DEMO_PURPOSE = "운전자금 (데모: 2013–2019 생성 융자)"

# 2019 selections (seed 000): 7 institutions 10,950백만원; social housing 2 institutions
# 2,750백만원; private-asset cluster 1 institution 2,500백만원. The split among institutions is
# illustrative; the totals are the seed's. Private matching is not given per institution.
SELECTIONS = [
    ("사회적금융 수행기관 가", Track.GENERAL, 2_000),
    ("사회적금융 수행기관 나", Track.GENERAL, 1_800),
    ("사회적금융 수행기관 다", Track.GENERAL, 1_700),
    ("사회적금융 수행기관 라", Track.GENERAL, 1_600),
    ("사회적금융 수행기관 마", Track.GENERAL, 1_500),
    ("사회적금융 수행기관 바", Track.GENERAL, 1_250),
    ("사회적금융 수행기관 사", Track.GENERAL, 1_100),
    ("사회주택 수행기관 가", Track.SOCIAL_HOUSING, 1_500),
    ("사회주택 수행기관 나", Track.SOCIAL_HOUSING, 1_250),
    ("클러스터 수행기관 가", Track.CLUSTER, 2_500),
]

# code, name, category, cap, max rate, max term, max grace, method, frequency
PRODUCTS = [
    ("se", "사회적경제기업 융자", "enterprise", 200 * MILLION, "0.03", 60, 12, "equal_instalment", "monthly"),
    ("excellent", "우수 사회적경제기업 융자", "excellent", 300 * MILLION, "0.03", 60, 12, "equal_instalment", "monthly"),
    ("housing", "사회주택사업자 융자", "social_housing", 2_500 * MILLION, "0.03", 96, 24, "equal_principal", "quarterly"),
    ("cluster", "사회적경제 클러스터 조성 융자", "cluster", 5_000 * MILLION, "0.02", 120, 24, "equal_principal", "quarterly"),
]  # fmt: skip

# Loans per product and their (min, max) amounts in 백만원, by years of disbursement.
MIX = [
    ("se", 545, (30, 150), range(2013, 2020)),
    ("excellent", 68, (100, 250), range(2014, 2020)),
    ("housing", 20, (500, 2_000), range(2015, 2020)),
    ("cluster", 2, (2_500, 5_000), range(2019, 2020)),
]

PARTNERSHIPS = [
    (1, "서울시 임팩트투자조합 1호", 2018, 14_500, 1_000, "formed", [("투자기업 A", 1_100), ("투자기업 B", 1_100), ("투자기업 C", 1_100)]),
    (2, "서울시 임팩트투자조합 2호", 2019, 15_000, 1_000, "formed", [("투자기업 D", 2_000)]),
    (3, "서울시 임팩트투자조합 3호", None, 5_000, 1_000, "planned", []),
]  # fmt: skip


def load(out: TextIO) -> None:
    fund = services.main_fund()
    intermediaries = _load_intermediaries(fund)
    products = _load_products(fund)
    _load_deposits(fund)
    _load_partnerships(fund)
    staff = _load_intermediary_user(intermediaries["사회적금융 수행기관 가"])
    created = 0
    if not Loan.objects.filter(purpose=DEMO_PURPOSE).exists():
        with transaction.atomic():
            created = _load_loans(intermediaries, products)
            _load_monitoring()
    out.write(
        f"  사회투자기금: 수행기관 {len(intermediaries)}곳, 융자 {Loan.objects.count():,}건 "
        f"(이번에 생성 {created:,}건), 수행기관 직원 {staff}\n"
    )


def _load_intermediaries(fund) -> dict[str, Intermediary]:  # type: ignore[no-untyped-def]
    result = {}
    for index, (name, track, allocation) in enumerate(SELECTIONS):
        intermediary, _ = Intermediary.objects.get_or_create(name=name, defaults={"fund": fund})
        IntermediarySelection.objects.update_or_create(
            intermediary=intermediary,
            year=2019,
            track=track,
            defaults={"city_allocation": allocation * MILLION, "selected_on": dt.date(2019, 3, 29)},
        )
        IntermediaryEvaluation.objects.update_or_create(
            intermediary=intermediary,
            year=2019,
            defaults={
                "lending_score": Decimal(35 + index % 4),
                "management_score": Decimal(25 + index % 3),
                "risk_management_score": Decimal(20 + index % 5),
                "comment": "데모 평가 (2020년부터 리스크관리 능력 항목 신설)",
            },
        )
        result[name] = intermediary
    return result


def _load_products(fund) -> dict[str, LoanProduct]:  # type: ignore[no-untyped-def]
    result = {}
    for code, name, category, cap, rate, term, grace, method, frequency in PRODUCTS:
        result[code], _ = LoanProduct.objects.update_or_create(
            code=code,
            defaults={
                "fund": fund,
                "name": name,
                "category": category,
                "cap": cap,
                "rate": Decimal(rate),
                "term_months": term,
                "grace_months": grace,
                "repayment_method": method,
                "frequency": frequency,
            },
        )
    return result


def _load_deposits(fund) -> None:  # type: ignore[no-untyped-def]
    """정기예금 75억원 and 공공예금 57억 17백만원 held on 2019-12-31 (seed 000)."""
    for kind, principal, rate, start, maturity in (
        (Deposit.Kind.TERM, 7_500 * MILLION, "0.0185", dt.date(2019, 7, 1), dt.date(2020, 6, 30)),
        (Deposit.Kind.PUBLIC, 5_717 * MILLION, "0.0120", dt.date(2019, 1, 2), None),
    ):
        Deposit.objects.update_or_create(
            fund=fund,
            kind=kind,
            bank="신한은행",
            start=start,
            defaults={
                "principal": principal,
                "rate": Decimal(rate),
                "maturity": maturity,
                "interest": 0,
            },
        )


def _load_partnerships(fund) -> None:  # type: ignore[no-untyped-def]
    for number, name, year, size, city, status, investments in PARTNERSHIPS:
        partnership, _ = ImpactFundPartnership.objects.update_or_create(
            number=number,
            defaults={
                "fund": fund,
                "name": name,
                "formed_year": year,
                "size": size * MILLION,
                "city_commitment": city * MILLION,
                "status": status,
                "investment_targets": "소셜벤처, 사회적경제기업, 신기술사업자 등",
            },
        )
        for investee, amount in investments:
            ImpactInvestment.objects.update_or_create(
                partnership=partnership, investee=investee, defaults={"amount": amount * MILLION}
            )


def _load_intermediary_user(intermediary: Intermediary) -> str:
    email = "intermediary@seoul-se.kr"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            name="수행기관 담당자",
            role=Role.INTERMEDIARY_STAFF,
        )
    intermediary.staff.add(user)
    return email


def generated_enterprises(count: int, *, prefix: int, name: str) -> list[int]:
    """Ids of ``count`` generated enterprises (``is_generated``) with valid 사업자등록번호
    ``PPP-82-SSSSC`` from ``prefix``; created once, found again on later runs."""
    legal_type = LegalType.objects.get(code="certified_se")
    district = District.objects.order_by("pk").first()
    batch = []
    for serial in range(count):
        first_nine = f"{prefix + serial // 10_000:03d}82{serial % 10_000:04d}"
        batch.append(
            Enterprise(
                name=f"{name} {serial + 1}",
                legal_type=legal_type,
                business_number=first_nine + str(business_number_check_digit(first_nine)),
                representative="가상대표",
                district=district,
                verification=Enterprise.Verification.VERIFIED,
                is_generated=True,
            )
        )
    Enterprise.objects.bulk_create(batch, ignore_conflicts=True, batch_size=1000)
    numbers = [e.business_number for e in batch]
    return list(
        Enterprise.objects.filter(business_number__in=numbers)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _borrowers(count: int) -> list[Enterprise]:
    """``count`` enterprises: the registry's (the demo member's first), else generated ones."""
    member_ids = list(
        EnterpriseMembership.objects.filter(
            user__email="member@seoul-se.kr", status=EnterpriseMembership.Status.APPROVED
        ).values_list("enterprise_id", flat=True)
    )
    chosen = list(Enterprise.objects.filter(pk__in=member_ids)[:1])
    chosen += list(
        Enterprise.objects.exclude(pk__in=member_ids).order_by("pk")[: count - len(chosen)]
    )
    missing = count - len(chosen)
    if missing > 0:
        ids = generated_enterprises(missing, prefix=700, name="융자기업")
        chosen += list(Enterprise.objects.filter(pk__in=ids))
    return chosen[:count]


def _amounts(rng: random.Random) -> list[tuple[str, int, int]]:
    """(product code, amount, year) per loan, scaled so the total is exactly the seed's."""
    plan = []
    for code, count, (low, high), years in MIX:
        for _ in range(count):
            # Lending grew year by year: later years weigh more.
            year = rng.choices(list(years), weights=range(1, len(years) + 1))[0]
            plan.append([code, rng.randint(low, high) * MILLION, year])
    caps = {code: cap for code, _, _, cap, *_ in PRODUCTS}
    total = sum(item[1] for item in plan)
    for item in plan:
        # Scale to the seed in whole millions (rounded down), within the product cap.
        item[1] = min(caps[item[0]], item[1] * SEED_LENT // total // MILLION * MILLION)
    remainder = SEED_LENT - sum(item[1] for item in plan)
    index = 0
    while remainder > 0:
        item = plan[index % len(plan)]
        step = min(remainder, caps[item[0]] - item[1], 10 * MILLION)
        item[1] += step
        remainder -= step
        index += 1
    return [(code, amount, year) for code, amount, year in plan]


def _terms(product: LoanProduct, rng: random.Random) -> tuple[int, int]:
    """The product's longest term; mostly its full grace period, sometimes half of it."""
    months = 3 if product.frequency == "quarterly" else 1
    half = product.grace_months // 2 // months * months
    return product.term_months, rng.choice([product.grace_months, half, 0])


def _load_loans(intermediaries, products) -> int:  # type: ignore[no-untyped-def]
    rng = random.Random(635)
    plan = _amounts(rng)
    rng.shuffle(plan)
    borrowers = _borrowers(SEED_ENTERPRISES)
    by_track = {
        track: [i for name, t, _ in SELECTIONS if t == track for i in [intermediaries[name]]]
        for track in Track.values
    }
    track_of = {"se": Track.GENERAL, "excellent": Track.GENERAL, "housing": Track.SOCIAL_HOUSING}
    loans, drafts = [], []
    for index, ((code, amount, year), enterprise) in enumerate(zip(plan, borrowers, strict=True)):
        product = products[code]
        term, grace = _terms(product, rng)
        disbursed_on = dt.date(year, 1 + rng.randrange(12), 1 + rng.randrange(28))
        loan = Loan(
            number=f"SIF-{year}-D{index + 1:04d}",
            enterprise=enterprise,
            intermediary=rng.choice(by_track[track_of.get(code, Track.CLUSTER)]),
            product=product,
            requested_amount=amount,
            approved_amount=amount,
            rate=product.rate,
            term_months=term,
            grace_months=grace,
            repayment_method=product.repayment_method,
            frequency=product.frequency,
            overdue_margin=product.overdue_margin,
            purpose=DEMO_PURPOSE,
            applied_on=disbursed_on - dt.timedelta(days=45),
            approved_on=disbursed_on - dt.timedelta(days=20),
            contracted_on=disbursed_on - dt.timedelta(days=5),
        )
        loans.append(loan)
        terms = services.loan_terms(loan)
        tranche = engine.Tranche(disbursed_on, amount)
        drafts.append((loan, terms, tranche, engine.base_rows(terms, [tranche])))
    plan_by_loan = _plan(drafts)
    Loan.objects.bulk_create(loans, batch_size=500)
    if loans[0].pk is None:
        ids = dict(Loan.objects.filter(purpose=DEMO_PURPOSE).values_list("number", "pk"))
        for loan in loans:
            loan.pk = ids[loan.number]
    _write_ledgers(drafts, plan_by_loan)
    return len(loans)


DELINQUENT_LOANS = 12


def _plan(drafts) -> dict[int, tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    """Who deviates from the schedule, so recovered principal on 2019-12-31 is exactly the seed's.

    A few borrowers stop paying in the second half of 2019 (delinquent since: "stop", first
    unpaid instalment). Paying every other instalment due by then recovers less than the seed;
    the difference is prepaid by other borrowers on their last 2019 due date ("prepay",
    instalment, extra principal), the last of them to the won.
    """
    scheduled = sum(
        row.principal for _, _, _, rows in drafts for row in rows if row.due_date <= SEED_DATE
    )
    plan: dict[int, tuple[str, int, int]] = {}
    for index, (_, _, _, rows) in enumerate(drafts):
        if len(plan) == DELINQUENT_LOANS:
            break
        tail = [
            i
            for i, row in enumerate(rows)
            if dt.date(2019, 7, 1) <= row.due_date <= SEED_DATE and row.principal
        ]
        if tail:
            plan[index] = ("stop", tail[0], 0)
            scheduled -= sum(rows[i].principal for i in tail)
    deficit = SEED_RECOVERED - scheduled
    for index, (_, _, tranche, rows) in enumerate(drafts):
        if deficit <= 0:
            break
        in_2019 = [i for i, row in enumerate(rows) if row.due_date.year == 2019 and row.principal]
        if index in plan or not in_2019:
            continue
        k = in_2019[-1]
        left = tranche.amount - sum(row.principal for row in rows[: k + 1])
        # Prepay up to half of what is left, in whole 백만원 (the last one to the won).
        extra = min(deficit, left // 2 // MILLION * MILLION)
        if extra > 0:
            plan[index] = ("prepay", k, extra)
            deficit -= extra
    if deficit:
        raise RuntimeError(f"demo loans cannot reach the seed's recovered amount ({deficit:,})")
    return plan


def _postings(terms, tranche, rows, step, today) -> list[engine.Posting]:  # type: ignore[no-untyped-def]
    """Instalments paid on their due dates up to ``today``, following the borrower's plan."""
    kind, at, extra = step or ("", -1, 0)
    postings = []
    for i, row in enumerate(rows):
        if row.due_date > today or (kind == "stop" and i >= at):
            break
        postings.append(
            engine.Posting(i, kinds.REPAYMENT, row.due_date, row.principal + row.interest)
        )
        if kind == "prepay" and i == at:
            mode = kinds.SHORTEN_TERM if i % 2 else kinds.LOWER_INSTALMENT
            postings.append(engine.Posting("prepay", kinds.PREPAYMENT, row.due_date, extra, mode))
            after = engine.replay(terms, [tranche], postings).rows
            for j, later in enumerate(r for r in after if r.due_date > row.due_date):
                if later.due_date > today:
                    break
                postings.append(
                    engine.Posting(
                        f"after{j}",
                        kinds.REPAYMENT,
                        later.due_date,
                        later.principal + later.interest,
                    )
                )
            break
    return postings


INSTALMENT_FIELDS = ["loan_id", *fields.INSTALMENT_FIELDS]
TRANSACTION_FIELDS = [
    "loan_id",
    "kind",
    "value_date",
    "amount",
    "overdue_interest",
    "interest",
    "principal",
    "written_off",
    "prepayment_mode",
    "reason",
    "posted_at",
]


def _write_ledgers(drafts, plan) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    now = timezone.now()
    disbursements, instalments, transactions, chains = [], [], [], []
    for index, (loan, terms, tranche, rows) in enumerate(drafts):
        postings = _postings(terms, tranche, rows, plan.get(index), today)
        result = engine.replay(terms, [tranche], postings)
        disbursements.append(
            LoanDisbursement(loan=loan, disbursed_on=tranche.disbursed_on, amount=tranche.amount)
        )
        instalments += [
            (
                loan.pk,
                r.number,
                r.due_date,
                r.principal,
                r.interest,
                r.grace,
                r.is_prepayment,
                r.principal_paid,
                r.interest_paid,
                r.settled_on,
            )
            for r in result.rows
        ]
        for posting in postings:
            a = result.allocations[posting.key]
            mode = posting.prepayment_mode if posting.kind == kinds.PREPAYMENT else ""
            transactions.append(
                (
                    loan.pk,
                    posting.kind,
                    posting.value_date,
                    posting.amount,
                    a.overdue_interest,
                    a.interest,
                    a.principal,
                    0,
                    mode,
                    "",
                    now,
                )
            )
        chain = [
            LoanStatus.APPLIED,
            LoanStatus.APPROVED,
            LoanStatus.CONTRACTED,
            LoanStatus.DISBURSED,
        ]
        if postings:
            chain.append(LoanStatus.REPAYING)
        if result.outstanding == 0:
            chain.append(LoanStatus.CLOSED)
        loan.status = chain[-1]
        chains.append((loan.pk, chain))
    LoanDisbursement.objects.bulk_create(disbursements, batch_size=2000)
    write_status_chains(chains, actor_id=None, comment="데모")
    # The two big tables go in with plain executemany: ORM bulk_create spends most of the
    # demo's time preparing ~70,000 rows on SQLite.
    copy_rows(ScheduleInstalment, INSTALMENT_FIELDS, instalments)
    copy_rows(LoanTransaction, TRANSACTION_FIELDS, transactions)
    Loan.objects.bulk_update([d[0] for d in drafts], ["status"], batch_size=500)
    services.refresh_overdue(d[0].pk for d in drafts)


def _load_monitoring() -> None:
    """Quarterly reports since 2020 (mostly submitted) and this year's inspections (most)."""
    today = timezone.localdate()
    services.ensure_quarterly_reports(today)
    reports = QuarterlyReport.objects.filter(loan__purpose=DEMO_PURPOSE)
    latest = reports.order_by("-due_on").values_list("due_on", flat=True).first()
    submitted = list(reports.exclude(due_on=latest).only("pk", "due_on"))
    for report in submitted:
        report.submitted_on = report.due_on - dt.timedelta(days=7)
    QuarterlyReport.objects.bulk_update(submitted, ["submitted_on"], batch_size=2000)
    active = Loan.objects.filter(purpose=DEMO_PURPOSE, status__in=ACTIVE).values_list(
        "pk", flat=True
    )
    OnSiteInspection.objects.bulk_create(
        [
            OnSiteInspection(
                loan_id=pk,
                year=today.year,
                inspected_on=dt.date(today.year, 3, 1) + dt.timedelta(days=pk % 200),
                inspector="수행기관 현장점검팀",
                findings="운영 정상, 재무상태 양호",
            )
            for pk in active
            if pk % 5
        ],
        ignore_conflicts=True,
    )
