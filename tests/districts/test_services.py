"""A district's application through the programs machinery: stage path, caps, duplicates,
shares and who may see what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from districts import selectors, services
from districts.models import DistrictParticipation, StageApplication
from programs import access
from programs import services as program_services
from programs.models import Application
from tests.districts.factories import centre_user, district, district_call, stage
from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def apply(call, user, name="성북구", code="ecosystem-team", amount=150_000_000, **kw):
    return services.apply_for_stage(
        call,
        district(name),
        stage(code),
        actor=user,
        title=f"{name} 생태계 조성",
        requested_amount=amount,
        duration_months=12,
        **kw,
    )


def selected(call, user, staff, official, **kw):
    application = apply(call, user, **kw)
    program_services.submit_application(application, actor=user)
    for action in ("screen", "review"):
        program_services.act_on_application(application, action, actor=staff, acknowledged=True)
    program_services.propose_selection(
        call, [(application.pk, "selected", application.requested_amount)], actor=staff
    )
    program_services.confirm_selection(call, actor=official)
    application.refresh_from_db()
    return application


def test_centre_staff_apply_for_their_district_only():
    call = district_call()
    user = centre_user("성북구")
    application = apply(call, user)
    assert application.district.name == "성북구"
    assert application.enterprise is None
    assert StageApplication.objects.get(application=application).year_index == 1
    with pytest.raises(PermissionDenied):
        apply(call, user, name="마포구")
    assert Application.objects.filter(district__name="마포구").count() == 0


def test_district_a_cannot_see_district_b():
    call = district_call()
    seongbuk, mapo = centre_user("성북구"), centre_user("마포구")
    mine = apply(call, seongbuk)
    theirs = apply(call, mapo, name="마포구")
    assert list(access.visible_applications(seongbuk)) == [mine]
    assert list(access.own_applications(mapo)) == [theirs]
    assert not access.is_applicant(seongbuk, theirs)
    with pytest.raises(PermissionDenied):
        program_services.submit_application(theirs, actor=seongbuk)
    # an ordinary enterprise member sees neither
    member = MembershipFactory(enterprise=EnterpriseFactory(), user__role="enterprise_member").user
    assert not access.visible_applications(member).filter(district__isnull=False).exists()


def test_applying_twice_to_the_same_stage_is_refused_and_nothing_saved():
    call = district_call()
    user = centre_user("성북구")
    apply(call, user)
    second_call = district_call(title="하반기 공모")
    with pytest.raises(ValidationError) as exc:
        apply(second_call, user)
    assert exc.value.code == "duplicate_stage_year"
    assert Application.objects.filter(call=second_call).count() == 0
    with pytest.raises(ValidationError) as exc:
        apply(call, user)
    assert exc.value.code == "duplicate_application"


def test_request_above_the_stage_year_cap_is_refused():
    call = district_call()
    with pytest.raises(ValidationError) as exc:
        apply(call, centre_user("성북구"), amount=200_000_001)
    assert exc.value.code == "over_stage_cap"
    assert not Application.objects.exists()


def test_stage_path_is_followed():
    call = district_call()
    user = centre_user("성북구")
    with pytest.raises(ValidationError) as exc:
        apply(call, user, code="integrated-centre")
    assert exc.value.code == "previous_stage_required"
    DistrictParticipation.objects.create(
        district=district("성북구"), stage=stage("ecosystem-team"), since_year=2017, years_used=3
    )
    with pytest.raises(ValidationError) as exc:
        apply(call, user)
    assert exc.value.code == "stage_years_used"
    application = apply(call, user, code="integrated-centre", amount=150_000_000)
    assert application.district_stage.year_index == 1
    with pytest.raises(ValidationError) as exc:
        apply(call, user, code="zone-main")
    assert exc.value.code == "stage_not_in_call"


def test_zone_main_year_two_cap():
    call = district_call("district_zone", title="특구 공모")
    user = centre_user("동작구")
    DistrictParticipation.objects.create(
        district=district("동작구"), stage=stage("zone-main"), since_year=2019, years_used=1
    )
    with pytest.raises(ValidationError) as exc:
        apply(call, user, name="동작구", code="zone-main", amount=200_000_001)
    assert exc.value.code == "over_stage_cap"
    application = apply(call, user, name="동작구", code="zone-main", amount=200_000_000)
    assert application.district_stage.year_index == 2


def test_selection_counts_a_year_and_payment_above_the_cap_is_refused(staff, official):
    call = district_call()
    user = centre_user("성북구")
    application = selected(call, user, staff, official)
    assert selectors.years_used(application.district_id, stage("ecosystem-team")) == 1
    agreement = program_services.sign_agreement(
        application,
        actor=staff,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 12, 31),
        signed_on=dt.date(2020, 3, 30),
    )
    assert agreement.district.name == "성북구"
    assert (agreement.national_amount, agreement.district_amount, agreement.city_amount) == (
        0,
        45_000_000,
        105_000_000,
    )
    payment = program_services.record_disbursement(
        agreement, actor=staff, amount=100_000_000, paid_on=dt.date(2020, 4, 10)
    )
    assert (payment.district_amount, payment.city_amount) == (30_000_000, 70_000_000)
    application.refresh_from_db()
    assert application.status == "in_progress"
    # raise the award beyond the cap behind the services' back: the cap still holds
    type(agreement).objects.filter(pk=agreement.pk).update(award_amount=300_000_000)
    with pytest.raises(ValidationError) as exc:
        program_services.record_disbursement(
            agreement, actor=staff, amount=100_000_001, paid_on=dt.date(2020, 5, 10)
        )
    assert exc.value.code == "over_stage_cap"
    assert agreement.disbursements.count() == 1


def test_interim_additional_funds_above_the_cap_are_refused(staff, official):
    call = district_call()
    application = selected(call, centre_user("성북구"), staff, official, amount=190_000_000)
    agreement = program_services.sign_agreement(
        application,
        actor=staff,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 12, 31),
        signed_on=dt.date(2020, 3, 30),
    )
    program_services.record_disbursement(
        agreement, actor=staff, amount=10_000_000, paid_on=dt.date(2020, 4, 10)
    )
    program_services.act_on_application(application, "interim", actor=staff)
    with pytest.raises(ValidationError) as exc:
        program_services.decide_interim(
            application, actor=staff, continue_support=True, additional_amount=10_000_001
        )
    assert exc.value.code == "over_stage_cap"
    agreement.refresh_from_db()
    assert agreement.award_amount == 190_000_000


def test_enterprise_cannot_apply_to_a_district_call_nor_district_to_enterprise_call():
    call = district_call()
    enterprise = EnterpriseFactory()
    member = MembershipFactory(enterprise=enterprise, user__role="enterprise_member").user
    with pytest.raises(ValidationError) as exc:
        program_services.create_application(
            call, enterprise, actor=member, title="x", requested_amount=1, duration_months=1
        )
    assert exc.value.code == "wrong_applicant_kind"


def test_database_refuses_an_application_without_or_with_two_applicants():
    from django.db import IntegrityError, transaction

    call = district_call()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(call=call, title="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            call=call, title="x", district=district("성북구"), enterprise=EnterpriseFactory()
        )


def test_centres_are_seeded():
    names = {c.district.name: c for c in selectors.centres()}
    assert len(names) == 24
    assert names["관악구"].phone == "02-6713-7500"
    assert names["중구"].name == "중구사회적경제지역생태계조성사업단"
