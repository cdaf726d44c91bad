"""The work queue's items of reports, consulting, education, audit, KPIs and the programs and
funds additions: counted from factories' records, scoped, equal to the linked page, and the
home page's queries constant per role."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consulting.models import Case
from education.models import Attendance
from funds import selectors as funds_selectors
from funds import services as funds_services
from kpis import measures
from kpis.models import Source
from programs.models import Application, Result, SupplementRequest
from reports.models import Finding, GeneratedReport
from seoul_se.audit.models import AccessReview
from seoul_se.core.work_queue import collect
from tests.consulting.factories import CaseFactory
from tests.education.factories import CourseFactory, CourseSessionFactory, EnrolmentFactory
from tests.factories import EnterpriseFactory, MembershipFactory, UserFactory
from tests.funds.factories import make_loan
from tests.kpis.factories import IndicatorFactory
from tests.programs.factories import CallFactory
from tests.reports.factories import make_budget

pytestmark = pytest.mark.django_db


def _item(user, label):
    return {str(item.label): item for item in collect(user)}.get(label)


def _count(user, label):
    item = _item(user, label)
    return item.count if item else 0


def _member():
    return MembershipFactory(user__role="enterprise_member").user


def _application(status):
    return Application.objects.create(
        call=CallFactory(),
        enterprise=EnterpriseFactory(),
        title="신청",
        requested_amount=10_000_000,
        duration_months=12,
        status=status,
    )


def _workbook(**kwargs):
    return GeneratedReport.objects.create(
        kind="settlement", params_hash="x", file="r.xlsx", filename="r.xlsx", checksum="0", **kwargs
    )


def test_official_confirms_only_reviewed_settlements():
    official = UserFactory(role="official")
    make_budget(2023)
    for year in (2024, 2025):
        type(make_budget(year)).objects.filter(fiscal_year=year).update(status="reviewed")
    item = _item(official, "확정할 결산")
    assert item.count == 2
    assert item.url == reverse("reports:index")
    assert _count(UserFactory(role="centre_staff"), "확정할 결산") == 0


def test_auditor_new_workbooks_and_own_open_findings():
    auditor, other = UserFactory(role="auditor"), UserFactory(role="auditor")
    _workbook()
    old = _workbook()
    GeneratedReport.objects.filter(pk=old.pk).update(
        generated_at=timezone.now() - dt.timedelta(days=15)
    )
    open_budget, closed = make_budget(2024), make_budget(2023)
    type(closed).objects.filter(pk=closed.pk).update(status="confirmed")
    Finding.objects.create(budget=open_budget, reason="증빙 없음", auditor=auditor)
    Finding.objects.create(budget=closed, reason="확정됨", auditor=auditor)
    Finding.objects.create(budget=open_budget, reason="남의 지적", auditor=other)
    assert _count(auditor, "새로 생성된 보고서") == 1
    assert _count(auditor, "결산 확정 전인 감사 지적사항") == 1


def test_consulting_counts_equal_the_linked_list(client_for):
    staff, colleague = UserFactory(role="centre_staff"), UserFactory(role="centre_staff")
    CaseFactory.create_batch(2, status=Case.Status.ASSIGNED, assignee=staff)
    CaseFactory(status=Case.Status.CLOSED, assignee=staff)
    CaseFactory(status=Case.Status.ASSIGNED, assignee=colleague)
    CaseFactory.create_batch(3, status=Case.Status.REQUESTED)
    client = client_for(staff)
    for label, expected in (("담당 중인 상담", 2), ("배정되지 않은 상담 신청", 3)):
        item = _item(staff, label)
        assert item.count == expected
        assert client.get(item.url).context["page"].paginator.count == expected


def test_member_open_cases_are_only_their_enterprises(client_for):
    member = _member()
    enterprise = member.memberships.get().enterprise
    CaseFactory(enterprise=enterprise, status=Case.Status.IN_PROGRESS)
    CaseFactory(enterprise=enterprise, status=Case.Status.CLOSED)
    CaseFactory(status=Case.Status.IN_PROGRESS)
    item = _item(member, "진행 중인 상담")
    assert item.count == 1
    assert client_for(member).get(item.url).context["page"].paginator.count == 1


def test_member_upcoming_sessions_of_own_enrolments():
    member, other = _member(), _member()
    soon = CourseSessionFactory(date=timezone.localdate() + dt.timedelta(days=3))
    CourseSessionFactory(course=soon.course, date=timezone.localdate() + dt.timedelta(days=5))
    CourseSessionFactory(course=soon.course, date=timezone.localdate() - dt.timedelta(days=1))
    EnrolmentFactory(course=soon.course, user=member)
    EnrolmentFactory(course=CourseSessionFactory().course, user=other)
    EnrolmentFactory(course=CourseSessionFactory().course, user=member, status="cancelled")
    item = _item(member, "참석할 교육 회차")
    assert (item.count, item.deadline) == (2, soon.date)


def test_staff_sessions_held_without_attendance():
    staff = UserFactory(role="centre_staff")
    course = CourseFactory()
    past = timezone.localdate() - dt.timedelta(days=2)
    missing = CourseSessionFactory(course=course, date=past)
    recorded = CourseSessionFactory(course=course, date=past)
    CourseSessionFactory(course=course, date=timezone.localdate() + dt.timedelta(days=2))
    Attendance.objects.create(
        enrolment=EnrolmentFactory(course=course), session=recorded, present=True, recorded_by=staff
    )
    item = _item(staff, "출석을 기록하지 않은 교육 회차")
    assert (item.count, item.deadline) == (1, missing.date)
    assert _item(UserFactory(role="official"), "출석을 기록하지 않은 교육 회차") is None


def test_official_is_asked_for_last_months_access_review_until_recorded(client_for):
    official = UserFactory(role="official")
    item = _item(official, "지난달 개인정보 접속기록 점검")
    assert item.count == 1
    assert client_for(official).get(item.url).status_code == 200
    assert _item(UserFactory(role="centre_staff"), "지난달 개인정보 접속기록 점검") is None
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    AccessReview.objects.create(month=last_month, reviewed_by=official, note="이상 없음")
    assert _item(official, "지난달 개인정보 접속기록 점검") is None


def test_official_sees_stale_indicators_of_the_year():
    year = timezone.localdate().year
    key = next(iter(measures.REGISTRY))
    # A computed indicator never computed is stale; a manual one without a value is not.
    IndicatorFactory.create_batch(2, year=year, source=Source.COMPUTED, measure_key=key)
    IndicatorFactory(year=year)
    assert _count(UserFactory(role="official"), "재계산이 필요한 성과지표") == 2
    assert _item(UserFactory(role="centre_staff"), "재계산이 필요한 성과지표") is None


def test_official_sees_calls_closing_this_week():
    official = UserFactory(role="official")
    closes = timezone.now() + dt.timedelta(days=3)
    CallFactory(closes_at=closes)
    CallFactory(closes_at=timezone.now() + dt.timedelta(days=10))
    CallFactory(closes_at=timezone.now() + dt.timedelta(days=2), status="draft")
    item = _item(official, "이번 주 마감되는 공모")
    assert (item.count, item.deadline) == (1, timezone.localdate(closes))


def test_staff_answered_supplements_and_results_to_confirm():
    staff = UserFactory(role="centre_staff")
    answered, still_open = (_application("screening") for _ in range(2))
    now = timezone.now()
    for application in (answered, still_open):
        SupplementRequest.objects.create(
            application=application,
            message="보완",
            due_at=now,
            requested_by=staff,
            responded_at=now,
        )
    SupplementRequest.objects.create(
        application=still_open, message="추가 보완", due_at=now, requested_by=staff
    )
    assert _count(staff, "보완 답변이 온 신청") == 1
    for confirmed in (None, now):
        Result.objects.create(
            program=answered.call.program,
            application=answered,
            kind="jobs_created",
            quantity=1,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 6, 30),
            confirmed_at=confirmed,
        )
    assert _count(staff, "확인할 실적") == 1


def test_staff_loans_missing_inspection_equal_the_monitoring_list(client_for):
    official, staff = UserFactory(role="official"), UserFactory(role="centre_staff")
    loans = [make_loan(official) for _ in range(3)]
    loans[0].inspections.create(
        year=timezone.localdate().year, inspected_on=timezone.localdate(), inspector="점검자"
    )
    item = _item(staff, "올해 현장점검을 하지 않은 융자")
    assert item.count == 2
    assert len(client_for(staff).get(item.url).context["missing"]) == 2


def test_past_due_count_is_the_delinquency_rule_in_one_query():
    official = UserFactory(role="official")
    make_loan(official)  # instalments from 2024 left unpaid: far past due
    make_loan(official, disburse_on=timezone.localdate())
    late = funds_selectors.delinquent_loans(timezone.localdate())
    expected = len([row for row in late if row["days_past_due"] > 90])
    assert expected == 1
    with CaptureQueriesContext(connection) as captured:
        item = _item(official, "90일 넘게 연체된 융자")
    assert item.count == expected
    # Counted by the database (one COUNT over the loans), not by fetching the late loans' rows.
    loan_queries = [
        q["sql"] for q in captured.captured_queries if "funds_loandisbursement" in q["sql"]
    ]
    assert len(loan_queries) == 1
    assert "COUNT(" in loan_queries[0]


def test_past_due_counts_instalments_settled_only_after_today_as_unsettled():
    official = UserFactory(role="official")
    loan = make_loan(official)  # instalments from 2024 left unpaid: far past due
    today = timezone.localdate()

    def expected():
        return len([r for r in funds_selectors.delinquent_loans(today) if r["days_past_due"] > 90])

    # Settled, but only after today (a ledger entry dated in the future): still unsettled today.
    # Written directly, so the stored overdue date is refreshed as every ledger writer does.
    loan.instalments.update(settled_on=today + dt.timedelta(days=5))
    funds_services.refresh_overdue([loan.pk])
    assert _count(official, "90일 넘게 연체된 융자") == expected() == 1
    loan.instalments.update(settled_on=today)
    funds_services.refresh_overdue([loan.pk])
    assert _count(official, "90일 넘게 연체된 융자") == expected() == 0


def test_loans_missing_inspection_count_each_loan_once(client_for):
    official, staff = UserFactory(role="official"), UserFactory(role="centre_staff")
    loan = make_loan(official)
    # A second payment of the same loan must not count the loan twice.
    loan.disbursements.create(disbursed_on=loan.disbursements.get().disbursed_on, amount=1)
    make_loan(official)
    item = _item(staff, "올해 현장점검을 하지 않은 융자")
    assert item.count == 2
    assert len(client_for(staff).get(item.url).context["missing"]) == 2


def _home_queries(client):
    client.get(reverse("core:home"))  # steady state: the per-minute caches are warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return len(captured), response.context["work_items"]


def _auditor_records(auditor, n):
    budget = make_budget(2000 + n)
    for _ in range(n):
        _workbook()
        Finding.objects.create(budget=budget, reason="지적", auditor=auditor)


def _official_records(official, n):
    for i in range(n):
        type(make_budget(2100 + i)).objects.filter(fiscal_year=2100 + i).update(status="reviewed")
        CallFactory(closes_at=timezone.now() + dt.timedelta(days=2))
        _application(Application.Status.IN_REVIEW)


@pytest.mark.parametrize(
    ("role", "make"), [("auditor", _auditor_records), ("official", _official_records)]
)
def test_home_queries_constant_for_auditor_and_official(client_for, role, make):
    user = UserFactory(role=role)
    client = client_for(user)
    make(user, 1)
    one, items = _home_queries(client)
    assert items
    make(user, 19)
    twenty, items = _home_queries(client)
    assert max(item["count"] for item in items) >= 20
    assert twenty == one
