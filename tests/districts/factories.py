"""A district call (통합지원사업 or 특구) with its open track, and a district centre's user."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from districts.models import DistrictCentre, DistrictStage
from programs.models import Call, Program, ProgramRule
from seoul_se.reference.models import District
from tests.factories import UserFactory


def district_call(program_type: str = "district_ecosystem", **fields) -> Call:
    program, _ = Program.objects.get_or_create(
        year=2020,
        program_type=program_type,
        defaults={
            "name": "자치구 사회적경제 통합지원사업",
            "budget_amount": 2_982_000_000,
            "district_share": Decimal("0.3"),
            "max_years": 1,
        },
    )
    ProgramRule.objects.get_or_create(
        program=program,
        code="district",
        defaults={"name": "자치구 단계 지원", "max_duration_months": 12},
    )
    values = {
        "program": program,
        "title": "2020 자치구 통합지원사업 공모",
        "opens_at": timezone.now() - dt.timedelta(days=5),
        "closes_at": timezone.now() + dt.timedelta(days=5),
        "status": Call.Status.PUBLISHED,
        "applicant_kind": Call.ApplicantKind.DISTRICT,
        "budget_envelope": 1_000_000_000,
    }
    values.update(fields)
    return Call.objects.create(**values)


def district(name: str) -> District:
    return District.objects.get(name=name)


def centre_user(name: str, **fields):
    user = UserFactory(role="enterprise_member", **fields)
    DistrictCentre.objects.get(district__name=name).staff.add(user)
    return user


def stage(code: str) -> DistrictStage:
    return DistrictStage.objects.get(code=code)
