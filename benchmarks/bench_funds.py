"""Social investment fund at scale: 20,000 loans with schedules and 1,000,000 repayments.

Generated once in the bench database (PostgreSQL COPY), then measured:
- schedule generation for 20,000 loans (``funds.schedule``, Decimal, in memory);
- fund balance and aging as of a date (``funds.selectors.fund_status``) side by side with one
  hand-written SQL aggregate over the same tables, in the same run (ratio; goal ≤ 2×, ≤ 2 s);
- posting throughput (``funds.services.post_transaction``: lock, insert, replay), rolled back.
"""

import datetime as dt
import io
import random
from decimal import Decimal

from benchmarks.common import report, timed

LOANS = 20_000
PAID_PER_LOAN = 50  # 20,000 × 50 = 1,000,000 repayment transactions
ENTERPRISES = 2_000
AS_OF = dt.date(2025, 6, 30)
AMOUNT = 60_000_000
RATE = Decimal("0.02")
TERM = 60

HAND_SQL = """
WITH lent AS (
    SELECT loan_id, SUM(amount) AS lent FROM funds_loandisbursement
    WHERE disbursed_on <= %(d)s GROUP BY loan_id
), paid AS (
    SELECT loan_id, SUM(principal) AS recovered, SUM(written_off) AS written,
           SUM(interest + overdue_interest) AS interest
    FROM funds_loantransaction WHERE value_date <= %(d)s GROUP BY loan_id
), late AS (
    SELECT loan_id, MIN(due_date) AS oldest FROM funds_scheduleinstalment
    WHERE due_date <= %(d)s AND (settled_on IS NULL OR settled_on > %(d)s) GROUP BY loan_id
), per_loan AS (
    SELECT l.loan_id, l.lent, COALESCE(p.recovered, 0) AS recovered,
           COALESCE(p.written, 0) AS written, COALESCE(p.interest, 0) AS interest,
           l.lent - COALESCE(p.recovered, 0) - COALESCE(p.written, 0) AS outstanding,
           %(d)s::date - late.oldest AS dpd
    FROM lent l LEFT JOIN paid p USING (loan_id) LEFT JOIN late USING (loan_id)
)
SELECT SUM(lent), SUM(recovered), SUM(written), SUM(interest), SUM(outstanding),
       COUNT(*) FILTER (WHERE dpd BETWEEN 1 AND 30 AND outstanding > 0),
       SUM(outstanding) FILTER (WHERE dpd BETWEEN 1 AND 30 AND outstanding > 0),
       SUM(outstanding) FILTER (WHERE dpd BETWEEN 31 AND 90 AND outstanding > 0),
       SUM(outstanding) FILTER (WHERE dpd BETWEEN 91 AND 180 AND outstanding > 0),
       SUM(outstanding) FILTER (WHERE dpd > 180 AND outstanding > 0)
FROM per_loan
"""


def _start_dates(rng: random.Random) -> list[dt.date]:
    """90 % of loans have paid every instalment due by AS_OF; 10 % are 1–8 months behind."""
    from funds.schedule import add_months

    base = add_months(AS_OF, -PAID_PER_LOAN)
    return [
        add_months(base, -rng.randint(1, 8) if n % 10 == 0 else 0)
        - dt.timedelta(days=rng.randrange(0, 25))
        for n in range(LOANS)
    ]


def _schedules(starts: list[dt.date]) -> list:  # type: ignore[type-arg]
    from funds.schedule import EQUAL_INSTALMENT, loan_schedule

    return [
        loan_schedule(AMOUNT, RATE, start, TERM, 0, EQUAL_INSTALMENT, "monthly") for start in starts
    ]


