"""Who sees what: every role against pages and objects, with the denials."""

import pytest
from django.urls import reverse

from programs import access, services
from programs.models import Attachment
from tests.factories import MembershipFactory
from tests.programs.conftest import pdf

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["programs:application_list", "programs:dashboard", "programs:complex_list"]


@pytest.mark.parametrize("url_name", STAFF_PAGES)
def test_staff_pages_deny_members_and_reviewers(
    url_name, client_for, member, reviewer, official, auditor
):
    url = reverse(url_name)
    assert client_for(member).get(url).status_code == 403
    assert client_for(reviewer).get(url).status_code == 403
    assert client_for(official).get(url).status_code == 200
    assert client_for(auditor).get(url).status_code == 200


def test_anonymous_goes_to_login(client, draft):
    for url in (
        reverse("programs:call_list"),
        reverse("programs:application_detail", args=[draft.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_member_sees_only_own_applications(client_for, draft, member, applicant, staff, auditor):
    url = reverse("programs:application_detail", args=[draft.pk])
    assert client_for(member).get(url).status_code == 404
    assert client_for(applicant).get(url).status_code == 200
    assert client_for(staff).get(url).status_code == 200
    assert client_for(auditor).get(url).status_code == 200
    assert list(access.visible_applications(member)) == []


def test_member_pages_deny_staff(client_for, staff, call):
    assert client_for(staff).get(reverse("programs:my_applications")).status_code == 403
    assert (
        client_for(staff).get(reverse("programs:application_create", args=[call.pk])).status_code
        == 403
    )


def test_reviewer_sees_assigned_calls_only_after_close(submitted, staff, make_user, client_for):
    reviewer = make_user("reviewer")
    url = reverse("programs:application_detail", args=[submitted.pk])
    assert client_for(reviewer).get(url).status_code == 404
    services.assign_reviewer(submitted.call, reviewer, actor=staff)
    assert client_for(reviewer).get(url).status_code == 404  # call still open
    from tests.programs.conftest import close_call

    close_call(submitted.call)
    assert client_for(reviewer).get(url).status_code == 200
    other = make_user("reviewer")
    assert client_for(other).get(url).status_code == 404


def test_attachment_download_is_access_checked(
    draft, applicant, member, staff, client_for, make_user
):
    attachment = services.add_attachment(draft, pdf(), "계획서", actor=applicant)
    url = reverse("programs:attachment_download", args=[attachment.pk])
    assert client_for(member).get(url).status_code == 404
    assert client_for(make_user("reviewer")).get(url).status_code == 404
    response = client_for(applicant).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(staff).get(url).status_code == 200
    assert not Attachment.objects.get().file.url.startswith("/media/")


def test_auditor_cannot_write(client_for, auditor, submitted, call):
    client = client_for(auditor)
    assert (
        client.post(
            reverse("programs:application_transition", args=[submitted.pk]),
            {"to_status": "screening"},
        ).status_code
        == 403
    )
    assert client.post(reverse("programs:confirm_selection", args=[call.pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_only_officials_confirm_selection(client_for, staff, member, in_review):
    url = reverse("programs:confirm_selection", args=[in_review.call_id])
    assert client_for(staff).post(url).status_code == 403
    assert client_for(member).post(url).status_code == 403


def test_member_cannot_transition_or_disburse(client_for, applicant, submitted):
    client = client_for(applicant)
    assert (
        client.post(
            reverse("programs:application_transition", args=[submitted.pk]),
            {"to_status": "screening"},
        ).status_code
        == 403
    )
    assert client.post(reverse("programs:disbursement_create", args=[1])).status_code == 403


def test_agreements_scoped_by_enterprise(agreement, applicant, member, client_for, reviewer):
    url = reverse("programs:agreement_detail", args=[agreement.pk])
    assert client_for(applicant).get(url).status_code == 200
    assert client_for(member).get(url).status_code == 404
    assert client_for(reviewer).get(url).status_code == 403


def test_consortium_partner_sees_the_application(draft, applicant):
    partner = MembershipFactory()
    services.add_partner(draft, partner.enterprise.business_number, actor=applicant)
    assert draft in access.visible_applications(partner.user)
    assert not access.can_edit_application(partner.user, draft)


def test_draft_calls_hidden_from_members(member, client_for, call):
    call.status = "draft"
    call.save()
    assert (
        client_for(member).get(reverse("programs:call_detail", args=[call.pk])).status_code == 404
    )


# role → (pages that answer 200, API lists that answer 200); everything else in the sets → 403
ROLE_MATRIX = {
    "official": (
        {
            "call_list",
            "application_list",
            "dashboard",
            "agreement_list",
            "complex_list",
            "program_list",
        },
        {"calls", "applications", "reviews", "agreements", "disbursements", "results"},
    ),
    "centre_staff": (
        {
            "call_list",
            "application_list",
            "dashboard",
            "agreement_list",
            "complex_list",
            "program_list",
        },
        {"calls", "applications", "reviews", "agreements", "disbursements", "results"},
    ),
    "administrator": (
        {
            "call_list",
            "application_list",
            "dashboard",
            "agreement_list",
            "complex_list",
            "program_list",
        },
        {"calls", "applications", "reviews", "agreements", "disbursements", "results"},
    ),
    "auditor": (
        {
            "call_list",
            "application_list",
            "dashboard",
            "agreement_list",
            "complex_list",
            "program_list",
        },
        {"calls", "applications", "reviews", "agreements", "disbursements", "results"},
    ),
    "enterprise_member": (
        {"call_list", "my_applications", "agreement_list"},
        {"calls", "applications", "agreements", "disbursements", "results"},
    ),
    "reviewer": ({"call_list", "review_list"}, {"calls", "applications", "reviews"}),
    "intermediary_staff": ({"call_list"}, {"calls", "applications"}),
}
PAGES = [
    "call_list",
    "my_applications",
    "application_list",
    "dashboard",
    "review_list",
    "agreement_list",
    "complex_list",
    "program_list",
]
LISTS = ["calls", "applications", "reviews", "agreements", "disbursements", "results"]


@pytest.mark.parametrize("role", sorted(ROLE_MATRIX))
def test_every_role_against_every_list(role, make_user, client_for, api_for):
    user = make_user(role)
    pages, lists = ROLE_MATRIX[role]
    client = client_for(user)
    for name in PAGES:
        expected = 200 if name in pages else 403
        assert client.get(reverse(f"programs:{name}")).status_code == expected, name
    api = api_for(user)
    for name in LISTS:
        expected = 200 if name in lists else 403
        assert api.get(f"/api/v1/programs/{name}").status_code == expected, name
