from seoul_se.notifications.models import Notification
from seoul_se.notifications.services import notify


def test_notify_creates_inbox_entry_and_mails_after_commit(
    member, official, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([member], "신청서가 접수되었습니다", "접수번호 2020-혁신-0001", "/programs/")
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [member.email]


def test_each_user_sees_only_their_own(client_for, api_for, member, official):
    notify([official], "공무원 알림", email=False)
    notify([member], "기업 알림", email=False)
    page = client_for(member).get("/inbox/")
    assert [n.subject for n in page.context["page"]] == ["기업 알림"]
    other = Notification.objects.get(recipient=official)
    assert api_for(member).get(f"/api/v1/notifications/{other.pk}").status_code == 404
    assert client_for(member).post(f"/inbox/{other.pk}/open").status_code == 404
    assert [
        n["subject"] for n in api_for(member).get("/api/v1/notifications").json()["results"]
    ] == ["기업 알림"]
