"""The home work queue ("할 일"): counts, deadlines, scoping, links and a constant query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs import access as programs_access
from programs import services as programs_services
from programs.models import Application, SupplementRequest
from seoul_se.core.work_queue import collect, counted, dday
from seoul_se.notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory
from tests.funds.factories import make_loan
from tests.programs.factories import CallFactory, RuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    call = CallFactory(closes_at=timezone.now() + dt.timedelta(days=4))
    RuleFactory(program=call.program)
    return call


def _member():
    return MembershipFactory(user__role="enterprise_member").user


def _drafts(call, member, n):
    """``n`` drafts of the member's enterprise: one per call (an enterprise applies once a call);
    the first in ``call``, the others in calls closing later."""
    enterprise = member.memberships.get().enterprise
    calls = [call] + [CallFactory(program=call.program) for _ in range(n - 1)]
    return [
        programs_services.create_application(
            calls[i],
            enterprise,
            actor=member,
            title=f"신청 {i}",
            requested_amount=10_000_000,
            duration_months=12,
        )
        for i in range(n)
    ]


def _item(user, label):
    found = {str(item.label): item for item in collect(user)}
    return found.get(label)


def test_dday_badges():
    today = dt.date(2026, 3, 10)
    assert dday(dt.date(2026, 3, 12), today) == "D-2"
    assert dday(today, today) == "D-day"
    assert dday(dt.date(2026, 3, 9), today) == "기한 경과"
    assert dday(None, today) == ""


def test_counted_needs_distinct_only_where_a_join_repeats_records(call):
    applications = _drafts(call, _member(), 2)
    for application in applications:
        for message in ("보완 1", "보완 2"):
            SupplementRequest.objects.create(
                application=application,
                message=message,
                due_at=timezone.now(),
                requested_by=UserFactory(role="centre_staff"),
            )
    plain = Application.objects.filter(status=Application.Status.DRAFT)
    # A reverse join lists each application twice: counted once each.
    joined = plain.filter(supplements__message__startswith="보완")
    with CaptureQueriesContext(connection) as captured:
        assert counted(plain) == (2, None)
        assert counted(joined) == (2, None)
        # A forward foreign key repeats nothing.
        assert counted(plain.filter(call__status=call.status)) == (2, None)
    plain_sql, joined_sql, forward_sql = (q["sql"] for q in captured.captured_queries)
    assert "DISTINCT" not in plain_sql
    assert "COUNT(DISTINCT" in joined_sql
    assert "DISTINCT" not in forward_sql


def test_member_sees_only_own_drafts_with_the_call_deadline(call):
    member_a, member_b = _member(), _member()
    _drafts(call, member_a, 3)
    _drafts(call, member_b, 2)
    drafts_a = _item(member_a, "제출하지 않은 신청서")
    assert drafts_a.count == 3
    assert drafts_a.deadline == timezone.localdate(call.closes_at)
    assert drafts_a.url == reverse("programs:my_applications")
    # The same scoping the "내 신청" page uses.
    own = programs_access.own_applications(member_a).filter(status=Application.Status.DRAFT)
    assert drafts_a.count == own.count()
    assert _item(member_b, "제출하지 않은 신청서").count == 2


def test_member_sees_open_supplements_with_their_due_date(call):
    member, other = _member(), _member()
    staff = UserFactory(role="centre_staff")
    mine = _drafts(call, member, 2)
    due = timezone.now() + dt.timedelta(days=2)
    for application in mine:
        SupplementRequest.objects.create(
            application=application, message="사업계획서 보완", due_at=due, requested_by=staff
        )
    SupplementRequest.objects.create(
        application=mine[0],
        message="답변함",
        due_at=due - dt.timedelta(days=1),
        requested_by=staff,
        responded_at=timezone.now(),
    )
    item = _item(member, "답변할 보완요청")
    assert (item.count, item.deadline) == (2, timezone.localdate(due))
    assert _item(other, "답변할 보완요청") is None


def test_staff_count_equals_rows_of_the_linked_list(call, client_for):
    member, staff = _member(), UserFactory(role="centre_staff")
    drafts = _drafts(call, member, 5)
    Application.objects.filter(pk__in=[a.pk for a in drafts[:3]]).update(
        status=Application.Status.SUBMITTED
    )
    item = _item(staff, "적격 검토할 신청")
    assert item.count == 3
    page = client_for(staff).get(item.url).context["page"]
    assert page.paginator.count == item.count
    assert {a.status for a in page} == {Application.Status.SUBMITTED}


def test_reviewer_counts_unscored_assigned_applications(call):
    from programs.models import ReviewerAssignment

    reviewer, stranger = UserFactory(role="reviewer"), UserFactory(role="reviewer")
    drafts = _drafts(call, _member(), 2)
    Application.objects.filter(pk__in=[a.pk for a in drafts]).update(
        status=Application.Status.IN_REVIEW
    )
    for application in drafts:
        type(call).objects.filter(pk=application.call_id).update(
            closes_at=timezone.now() - dt.timedelta(days=1)
        )
        ReviewerAssignment.objects.create(call_id=application.call_id, reviewer=reviewer)
    assert _item(reviewer, "심사하지 않은 배정 신청서").count == 2
    assert _item(stranger, "심사하지 않은 배정 신청서") is None


def test_member_next_repayment_is_the_earliest_unsettled_instalment():
    official = UserFactory(role="official")
    member = _member()
    loan = make_loan(official, enterprise=member.memberships.get().enterprise)
    make_loan(official)  # another enterprise's loan
    first = loan.instalments.order_by("due_date").first()
    item = _item(member, "다음 상환")
    assert item.deadline == first.due_date
    assert item.detail == f"{first.principal + first.interest:,}원"


def test_nothing_to_do_says_so(client_for):
    response = client_for(_member()).get(reverse("core:home"))
    assert response.context["work_items"] == []
    assert "처리할 일이 없습니다." in response.content.decode()


def test_inbox_badge_counts_unread_notices(client_for):
    member = _member()
    for i in range(3):
        Notification.objects.create(recipient=member, subject=f"알림 {i}")
    Notification.objects.create(recipient=member, subject="읽음", read_at=timezone.now())
    Notification.objects.create(recipient=_member(), subject="남의 알림")
    html = client_for(member).get(reverse("core:home")).content.decode()
    assert 'data-testid="unread-badge">3<' in html
    assert _item(member, "읽지 않은 알림").count == 3


def _home_queries(client, user):
    client.get(reverse("core:home"))  # steady state: the per-minute caches (KPI staleness) are warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("role", ["enterprise_member", "centre_staff", "official"])
def test_home_query_count_does_not_grow_with_the_records(call, client_for, role):
    member = _member()
    user = member if role == "enterprise_member" else UserFactory(role=role)
    client = client_for(user)
    _drafts(call, member, 1)
    Application.objects.update(status=Application.Status.SUBMITTED)
    if role == "enterprise_member":
        Application.objects.update(status=Application.Status.DRAFT)
    Notification.objects.create(recipient=user, subject="알림")
    one, response = _home_queries(client, user)
    assert response.context["work_items"]
    _drafts(CallFactory(program=call.program), member, 19)
    if role != "enterprise_member":
        Application.objects.update(status=Application.Status.SUBMITTED)
    for i in range(19):
        Notification.objects.create(recipient=user, subject=f"알림 {i}")
    twenty, response = _home_queries(client, user)
    counts = {str(item["label"]): item["count"] for item in response.context["work_items"]}
    assert counts["읽지 않은 알림"] == 20
    assert twenty == one
