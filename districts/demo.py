"""Demo data: the 2019 standing of the districts in the 통합지원사업 (seed 000: 생태계사업단 강서,
종로, 서초, 중구, 강남; 통합지원센터 16 districts), a centre account for 성북구
(``district@seoul-se.kr``), and the 2020 통합지원사업 (2,982백만원) with a call whose district
applications went through selection and one payment — all through the services.

Idempotent: standings by (district, stage), the user by e-mail; the call and its applications
are made only when the call does not exist yet.
"""

import datetime as dt
from typing import TextIO

from django.utils import timezone

from districts import services
from districts.models import DistrictCentre, DistrictParticipation, DistrictStage
from programs import services as program_services
from programs.models import Call, Program, ProgramRule, ProgramType
from seoul_se.accounts.models import Role, User
from seoul_se.core.demo import DEMO_PASSWORD
from seoul_se.reference.models import District

STANDING_2019 = {
    "ecosystem-team": ["강서구", "종로구", "서초구", "중구", "강남구"],
    "integrated-centre": [
        "성북구", "금천구", "은평구", "관악구", "도봉구", "구로구", "성동구", "강북구",
        "노원구", "강동구", "마포구", "동대문구", "광진구", "양천구", "영등포구", "용산구",
    ],
}  # fmt: skip
CALL_TITLE = "2020년 자치구 사회적경제 통합지원사업 공모"
# (district, stage, requested = awarded 원): within the stage year's cap.
APPLICATIONS = [
    ("강서구", "ecosystem-team", 200_000_000),
    ("성북구", "integrated-centre", 150_000_000),
    ("송파구", "ecosystem-team", 100_000_000),
]


def load(out: TextIO) -> None:
    stages = {s.code: s for s in DistrictStage.objects.all()}
    for code, names in STANDING_2019.items():
        for name in names:
            DistrictParticipation.objects.get_or_create(
                district=District.objects.get(name=name),
                stage=stages[code],
                defaults={"since_year": 2019, "years_used": 1},
            )
    centre_user, created = User.objects.get_or_create(
        email="district@seoul-se.kr",
        defaults={"name": "성북구 센터 담당자", "role": Role.ENTERPRISE_MEMBER},
    )
    if created:
        centre_user.set_password(DEMO_PASSWORD)
        centre_user.save()
    DistrictCentre.objects.get(district__name="성북구").staff.add(centre_user)
    staff = User.objects.filter(email="staff@seoul-se.kr").first()
    official = User.objects.filter(email="official@seoul-se.kr").first()
    if staff and official and not Call.objects.filter(title=CALL_TITLE).exists():
        _call_through_payment(staff, official, stages)
    out.write(f"  자치구 지원센터 {DistrictCentre.objects.count()}곳, 통합지원사업 공모 1건\n")


def _call_through_payment(staff: User, official: User, stages: dict) -> None:  # type: ignore[type-arg]
    program, _ = Program.objects.get_or_create(
        year=2020,
        program_type=ProgramType.DISTRICT_ECOSYSTEM,
        defaults={
            "name": "자치구 사회적경제 통합지원사업",
            "budget_amount": 2_982_000_000,
            "city_amount": 2_982_000_000,
            "max_years": 1,
        },
    )
    ProgramRule.objects.get_or_create(
        program=program,
        code="district",
        defaults={"name": "자치구 단계 지원", "max_duration_months": 12},
    )
    # Open while the districts apply (services check the clock), closed afterwards.
    call = Call.objects.create(
        program=program,
        title=CALL_TITLE,
        opens_at=dt.datetime(2020, 4, 1, tzinfo=dt.UTC),
        closes_at=timezone.now() + dt.timedelta(hours=1),
        status=Call.Status.PUBLISHED,
        applicant_kind=Call.ApplicantKind.DISTRICT,
        budget_envelope=program.budget_amount,
    )
    proposals = []
    for name, code, amount in APPLICATIONS:
        application = services.apply_for_stage(
            call,
            District.objects.get(name=name),
            stages[code],
            actor=staff,
            title=f"{name} 사회적경제 생태계 조성",
            requested_amount=amount,
            duration_months=9,
        )
        program_services.submit_application(application, actor=staff)
        # The 2020 district call was reviewed before its receipt closed (acknowledged).
        for action in ("screen", "review"):
            program_services.act_on_application(application, action, actor=staff, acknowledged=True)
        proposals.append((application.pk, "selected", amount))
    program_services.propose_selection(call, proposals, actor=staff)
    program_services.confirm_selection(call, actor=official)
    Call.objects.filter(pk=call.pk).update(
        status=Call.Status.CLOSED, closes_at=dt.datetime(2020, 4, 30, 9, tzinfo=dt.UTC)
    )
    seongbuk = call.applications.get(district__name="성북구")
    agreement = program_services.sign_agreement(
        seongbuk,
        actor=staff,
        starts_on=dt.date(2020, 5, 1),
        ends_on=dt.date(2020, 12, 31),
        signed_on=dt.date(2020, 4, 28),
    )
    program_services.record_disbursement(
        agreement, actor=staff, amount=75_000_000, paid_on=dt.date(2020, 5, 15), note="1차 교부"
    )
