"""Rules that used to live in views: the agreement's proposed end date and instalment plan, the
ranking form's proposals, the 같이살림 workshop shortfall, and page scoping (``access``)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programs import access, rules, selectors, services
from programs.models import ApartmentComplex, ComplexYear, Workshop
from seoul_se.reference.models import District
from tests.factories import EnterpriseFactory, MembershipFactory


def test_default_end_counts_calendar_months():
    assert rules.default_end(dt.date(2026, 1, 15), 12) == dt.date(2027, 1, 15)
    # 30-day months would give 2024-03-01 and 2026-03-31 + 360 days.
    assert rules.default_end(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert rules.default_end(dt.date(2026, 3, 31), 12) == dt.date(2027, 3, 31)


def test_equal_instalments_every_three_months_remainder_last():
    plan = rules.equal_instalments(70_000_000, 3, dt.date(2026, 11, 20))
    assert plan == [
        (dt.date(2026, 11, 1), 23_333_333),
        (dt.date(2027, 2, 1), 23_333_333),
        (dt.date(2027, 5, 1), 23_333_334),
    ]
    assert sum(amount for _, amount in plan) == 70_000_000
    assert rules.equal_instalments(5, 1, dt.date(2026, 1, 9)) == [(dt.date(2026, 1, 1), 5)]


def test_selection_proposals_parse_the_ranking_form():
    ranked = [
        SimpleNamespace(pk=1, status="in_review", title="가"),
        SimpleNamespace(pk=2, status="reserve", title="나"),
        SimpleNamespace(pk=3, status="selected", title="다"),  # decided: not proposed again
    ]
    data = {"status_1": "selected", "amount_1": "1,234,000", "status_2": "rejected"}
    assert rules.selection_proposals(data, ranked) == [
        (1, "selected", 1_234_000),
        (2, "rejected", None),
    ]
    with pytest.raises(ValidationError, match="가 선정 금액") as refused:
        rules.selection_proposals({"status_1": "selected", "amount_1": "1e3"}, ranked)
    assert refused.value.code


@pytest.mark.django_db
def test_shortfall_uses_the_expected_workshops_of_the_year(staff):
    year = timezone.localdate().year
    complex = ApartmentComplex.objects.create(
        name="단지", district=District.objects.get(name="동대문구"), joined_year=2018
    )
    other = ApartmentComplex.objects.create(
        name="다른 단지", district=District.objects.get(name="동대문구"), joined_year=2018
    )
    ComplexYear.objects.create(complex=complex, year=year, stage=2, expected_workshops=6)
    ComplexYear.objects.create(complex=complex, year=year - 1, stage=1, expected_workshops=2)
    for target in (complex, other):
        Workshop.objects.create(
            complex=target, held_on=timezone.localdate(), facilitator="퍼실", attendance=10
        )
    rows = {c.name: c for c in selectors.complexes_with_workshops(year)}
    assert (rows["단지"].workshops_expected, rows["단지"].shortfall) == (6, 5)
    # No record of the year: the field's default (4).
    assert (rows["다른 단지"].workshops_expected, rows["다른 단지"].shortfall) == (4, 3)


@pytest.mark.django_db
def test_access_scopes_what_pages_offer(submitted, applicant, enterprise, staff, member):
    request = services.request_supplement(
        submitted, "서류", timezone.now() + dt.timedelta(days=3), actor=staff
    )
    partner_firm = EnterpriseFactory()
    partner_user = MembershipFactory(enterprise=partner_firm, user__role="enterprise_member").user
    assert list(access.own_enterprises(applicant)) == [enterprise]
    assert list(access.answerable_supplements(applicant)) == [request]
    assert not access.answerable_supplements(member).exists()
    assert access.partner_enterprise_ids(staff) == []
    assert access.partner_enterprise_ids(partner_user) == [partner_firm.pk]
    assert not access.confirmable_partners(applicant).exists()


@pytest.mark.django_db
def test_setup_records_are_saved_by_services(call, staff, official):
    from django.core.exceptions import PermissionDenied

    question = services.add_question(
        call, {"text": "고용 인원", "kind": "number", "required": True}, actor=staff
    )
    assert question.call == call and question.pk
    with pytest.raises(PermissionDenied):
        services.save_program(call.program, {"name": "바꿈"}, actor=staff)  # officials only
    with pytest.raises(ValidationError):
        services.add_criterion(call, {"name": ""}, actor=staff)
