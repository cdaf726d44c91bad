import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises import services
from enterprises.models import (
    ChangeRequest,
    Enterprise,
    EnterpriseMembership,
    StatusTransition,
    YearlyFigures,
)
from seoul_se.notifications.models import Notification
from seoul_se.reference.models import District, LegalType
from tests.enterprises.factories import YearlyFiguresFactory
from tests.factories import EnterpriseFactory, MembershipFactory, valid_business_number

pytestmark = pytest.mark.django_db


def enterprise_data(**overrides):
    data = {
        "name": "새싹돌봄 사회적협동조합",
        "legal_type": LegalType.objects.get(code="social_cooperative"),
        "business_number": "220-81-62517",
        "corporate_number": "",
        "representative": "김대표",
        "district": District.objects.get(name="마포구"),
        "address": "서울 마포구",
    }
    data.update(overrides)
    return data


# --- registration -------------------------------------------------------------------------


def test_member_registration_is_pending_with_a_requested_membership(member, staff):
    enterprise = services.create_enterprise(actor=member, data=enterprise_data())
    assert enterprise.business_number == "2208162517"
    assert enterprise.verification == Enterprise.Verification.PENDING
    assert enterprise.registered_by == member
    membership = EnterpriseMembership.objects.get(user=member, enterprise=enterprise)
    assert membership.status == EnterpriseMembership.Status.REQUESTED
    assert Notification.objects.filter(recipient=staff).exists()


def test_staff_creation_is_verified_without_membership(staff):
    enterprise = services.create_enterprise(actor=staff, data=enterprise_data())
    assert enterprise.verification == Enterprise.Verification.VERIFIED
    assert not enterprise.memberships.exists()


def test_duplicate_business_number_is_refused_and_nothing_saved(member, staff):
    services.create_enterprise(actor=staff, data=enterprise_data())
    with pytest.raises(ValidationError) as exc:
        services.create_enterprise(actor=member, data=enterprise_data(name="다른 이름"))
    assert "이미 등록된 사업자등록번호" in str(exc.value)
    assert Enterprise.objects.count() == 1
    assert not EnterpriseMembership.objects.exists()


def test_invalid_check_digit_is_refused(staff):
    with pytest.raises(ValidationError) as exc:
        services.create_enterprise(actor=staff, data=enterprise_data(business_number="2208162518"))
    assert "검증번호" in str(exc.value)
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "auditor", "intermediary_staff"])
def test_other_roles_cannot_register(make_user, role):
    with pytest.raises(PermissionDenied):
        services.create_enterprise(actor=make_user(role), data=enterprise_data())


def test_verification_admits_the_registrant_and_is_recorded(member, staff):
    enterprise = services.create_enterprise(actor=member, data=enterprise_data())
    services.act_on_enterprise(enterprise, "approve", actor=staff)
    enterprise.refresh_from_db()
    assert enterprise.verification == Enterprise.Verification.VERIFIED
    assert enterprise.memberships.get().status == EnterpriseMembership.Status.APPROVED
    moves = set(
        StatusTransition.objects.filter(enterprise=enterprise).values_list(
            "subject", "from_status", "to_status"
        )
    )
    assert ("verification", "pending", "verified") in moves
    assert ("membership", "requested", "approved") in moves


def test_verification_twice_is_an_illegal_transition(member, staff):
    enterprise = services.create_enterprise(actor=member, data=enterprise_data())
    services.act_on_enterprise(enterprise, "approve", actor=staff)
    with pytest.raises(ValidationError) as exc:
        services.act_on_enterprise(enterprise, "approve", actor=staff)
    assert "변경할 수 없습니다" in str(exc.value)


