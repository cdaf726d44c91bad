"""A planted data set: N known cases of each integrity pattern plus legitimate look-alikes.

Built with the ORM directly (the workflow that leads to a signed agreement is tested in
tests/programs); every planted case is remembered as the set of subjects its flag must name.
Look-alikes per rule: a split declared with a reason; two enterprises at a declared shared
workspace (공동작업장); the same card approval number on another day; consecutive (not
overlapping) agreements of one type; overlapping agreements of different types; a reviewer who
declared the conflict; a payee that is a different enterprise with another representative.
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from funds.spending_models import LoanFundUse
from integrity.models import SharedAddress
from programs.models import Agreement, Application, GrantExpenditure, Review, ReviewerAssignment
from tests.factories import EnterpriseFactory, UserFactory
from tests.funds.factories import make_loan
from tests.programs.factories import CallFactory, ProgramFactory

N = 5
_serial = itertools.count(1)


@dataclass
class Planted:
    expected: dict[str, set[frozenset[tuple[str, int]]]] = field(default_factory=dict)

    def plant(self, rule: str, *subjects: tuple[str, int]) -> None:
        self.expected.setdefault(rule, set()).add(frozenset(subjects))


def _agreement(enterprise, program_type="innovation", year=2024, starts=None, ends=None, call=None):
    call = call or CallFactory(program=ProgramFactory(year=year, program_type=program_type))
    application = Application.objects.create(
        call=call,
        enterprise=enterprise,
        title=f"사업 {next(_serial)}",
        requested_amount=50_000_000,
        status=Application.Status.AGREEMENT_SIGNED,
    )
    starts = starts or dt.date(year, 3, 1)
    return Agreement.objects.create(
        application=application,
        program=call.program,
        enterprise=enterprise,
        award_amount=50_000_000,
        national_amount=0,
        city_amount=50_000_000,
        starts_on=starts,
        ends_on=ends or starts + dt.timedelta(days=300),
        signed_on=starts,
    )


def _spend(agreement, day, payee, amount, **kwargs):
    return GrantExpenditure.objects.create(
        agreement=agreement,
        spent_on=day,
        payee=payee,
        amount=amount,
        evidence_kind=kwargs.pop("evidence_kind", "tax_invoice"),
        **kwargs,
    )


def build(staff) -> Planted:
    planted = Planted()
    day = dt.date(2024, 5, 2)
    # 1. evidence reuse: same tax invoice number (two programs), same file (two years), same
    #    card slip, and a grant vs a loan-funded project.
    for i in range(N):
        a = _agreement(EnterpriseFactory(), year=2024)
        b = _agreement(EnterpriseFactory(), program_type="excellent", year=2023 + i % 2)
        if i < 2:
            first = _spend(a, day, "문구사", 900_000, approval_number=f"2024050241000099{i:08d}")
            second = _spend(b, day, "문구사", 900_000, approval_number=f"2024050241000099{i:08d}")
        elif i < 4:
            first = _spend(a, day, "인쇄소", 700_000, evidence_sha256=f"{i:064x}")
            second = _spend(
                b, day + dt.timedelta(days=400), "인쇄소", 700_000, evidence_sha256=f"{i:064x}"
            )
        else:
            first = _spend(a, day, "식당", 85_000, evidence_kind="card", approval_number="30012345")
            second = _spend(
                b, day, "식당", 85_000, evidence_kind="card", approval_number="30012345"
            )
        planted.plant(
            "evidence_reuse", ("grant_expenditure", first.pk), ("grant_expenditure", second.pk)
        )
    loan = make_loan(staff)
    grant = _spend(
        _agreement(EnterpriseFactory()),
        day,
        "장비업체",
        5_000_000,
        approval_number="202405024100009988887777",
    )
    use = LoanFundUse.objects.create(
        loan=loan,
        spent_on=day,
        payee="장비업체",
        amount=5_000_000,
        approval_number="202405024100009988887777",
    )
    planted.plant("evidence_reuse", ("grant_expenditure", grant.pk), ("loan_fund_use", use.pk))
    # look-alike: the same card approval number on another day and amount (another issuer)
    lookalike = _agreement(EnterpriseFactory())
    _spend(lookalike, day, "카페", 12_000, evidence_kind="card", approval_number="55550001")
    _spend(
        lookalike,
        day + dt.timedelta(days=3),
        "카페",
        9_000,
        evidence_kind="card",
        approval_number="55550001",
    )

    # 2. related party: payee is the recipient itself, its account, or shares its representative
    for i in range(N):
        recipient = EnterpriseFactory(representative=f"대표{i}", bank_account=f"1002003000{i}")
        agreement = _agreement(recipient)
        if i < 2:
            row = _spend(
                agreement,
                day,
                recipient.name,
                3_000_000,
                payee_business_number=recipient.business_number,
            )
        elif i < 4:
            row = _spend(
                agreement, day, "개인 계좌", 3_000_000, payee_account=recipient.bank_account
            )
        else:
            sister = EnterpriseFactory(representative=f"대표{i}")
            row = _spend(
                agreement, day, sister.name, 3_000_000, payee_business_number=sister.business_number
            )
        planted.plant("related_party", ("grant_expenditure", row.pk))
    # look-alike: another enterprise with another representative
    stranger = EnterpriseFactory(representative="다른대표")
    _spend(
        _agreement(EnterpriseFactory(representative="본인대표")),
        day,
        stranger.name,
        3_000_000,
        payee_business_number=stranger.business_number,
    )

    # 3. split payments: 3 × 8,000,000 to one payee within a month; look-alike declared split
    for _i in range(N):
        agreement = _agreement(EnterpriseFactory())
        rows = [
            _spend(agreement, day + dt.timedelta(days=d), "공사업체", 8_000_000) for d in (0, 9, 20)
        ]
        planted.plant("split_payments", *(("grant_expenditure", r.pk) for r in rows))
    declared = _agreement(EnterpriseFactory())
    for d in (0, 9, 20):
        _spend(
            declared,
            day + dt.timedelta(days=d),
            "공사업체",
            8_000_000,
            split_declared=True,
            split_reason="승인된 계약의 기성금 분할 지급",
        )
    spread = _agreement(EnterpriseFactory())
    for d in (0, 60, 120):  # further apart than the window
        _spend(spread, day + dt.timedelta(days=d), "공사업체", 8_000_000)

    # 4. overlapping funding of the same program type
    for i in range(N):
        enterprise = EnterpriseFactory()
        first = _agreement(enterprise, program_type="job_creation", year=2022 + i % 2)
        second = _agreement(
            enterprise,
            program_type="job_creation",
            year=2022 + i % 2,
            starts=first.starts_on + dt.timedelta(days=100),
        )
        planted.plant("overlapping_funding", ("agreement", first.pk), ("agreement", second.pk))
    consecutive = EnterpriseFactory()
    _agreement(
        consecutive,
        program_type="village",
        year=2020,
        starts=dt.date(2020, 1, 1),
        ends=dt.date(2020, 12, 31),
    )
    _agreement(
        consecutive,
        program_type="village",
        year=2021,
        starts=dt.date(2021, 1, 1),
        ends=dt.date(2021, 12, 31),
    )
    other_types = EnterpriseFactory()
    _agreement(other_types, program_type="village", year=2021)
    _agreement(other_types, program_type="social_insurance", year=2021)

    # 5. linked applicants: two applicants of one call share a phone / e-mail / account / address
    shared_fields = [
        {"phone": "02-555-0101"},
        {"email": "same@example.kr"},
        {"bank_account": "3333010101"},
        {"address": "서울특별시 중구 세종대로 110"},
        {"phone": "010-9999-0000"},
    ]
    for i, fields in enumerate(shared_fields):
        call = CallFactory(program=ProgramFactory(year=2025, program_type="innovation"))
        applications = [
            Application.objects.create(
                call=call,
                enterprise=EnterpriseFactory(representative=f"갑{i}{k}", **fields),
                title="신청",
                status=Application.Status.SUBMITTED,
            )
            for k in range(2)
        ]
        planted.plant("linked_applicants", *(("application", a.pk) for a in applications))
    hub = "서울특별시 은평구 통일로 684"
    SharedAddress.objects.create(address=hub, description="서울혁신파크 공동작업장")
    hub_call = CallFactory(program=ProgramFactory(year=2025, program_type="innovation"))
    for k in range(2):
        Application.objects.create(
            call=hub_call,
            enterprise=EnterpriseFactory(representative=f"을{k}", address=hub),
            title="신청",
            status=Application.Status.SUBMITTED,
        )

    # 6. reviewer conflicts not declared (same e-mail or phone as an applicant); look-alike declared
    for i in range(N):
        reviewer = UserFactory(role="reviewer", phone=f"010-7000-000{i}")
        call = CallFactory(program=ProgramFactory(year=2025, program_type="excellent"))
        ReviewerAssignment.objects.create(call=call, reviewer=reviewer)
        applicant = EnterpriseFactory(representative=f"병{i}", phone=reviewer.phone)
        application = Application.objects.create(
            call=call, enterprise=applicant, title="신청", status=Application.Status.IN_REVIEW
        )
        planted.plant(
            "reviewer_conflict", ("application", application.pk), ("reviewer", reviewer.pk)
        )
    honest = UserFactory(role="reviewer", phone="010-7100-0000")
    call = CallFactory(program=ProgramFactory(year=2025, program_type="excellent"))
    ReviewerAssignment.objects.create(call=call, reviewer=honest)
    declared_app = Application.objects.create(
        call=call,
        enterprise=EnterpriseFactory(representative="정", phone=honest.phone),
        title="신청",
        status=Application.Status.IN_REVIEW,
    )
    Review.objects.create(
        application=declared_app,
        reviewer=honest,
        has_conflict=True,
        conflict_reason="지인이 운영하는 기업",
        submitted_at=timezone.now(),
    )
    return planted
