from decimal import Decimal

import pytest
from django.utils import timezone

from programs import services

pytestmark = pytest.mark.django_db
BASE = "/api/v1/programs"


def test_applications_own_only_for_enterprises(api_for, draft, applicant, member, staff):
    assert [a["id"] for a in api_for(applicant).get(f"{BASE}/applications").json()["results"]] == [
        draft.pk
    ]
    assert api_for(member).get(f"{BASE}/applications").json()["results"] == []
    assert api_for(member).get(f"{BASE}/applications/{draft.pk}").status_code == 404
    assert api_for(staff).get(f"{BASE}/applications/{draft.pk}").status_code == 200
    assert api_for(None).get(f"{BASE}/applications").status_code in (401, 403)


def test_create_and_submit_via_api(api_for, call, enterprise, applicant, staff):
    api = api_for(applicant)
    response = api.post(
        f"{BASE}/applications",
        {
            "call": call.pk,
            "enterprise": enterprise.pk,
            "title": "API 신청",
            "requested_amount": 500_000_000,
            "duration_months": 12,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "한도" in response.json()["error"]["message"]
    response = api.post(
        f"{BASE}/applications",
        {
            "call": call.pk,
            "enterprise": enterprise.pk,
            "title": "API 신청",
            "requested_amount": 50_000_000,
            "duration_months": 12,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    submitted = api.post(f"{BASE}/applications/{pk}/submit")
    assert submitted.json()["receipt_number"] == "2020-혁신-0001"
    assert api_for(staff).post(f"{BASE}/applications", {}, format="json").status_code == 403


def test_reviews_own_only_and_scoring(api_for, in_review, criteria, staff, make_user):
    reviewer, other = make_user("reviewer"), make_user("reviewer")
    services.assign_reviewer(in_review.call, reviewer, actor=staff)
    services.declare_conflict(in_review, actor=reviewer, has_conflict=False)
    c1, c2 = criteria
    url = f"{BASE}/reviews/score/{in_review.pk}"
    bad = api_for(reviewer).post(url, {"scores": {str(c1.pk): 12, str(c2.pk): 1}}, format="json")
    assert bad.status_code == 400 and "사이여야" in bad.json()["error"]["message"]
    ok = api_for(reviewer).post(url, {"scores": {str(c1.pk): 10, str(c2.pk): 5}}, format="json")
    assert Decimal(ok.json()["total"]) == Decimal("8.00")
    assert len(api_for(reviewer).get(f"{BASE}/reviews").json()["results"]) == 1
    assert api_for(other).get(f"{BASE}/reviews").json()["results"] == []
    assert api_for(other).post(url, {"scores": {}}, format="json").status_code == 404
    assert api_for(staff).post(url, {"scores": {}}, format="json").status_code == 403


def test_disbursements_api(api_for, agreement, staff, applicant, member, auditor):
    today = timezone.localdate().isoformat()
    over = api_for(staff).post(
        f"{BASE}/disbursements",
        {"agreement": agreement.pk, "amount": 70_000_001, "paid_on": today},
        format="json",
    )
    assert over.status_code == 400 and "남은 협약 금액" in over.json()["error"]["message"]
    ok = api_for(staff).post(
        f"{BASE}/disbursements",
        {"agreement": agreement.pk, "amount": 10_000_000, "paid_on": today},
        format="json",
    )
    assert ok.status_code == 201
    assert (
        api_for(applicant)
        .post(
            f"{BASE}/disbursements",
            {"agreement": agreement.pk, "amount": 1, "paid_on": today},
            format="json",
        )
        .status_code
        == 403
    )
    assert api_for(auditor).post(f"{BASE}/disbursements", {}, format="json").status_code == 403
    assert len(api_for(applicant).get(f"{BASE}/disbursements").json()["results"]) == 1
    assert api_for(member).get(f"{BASE}/disbursements").json()["results"] == []
    agreements = api_for(applicant).get(f"{BASE}/agreements").json()["results"]
    assert agreements[0]["remaining"] == 60_000_000


def test_results_api(api_for, agreement, applicant, member):
    payload = {
        "application": agreement.application_id,
        "kind": "jobs_created",
        "quantity": "3",
        "period_start": "2020-01-01",
        "period_end": "2020-12-31",
    }
    assert api_for(applicant).post(f"{BASE}/results", payload, format="json").status_code == 201
    assert api_for(member).post(f"{BASE}/results", payload, format="json").status_code == 404
    assert len(api_for(applicant).get(f"{BASE}/results").json()["results"]) == 1


def test_calls_api_hides_drafts(api_for, call, member, staff):
    call.status = "draft"
    call.save()
    assert api_for(member).get(f"{BASE}/calls").json()["results"] == []
    assert len(api_for(staff).get(f"{BASE}/calls").json()["results"]) == 1


def test_member_cannot_apply_for_another_enterprise(api_for, call, member):
    from tests.factories import EnterpriseFactory

    other = EnterpriseFactory()
    response = api_for(member).post(
        f"{BASE}/applications",
        {
            "call": call.pk,
            "enterprise": other.pk,
            "title": "남의 기업",
            "requested_amount": 1,
            "duration_months": 1,
        },
        format="json",
    )
    assert response.status_code == 403
    assert not other.applications.exists()


def test_creating_an_application_never_reveals_another_enterprises(
    api_for, call, enterprise, draft, make_user
):
    """``draft`` is ``enterprise``'s application; a member of another enterprise gets the same
    answer whether that enterprise applied or not (and never a uniqueness message)."""
    from tests.factories import EnterpriseFactory, MembershipFactory

    outsider = MembershipFactory(user__role="enterprise_member").user
    body = {"call": call.pk, "title": "엿보기", "requested_amount": 1, "duration_months": 12}
    applied = api_for(outsider).post(
        f"{BASE}/applications", {**body, "enterprise": enterprise.pk}, format="json"
    )
    not_applied = api_for(outsider).post(
        f"{BASE}/applications", {**body, "enterprise": EnterpriseFactory().pk}, format="json"
    )
    assert applied.status_code == not_applied.status_code == 403
    assert applied.json() == not_applied.json()
    assert "unique" not in str(applied.json()) and "이미" not in str(applied.json())


def test_application_lists_the_actions_the_user_may_take(api_for, submitted, applicant, staff):
    url = f"{BASE}/applications/{submitted.pk}"
    staff_actions = {a["name"] for a in api_for(staff).get(url).json()["actions"]}
    assert {"screen", "ineligible", "withdraw"} <= staff_actions
    assert "select" not in staff_actions  # officials confirm the ranking
    applicant_actions = api_for(applicant).get(url).json()["actions"]
    assert applicant_actions == [{"name": "withdraw", "label": "신청 철회"}]


def test_act_endpoint_takes_a_manual_move_and_refuses_with_codes(
    api_for, submitted, applicant, staff
):
    url = f"{BASE}/applications/{submitted.pk}/act"
    denied = api_for(applicant).post(url, {"action": "screen"}, format="json")
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "role_not_allowed"
    missing_reason = api_for(staff).post(url, {"action": "ineligible"}, format="json")
    assert missing_reason.status_code == 400
    assert missing_reason.json()["error"]["codes"]["comment"] == ["comment_required"]
    own_procedure = api_for(staff).post(url, {"action": "withdraw"}, format="json")
    assert own_procedure.status_code == 400
    assert own_procedure.json()["error"]["code"] == "own_procedure"
    moved = api_for(staff).post(url, {"action": "screen", "comment": "서류 확인"}, format="json")
    assert moved.status_code == 200, moved.json()
    assert moved.json()["status"] == "screening"
    assert {a["name"] for a in moved.json()["actions"]} >= {"review", "ineligible"}
    submitted.refresh_from_db()
    assert submitted.status == "screening"
    assert submitted.transitions.last().comment == "서류 확인"


def test_review_scores_in_exponent_notation_are_refused(
    api_for, in_review, criteria, staff, make_user
):
    reviewer = make_user("reviewer")
    services.assign_reviewer(in_review.call, reviewer, actor=staff)
    services.declare_conflict(in_review, actor=reviewer, has_conflict=False)
    c1, c2 = criteria
    url = f"{BASE}/reviews/score/{in_review.pk}"
    response = api_for(reviewer).post(
        url, {"scores": {str(c1.pk): "1e1", str(c2.pk): "5"}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["codes"]
    assert not in_review.reviews.filter(reviewer=reviewer, submitted_at__isnull=False).exists()