def test_rejection_needs_a_reason_and_can_be_resubmitted(member, staff):
    enterprise = services.create_enterprise(actor=member, data=enterprise_data())
    with pytest.raises(ValidationError):
        services.act_on_enterprise(enterprise, "reject", actor=staff, comment=" ")
    services.act_on_enterprise(enterprise, "reject", actor=staff, comment="사업자등록증 확인 불가")
    enterprise.refresh_from_db()
    assert enterprise.verification == Enterprise.Verification.REJECTED
    services.act_on_enterprise(enterprise, "resubmit", actor=member)
    enterprise.refresh_from_db()
    assert enterprise.verification == Enterprise.Verification.PENDING
    assert enterprise.memberships.get().status == EnterpriseMembership.Status.REQUESTED


def test_only_staff_verify(member):
    enterprise = EnterpriseFactory(verification=Enterprise.Verification.PENDING)
    with pytest.raises(PermissionDenied):
        services.act_on_enterprise(enterprise, "approve", actor=member)


# --- joining ------------------------------------------------------------------------------


def test_join_by_business_number_is_idempotent(member):
    enterprise = EnterpriseFactory()
    first = services.request_membership(
        actor=member, business_number=enterprise.business_number_display
    )
    second = services.request_membership(actor=member, business_number=enterprise.business_number)
    assert first.pk == second.pk
    assert first.status == EnterpriseMembership.Status.REQUESTED


def test_join_unknown_number_says_register_instead(member):
    with pytest.raises(ValidationError) as exc:
        services.request_membership(actor=member, business_number=valid_business_number(9999))
    assert "새 기업으로 등록" in str(exc.value)


def test_membership_decision(member, staff):
    membership = services.request_membership(
        actor=member, business_number=EnterpriseFactory().business_number
    )
    services.act_on_membership(membership, "reject", actor=staff, comment="확인 불가")
    membership.refresh_from_db()
    assert membership.status == EnterpriseMembership.Status.REJECTED
    assert membership.decided_by == staff
    # asking again re-opens it
    again = services.request_membership(
        actor=member, business_number=membership.enterprise.business_number
    )
    assert again.status == EnterpriseMembership.Status.REQUESTED


# --- profile and change requests ----------------------------------------------------------


def test_member_identity_edit_becomes_a_change_request(member):
    enterprise = MembershipFactory(user=member).enterprise
    old_name = enterprise.name
    opened = services.update_profile(
        actor=member,
        enterprise=enterprise,
        data={"name": "새 이름", "representative": "이대표", "address": "서울 성동구"},
    )
    enterprise.refresh_from_db()
    assert enterprise.name == old_name  # identity unchanged until approved
    assert enterprise.representative == "이대표"  # ordinary profile field saved
    assert [(r.field, r.old, r.new) for r in opened] == [("name", old_name, "새 이름")]


def test_second_edit_of_same_field_updates_the_open_request(member):
    enterprise = MembershipFactory(user=member).enterprise
    services.update_profile(actor=member, enterprise=enterprise, data={"name": "A"})
    services.update_profile(actor=member, enterprise=enterprise, data={"name": "B"})
    assert list(enterprise.change_requests.values_list("new", flat=True)) == ["B"]


def test_approval_applies_the_change(member, staff):
    enterprise = MembershipFactory(user=member).enterprise
    request = services.request_change(
        actor=member, enterprise=enterprise, field="legal_type", new="village"
    )
    services.act_on_change_request(request, "approve", actor=staff)
    enterprise.refresh_from_db()
    request.refresh_from_db()
    assert enterprise.legal_type.code == "village"
    assert request.status == ChangeRequest.Status.APPROVED and request.decided_by == staff
    assert StatusTransition.objects.filter(
        subject="change_request", object_id=request.pk, to_status="approved"
    ).exists()


def test_rejection_keeps_the_value_and_records_the_reason(member, staff):
    enterprise = MembershipFactory(user=member).enterprise
    request = services.request_change(actor=member, enterprise=enterprise, field="name", new="X")
    with pytest.raises(ValidationError):
        services.act_on_change_request(request, "reject", actor=staff)
    services.act_on_change_request(request, "reject", actor=staff, comment="등기부와 다름")
    request.refresh_from_db()
    assert request.status == "rejected" and request.reason == "등기부와 다름"
    with pytest.raises(ValidationError):  # decided requests are final
        services.act_on_change_request(request, "approve", actor=staff)