def _copy(table: str, columns: list[str], rows) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _generate(schedules, starts) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction
    from django.utils import timezone

    from funds import services
    from funds.demo import INSTALMENT_FIELDS, TRANSACTION_FIELDS, generated_enterprises
    from funds.models import Intermediary, Loan, LoanProduct

    fund = services.main_fund()
    product, _ = LoanProduct.objects.get_or_create(
        code="bench",
        defaults={
            "fund": fund,
            "name": "벤치 융자",
            "category": "enterprise",
            "cap": 200_000_000,
            "rate": Decimal("0.03"),
            "term_months": TERM,
            "grace_months": 12,
            "repayment_method": "equal_instalment",
            "frequency": "monthly",
        },
    )
    intermediaries = [
        Intermediary.objects.get_or_create(name=f"벤치 수행기관 {n}", defaults={"fund": fund})[0]
        for n in range(10)
    ]
    enterprise_ids = generated_enterprises(ENTERPRISES, prefix=880, name="벤치기업")
    now = timezone.now().isoformat()
    with transaction.atomic():
        Loan.objects.bulk_create(
            [
                Loan(
                    number=f"BENCH-{n:06d}",
                    enterprise_id=enterprise_ids[n % len(enterprise_ids)],
                    intermediary=intermediaries[n % len(intermediaries)],
                    product=product,
                    requested_amount=AMOUNT,
                    approved_amount=AMOUNT,
                    rate=RATE,
                    term_months=TERM,
                    grace_months=0,
                    repayment_method="equal_instalment",
                    frequency="monthly",
                    status="repaying",
                    applied_on=starts[n],
                    approved_on=starts[n],
                    contracted_on=starts[n],
                    purpose="벤치마크",
                )
                for n in range(LOANS)
            ],
            batch_size=2000,
        )
        ids = dict(Loan.objects.filter(number__startswith="BENCH-").values_list("number", "pk"))
        loan_ids = [ids[f"BENCH-{n:06d}"] for n in range(LOANS)]
        _copy(
            "funds_loandisbursement",
            ["loan_id", "disbursed_on", "amount"],
            ((loan_ids[n], starts[n], AMOUNT) for n in range(LOANS)),
        )
        _copy(
            "funds_scheduleinstalment",
            INSTALMENT_FIELDS,
            (
                (loan_ids[n], r.number, r.due_date, r.principal, r.interest, "f", "f")
                + (
                    (r.principal, r.interest, r.due_date)
                    if r.number <= PAID_PER_LOAN
                    else (0, 0, None)
                )
                for n, rows in enumerate(schedules)
                for r in rows
            ),
        )
        # Each loan paid its first 50 instalments on their due dates (interest, then principal).
        _copy(
            "funds_loantransaction",
            TRANSACTION_FIELDS,
            (
                (
                    loan_ids[n],
                    "repayment",
                    r.due_date,
                    r.total,
                    0,
                    r.interest,
                    r.principal,
                    0,
                    "",
                    "",
                    now,
                )
                for n, rows in enumerate(schedules)
                for r in rows[:PAID_PER_LOAN]
            ),
        )
        services.refresh_overdue(loan_ids)
    with transaction.atomic():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE funds_loantransaction")
            cursor.execute("ANALYZE funds_scheduleinstalment")
            cursor.execute("ANALYZE funds_loandisbursement")


def _posting_throughput(count: int = 200) -> dict[str, float]:
    from django.db import transaction

    from funds import services
    from funds.models import Loan, ScheduleInstalment
    from seoul_se.accounts.models import User

    actor, _ = User.objects.get_or_create(
        email="bench-staff@seoul-se.kr", defaults={"name": "벤치", "role": "centre_staff"}
    )
    loans = list(
        Loan.objects.filter(number__startswith="BENCH-").order_by("pk")[1 : count * 10 : 10]
    )
    due = {
        i.loan_id: i
        for i in ScheduleInstalment.objects.filter(loan__in=loans, number=PAID_PER_LOAN + 1)
    }
    with transaction.atomic():
        with timed() as elapsed:
            for loan in loans:
                instalment = due[loan.pk]
                services.post_transaction(
                    loan,
                    actor=actor,
                    kind="repayment",
                    value_date=instalment.due_date,
                    amount=instalment.total,
                )
        transaction.set_rollback(True)  # leave the bench data as generated
    return {"postings": len(loans), "seconds": elapsed["seconds"]}


def main() -> None:
    from django.db import connection

    from funds import selectors
    from funds.models import Loan, LoanTransaction

    rng = random.Random(20_000)
    starts = _start_dates(rng)
    with timed() as schedule_time:
        schedules = _schedules(starts)
    report(
        "funds.schedule_generation",
        loans=LOANS,
        instalments=sum(len(rows) for rows in schedules),
        seconds=schedule_time["seconds"],
        loans_per_second=round(LOANS / max(schedule_time["seconds"], 0.001)),
    )
    if not Loan.objects.filter(number__startswith="BENCH-").exists():
        with timed() as generation:
            _generate(schedules, starts)
        report("funds.generate", seconds=generation["seconds"])
    transactions = LoanTransaction.objects.count()

    selectors.fund_status(AS_OF)  # warm the caches once, like the SQL below
    with timed() as orm:
        status = selectors.fund_status(AS_OF)
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, {"d": AS_OF})
        with timed() as sql:
            cursor.execute(HAND_SQL, {"d": AS_OF})
            row = cursor.fetchone()
    assert row[4] == status.outstanding, (row[4], status.outstanding)
    assert [int(v or 0) for v in row[6:10]] == [b.outstanding for b in status.aging]
    report(
        "funds.fund_status_as_of",
        loans=Loan.objects.count(),
        transactions=transactions,
        orm_seconds=orm["seconds"],
        hand_sql_seconds=sql["seconds"],
        ratio=round(orm["seconds"] / max(sql["seconds"], 0.001), 2),
        outstanding=status.outstanding,
        par30=str(status.par30),
        delinquent_loans=sum(b.loan_count for b in status.aging),
    )
    throughput = _posting_throughput()
    report(
        "funds.posting_throughput",
        **throughput,
        postings_per_second=round(throughput["postings"] / max(throughput["seconds"], 0.001), 1),
    )
