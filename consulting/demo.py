"""Demo cases reproducing the seeds: 2018 일상상담 208건 and 컨설팅지원 96건 (performance
report); 2019 컨설팅·사후지원 100건 and 일상경영지원 회계 51건 (2020 plan). Idempotent: a year
whose first demo number exists is skipped."""

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from consulting.models import Case, CaseTransition, Expert, Field, Session
from enterprises.selectors import verified_enterprises
from seoul_se.accounts.models import User

EXPERTS = [
    ("김회계", Field.ACCOUNTING, "한빛회계법인"),
    ("이세무", Field.TAX, "서울세무회계"),
    ("박노무", Field.LABOUR, "노무법인 새길"),
    ("최법률", Field.LEGAL, "법무법인 공감"),
    ("정마케팅", Field.MARKETING, "소셜마케팅랩"),
    ("한전략", Field.STRATEGY, "임팩트경영연구소"),
]
# (year, kind, count, field or None for a rotation, follow-ups among them)
BATCHES = [
    (2018, Case.Kind.DAILY, 208, None, 0),
    (2018, Case.Kind.CONSULTING, 96, None, 0),
    (2019, Case.Kind.CONSULTING, 100, None, 20),
    (2019, Case.Kind.DAILY, 51, Field.ACCOUNTING, 0),
]
FIELDS = list(Field.values)
CHANNELS = [Case.Channel.PHONE, Case.Channel.WALK_IN, Case.Channel.ONLINE, Case.Channel.VISIT]


def _spread(year: int, n: int, count: int) -> dt.date:
    """The n-th of ``count`` dates spread evenly over the working year (Jan 2 – Dec 20)."""
    start = dt.date(year, 1, 2)
    return start + dt.timedelta(days=(n * 352) // max(count, 1))


@transaction.atomic
def load(out: TextIO) -> None:
    experts = [
        Expert.objects.get_or_create(name=name, defaults={"field": field, "organisation": org})[0]
        for name, field, org in EXPERTS
    ]
    staff = User.objects.filter(email="staff@seoul-se.kr").first()
    enterprises = verified_enterprises(60)
    if staff is None or not enterprises:
        out.write("consulting: no demo staff or enterprises, skipped\n")
        return
    created = 0
    numbers: dict[int, int] = {}
    for year, kind, count, field, follow_ups in BATCHES:
        sequence = numbers.get(year, 0)
        numbers[year] = sequence + count
        if Case.objects.filter(number=f"C{year}-{sequence + 1:05d}").exists():
            continue
        cases = []
        for n in range(count):
            opened = _spread(year, n, count)
            cases.append(
                Case(
                    number=f"C{year}-{sequence + n + 1:05d}",
                    enterprise=enterprises[(sequence + n) % len(enterprises)],
                    kind=kind,
                    field=field or FIELDS[n % len(FIELDS)],
                    channel=CHANNELS[n % len(CHANNELS)]
                    if kind == Case.Kind.DAILY
                    else Case.Channel.ONLINE,
                    description=f"{year}년 {Case.Kind(kind).label} 데모 {n + 1}",
                    requested_on=opened,
                    status=Case.Status.CLOSED,
                    assignee=staff,
                    expert=experts[n % len(experts)] if kind == Case.Kind.CONSULTING else None,
                    outcome="상담 완료",
                    closed_on=opened + dt.timedelta(days=7 if kind == Case.Kind.CONSULTING else 0),
                    satisfaction=4 + (n % 2),
                    created_by=staff,
                )
            )
        cases = Case.objects.bulk_create(cases)
        # 사후지원: the last ``follow_ups`` cases follow up earlier ones of the same batch.
        for index in range(follow_ups):
            case, origin = cases[count - follow_ups + index], cases[index]
            case.follow_up_of, case.enterprise, case.field = origin, origin.enterprise, origin.field
        Case.objects.bulk_update(
            cases[count - follow_ups :], ["follow_up_of", "enterprise", "field"]
        )
        Session.objects.bulk_create(
            Session(
                case=case,
                held_on=case.requested_on,
                hours=Decimal("2.0") if kind == Case.Kind.CONSULTING else Decimal("0.5"),
                notes="데모 상담",
                recorded_by=staff,
            )
            for case in cases
        )
        CaseTransition.objects.bulk_create(
            CaseTransition(
                case=case, from_status="", to_status=Case.Status.CLOSED, actor=staff, comment="데모"
            )
            for case in cases
        )
        created += count
    out.write(f"consulting: {created} demo cases\n")
