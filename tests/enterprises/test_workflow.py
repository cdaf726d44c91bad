"""The registry's workflow tables (enterprises.workflow) and the buttons pages offer from them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises import services
from enterprises.models import ChangeRequest, Enterprise, EnterpriseMembership, StatusTransition
from enterprises.workflow import CHANGE_REQUEST_MACHINE, MEMBERSHIP_MACHINE, VERIFICATION_MACHINE
from tests.core.test_workflow import assert_machine_complete
from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "machine", [VERIFICATION_MACHINE, MEMBERSHIP_MACHINE, CHANGE_REQUEST_MACHINE]
)
def test_machines_are_complete(machine):
    assert_machine_complete(machine)


def _names(machine, obj, user):
    return [action.name for action in machine.allowed_actions(obj, user)]


def test_who_may_verify_and_resubmit(member, staff, official, auditor, make_user):
    enterprise = EnterpriseFactory(
        verification=Enterprise.Verification.PENDING, registered_by=member
    )
    assert _names(VERIFICATION_MACHINE, enterprise, staff) == ["approve", "reject"]
    assert _names(VERIFICATION_MACHINE, enterprise, official) == ["approve", "reject"]
    assert _names(VERIFICATION_MACHINE, enterprise, member) == []
    assert _names(VERIFICATION_MACHINE, enterprise, auditor) == []
    enterprise.verification = Enterprise.Verification.REJECTED
    enterprise.save(update_fields=["verification"])
    assert _names(VERIFICATION_MACHINE, enterprise, member) == ["resubmit"]  # the registrant
    assert _names(VERIFICATION_MACHINE, enterprise, staff) == ["resubmit"]
    assert _names(VERIFICATION_MACHINE, enterprise, make_user("enterprise_member")) == []
    with pytest.raises(PermissionDenied):
        services.act_on_enterprise(enterprise, "resubmit", actor=make_user("enterprise_member"))


def test_who_may_decide_memberships_and_changes(member, staff, auditor):
    membership = MembershipFactory(user=member, status=EnterpriseMembership.Status.REQUESTED)
    assert _names(MEMBERSHIP_MACHINE, membership, staff) == ["approve", "reject"]
    assert _names(MEMBERSHIP_MACHINE, membership, member) == []
    membership.status = EnterpriseMembership.Status.APPROVED
    assert _names(MEMBERSHIP_MACHINE, membership, staff) == ["remove"]
    membership.status = EnterpriseMembership.Status.REJECTED
    assert _names(MEMBERSHIP_MACHINE, membership, member) == ["request"]
    assert _names(MEMBERSHIP_MACHINE, membership, staff) == []
    change = ChangeRequest(
        enterprise=membership.enterprise, field="name", new="새 이름", requested_by=member
    )
    assert _names(CHANGE_REQUEST_MACHINE, change, staff) == ["approve", "reject"]
    assert _names(CHANGE_REQUEST_MACHINE, change, member) == []
    assert _names(CHANGE_REQUEST_MACHINE, change, auditor) == []


def test_removing_a_member_needs_a_reason_and_is_recorded(member, staff):
    membership = MembershipFactory(user=member)
    with pytest.raises(ValidationError) as exc:
        services.act_on_membership(membership, "remove", actor=staff)
    assert exc.value.error_dict["comment"][0].code == "comment_required"
    services.act_on_membership(membership, "remove", actor=staff, comment="퇴사")
    membership.refresh_from_db()
    assert membership.status == EnterpriseMembership.Status.REJECTED
    assert membership.reason == "퇴사" and membership.decided_by == staff
    row = StatusTransition.objects.get(subject="membership", object_id=membership.pk)
    assert (row.from_status, row.to_status, row.actor, row.comment) == (
        "approved",
        "rejected",
        staff,
        "퇴사",
    )


def test_queue_and_detail_buttons_come_from_allowed_actions(client, member, staff):
    enterprise = EnterpriseFactory(
        verification=Enterprise.Verification.PENDING, registered_by=member
    )
    EnterpriseMembership.objects.create(user=member, enterprise=enterprise)
    client.force_login(staff)
    queue = client.get("/enterprises/queue/").content.decode()
    assert f'action="/enterprises/{enterprise.pk}/verify/?next=queue"' in queue
    # The enterprise's approval asks for confirmation (its button carries the action as data).
    assert queue.count('data-confirm-name="action" data-confirm-value="approve"') == 1
    assert queue.count('name="action" value="approve"') == 1  # its member
    detail = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert f'action="/enterprises/{enterprise.pk}/verify/"' in detail
    assert 'name="action" value="reject"' in detail
    client.post(f"/enterprises/{enterprise.pk}/verify/", {"action": "approve"})
    detail = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert f'action="/enterprises/{enterprise.pk}/verify/"' not in detail
    assert 'name="action" value="remove"' in detail  # the now approved registrant


def test_a_member_may_not_approve_by_posting(client, member):
    enterprise = EnterpriseFactory(
        verification=Enterprise.Verification.PENDING, registered_by=member
    )
    client.force_login(member)
    response = client.post(f"/enterprises/{enterprise.pk}/verify/", {"action": "approve"})
    assert response.status_code == 403
    enterprise.refresh_from_db()
    assert enterprise.verification == Enterprise.Verification.PENDING