def test_approval_rechecks_a_number_taken_meanwhile(member, staff):
    enterprise = MembershipFactory(user=member).enterprise
    request = services.request_change(
        actor=member, enterprise=enterprise, field="business_number", new="220-81-62517"
    )
    EnterpriseFactory(business_number="2208162517")
    with pytest.raises(ValidationError):
        services.act_on_change_request(request, "approve", actor=staff)
    request.refresh_from_db()
    assert request.status == "requested"  # the whole decision rolled back


def test_change_request_on_non_identity_field_refused(member):
    enterprise = MembershipFactory(user=member).enterprise
    with pytest.raises(ValidationError):
        services.request_change(actor=member, enterprise=enterprise, field="address", new="x")


def test_member_of_a_cannot_edit_b(member):
    MembershipFactory(user=member)
    other = EnterpriseFactory()
    with pytest.raises(PermissionDenied):
        services.update_profile(actor=member, enterprise=other, data={"address": "x"})
    with pytest.raises(PermissionDenied):
        services.request_change(actor=member, enterprise=other, field="name", new="x")


def test_staff_change_identity_directly(staff):
    enterprise = EnterpriseFactory()
    opened = services.update_profile(
        actor=staff, enterprise=enterprise, data={"business_number": "2208162517"}
    )
    enterprise.refresh_from_db()
    assert opened == [] and enterprise.business_number == "2208162517"


# --- yearly figures -----------------------------------------------------------------------


def test_member_enters_figures_and_staff_confirm(member, staff):
    enterprise = MembershipFactory(user=member).enterprise
    figures = services.save_yearly_figures(
        actor=member,
        enterprise=enterprise,
        year=2019,
        data={"revenue": 500_000_000, "employees": 12, "vulnerable_employees": 5},
    )
    services.confirm_yearly_figures(actor=staff, figures=figures)
    figures.refresh_from_db()
    assert figures.confirmed_by == staff
    with pytest.raises(ValidationError):
        services.save_yearly_figures(
            actor=member, enterprise=enterprise, year=2019, data={"revenue": 1}
        )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"employees": 3, "vulnerable_employees": 4}, "취약계층"),
        ({"revenue": 10, "public_procurement_sales": 11}, "공공구매"),
    ],
)
def test_figures_consistency(member, data, message):
    enterprise = MembershipFactory(user=member).enterprise
    with pytest.raises(ValidationError) as exc:
        services.save_yearly_figures(actor=member, enterprise=enterprise, year=2020, data=data)
    assert message in str(exc.value)
    assert not YearlyFigures.objects.exists()


def test_confirm_is_idempotent(staff):
    figures = YearlyFiguresFactory()
    first = services.confirm_yearly_figures(actor=staff, figures=figures)
    second = services.confirm_yearly_figures(actor=staff, figures=figures)
    assert first.confirmed_at == second.confirmed_at


def test_certification_document_must_be_a_real_document(staff, settings, tmp_path):
    import datetime as dt

    from django.core.files.base import ContentFile

    from enterprises.models import Certification

    settings.MEDIA_ROOT = tmp_path
    enterprise = EnterpriseFactory()
    data = {"kind": "certified_se", "valid_from": dt.date(2020, 1, 1)}
    with pytest.raises(ValidationError) as exc:
        services.add_certification(
            actor=staff,
            enterprise=enterprise,
            data={**data, "document": ContentFile(b"MZ\x90\x00", name="인증서.pdf")},
        )
    assert "허용되지 않는" in exc.value.message_dict["document"][0]
    assert not Certification.objects.filter(enterprise=enterprise).exists()
    saved = services.add_certification(
        actor=staff,
        enterprise=enterprise,
        data={**data, "document": ContentFile(b"%PDF-1.4 certificate", name="인증서.pdf")},
    )
    assert saved.document.name.endswith(".pdf")
