"""The reviewer's side: the application beside the score sheet, attachments only of assigned
calls, the assignment notice, the review deadline's D-day, and the warning before staff send
applications to review early."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.models import Application, ApplicationTransition, Call
from programs.work import items
from seoul_se.audit.models import AccessLog
from seoul_se.notifications.models import Notification
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.programs.conftest import PDF, close_call, pdf
from tests.programs.factories import CallFactory, RuleFactory

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def reviewed(call, draft, applicant, staff, reviewer, criteria):
    """An application with an attachment, in review on a closed call with the reviewer assigned."""
    services.add_attachment(draft, pdf("사업계획서.pdf"), "사업계획서", actor=applicant)
    services.submit_application(draft.pk, actor=applicant)
    services.assign_reviewer(call, reviewer, actor=staff)
    close_call(call)
    services.act_on_application(draft, "screen", actor=staff)
    services.act_on_application(draft, "review", actor=staff)
    draft.refresh_from_db()
    return draft


def other_call_application(staff, make_user):
    """An application of another call, assigned to another reviewer."""
    call = CallFactory()
    RuleFactory(program=call.program)
    firm = EnterpriseFactory()
    user = MembershipFactory(enterprise=firm, user__role="enterprise_member").user
    application = services.create_application(
        call, firm, actor=user, title="다른 공모", requested_amount=1_000_000, duration_months=6
    )
    services.add_attachment(application, pdf("남의 계획서.pdf"), "계획서", actor=user)
    services.submit_application(application.pk, actor=user)
    services.assign_reviewer(call, make_user("reviewer"), actor=staff)
    close_call(call)
    return application


def test_reviewer_page_shows_the_whole_application_and_logs_the_read(
    client_for, reviewed, reviewer
):
    response = client_for(reviewer).get(reverse("programs:review_form", args=[reviewed.pk]))
    html = response.text
    for section in ("기본 정보", "사업 계획", "예산", "컨소시엄 참여기업", "첨부 서류", "심사표"):
        assert section in html
    assert "80,000,000원" in html and reviewed.enterprise.name in html
    attachment = reviewed.attachments.get()
    assert reverse("programs:attachment_download", args=[attachment.pk]) in html
    assert "1. 이해충돌 신고" in html
    log = AccessLog.objects.get(action=AccessLog.Action.VIEW)
    assert (log.actor, log.target, log.record_ids) == (
        reviewer,
        "programs.application",
        [reviewed.pk],
    )


def test_reviewer_downloads_only_attachments_of_assigned_calls(
    client_for, reviewed, reviewer, staff, make_user
):
    own = reviewed.attachments.get()
    foreign = other_call_application(staff, make_user).attachments.get()
    client = client_for(reviewer)
    download = client.get(reverse("programs:attachment_download", args=[own.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # Another reviewer's application: neither its page nor its attachment.
    assert client.get(reverse("programs:attachment_download", args=[foreign.pk])).status_code == 404
    assert (
        client.get(reverse("programs:review_form", args=[foreign.application_id])).status_code
        == 404
    )
    # A reviewer assigned to nothing sees nothing.
    stranger = client_for(make_user("reviewer"))
    assert stranger.get(reverse("programs:attachment_download", args=[own.pk])).status_code == 404
    assert stranger.get(reverse("programs:review_form", args=[reviewed.pk])).status_code == 404


def test_assignment_notifies_once_per_batch(
    call, staff, make_user, django_capture_on_commit_callbacks
):
    Call.objects.filter(pk=call.pk).update(review_deadline=dt.date(2026, 12, 24))
    call.refresh_from_db()
    first, second = make_user("reviewer"), make_user("reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_reviewers(call, [first, second], actor=staff)
    notices = Notification.objects.filter(subject=f"심사 배정: {call.title}")
    assert sorted(n.recipient_id for n in notices) == sorted([first.pk, second.pk])
    assert "심사 마감일은 2026-12-24입니다." in notices[0].body
    assert notices[0].url == reverse("programs:review_list")
    assert len(mail.outbox) == 2
    # Assigning the same reviewers again (alone or with a new one) notifies only the new one.
    third = make_user("reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_reviewers(call, [first, third], actor=staff)
        services.assign_reviewer(call, second, actor=staff)
    assert notices.all().count() == 3 and notices.filter(recipient=third).count() == 1
    assert len(mail.outbox) == 3
    with pytest.raises(ValidationError) as refused:
        services.assign_reviewers(call, [first, staff], actor=staff)
    assert refused.value.code == "not_reviewer"


def test_review_deadline_gives_the_work_item_its_d_day(reviewed, reviewer, client_for):
    deadline = timezone.localdate() + dt.timedelta(days=3)
    Call.objects.filter(pk=reviewed.call_id).update(review_deadline=deadline)
    [item] = items(reviewer)
    assert (item.count, item.deadline) == (1, deadline)
    page = client_for(reviewer).get(reverse("programs:review_list")).text
    assert deadline.strftime("%Y-%m-%d") in page and "D-3" in page


def test_sending_to_review_early_needs_acknowledgment(submitted, staff):
    services.act_on_application(submitted, "screen", actor=staff)
    with pytest.raises(ValidationError) as refused:
        services.act_on_application(submitted, "review", actor=staff, comment="1차")
    assert refused.value.code == "review_not_acknowledged"
    message = refused.value.messages[0]
    assert "접수가 아직 마감되지 않았습니다" in message and "심사 기준이 없습니다" in message
    submitted.refresh_from_db()
    assert submitted.status == S.SCREENING
    services.act_on_application(submitted, "review", actor=staff, comment="1차", acknowledged=True)
    submitted.refresh_from_db()
    assert submitted.status == S.IN_REVIEW
    record = ApplicationTransition.objects.get(application=submitted, to_status=S.IN_REVIEW)
    assert record.comment.startswith("1차\n[경고 확인 후 심사로 보냄] ")
    assert "심사 기준이 없습니다" in record.comment


def test_no_warning_when_closed_with_criteria(submitted, staff, criteria):
    services.act_on_application(submitted, "screen", actor=staff)
    close_call(submitted.call)
    services.act_on_application(submitted, "review", actor=staff)
    record = ApplicationTransition.objects.get(application=submitted, to_status=S.IN_REVIEW)
    assert record.comment == ""


def test_warning_page_asks_a_second_confirmation(client_for, submitted, staff, criteria):
    services.act_on_application(submitted, "screen", actor=staff)
    client = client_for(staff)
    url = reverse("programs:send_to_review", args=[submitted.call_id])
    page = client.get(url).text
    assert "접수가 아직 마감되지 않았습니다" in page and "그래도 심사로 보냅니다" in page
    assert "심사 기준이 없습니다" not in page
    refused = client.post(url, {"applications": [submitted.pk]})
    assert "심사로 보내기 전에 확인이 필요합니다" in refused.text
    submitted.refresh_from_db()
    assert submitted.status == S.SCREENING
    sent = client.post(url, {"applications": [submitted.pk], "acknowledged": "on"})
    assert sent.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.IN_REVIEW
    assert "[경고 확인 후 심사로 보냄]" in submitted.transitions.last().comment


def test_warning_page_is_staff_only_and_the_api_takes_the_acknowledgment(
    client_for, api_for, submitted, staff, reviewer
):
    services.act_on_application(submitted, "screen", actor=staff)
    url = reverse("programs:send_to_review", args=[submitted.call_id])
    assert client_for(reviewer).get(url).status_code == 403
    api = api_for(staff)
    act = f"/api/v1/programs/applications/{submitted.pk}/act"
    refused = api.post(act, {"action": "review"}, format="json")
    assert (refused.status_code, refused.json()["error"]["code"]) == (
        400,
        "review_not_acknowledged",
    )
    moved = api.post(act, {"action": "review", "acknowledged": True}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == S.IN_REVIEW
