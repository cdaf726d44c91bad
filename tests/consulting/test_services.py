import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consulting import selectors, services
from consulting.models import Case, CaseTransition, Field, Session
from tests.consulting.factories import CaseFactory, ExpertFactory
from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db
S = Case.Status


@pytest.fixture
def enterprise(member):
    return MembershipFactory(user=member).enterprise


def test_member_requests_online_for_own_enterprise(member, enterprise):
    case = services.open_case(
        actor=member, enterprise=enterprise, field=Field.LABOUR, description=" 근로계약서 검토 "
    )
    assert case.status == S.REQUESTED
    assert case.channel == Case.Channel.ONLINE
    assert case.description == "근로계약서 검토"
    assert case.requested_on == timezone.localdate()
    assert case.number == f"C{case.requested_on.year}-00001"
    assert list(case.transitions.values_list("to_status", flat=True)) == [S.REQUESTED]


def test_member_cannot_request_for_another_enterprise(member, enterprise):
    with pytest.raises(PermissionDenied):
        services.open_case(
            actor=member, enterprise=EnterpriseFactory(), field=Field.TAX, description="세무"
        )
    assert not Case.objects.exists()


def test_member_cannot_record_a_phone_call(member, enterprise):
    with pytest.raises(ValidationError) as exc:
        services.open_case(
            actor=member,
            enterprise=enterprise,
            field=Field.TAX,
            description="세무",
            channel=Case.Channel.PHONE,
        )
    assert exc.value.code == "member_online_only"


def test_staff_record_past_walk_in_and_numbers_follow_the_year(staff):
    enterprise = EnterpriseFactory()
    first = services.open_case(
        actor=staff,
        enterprise=enterprise,
        field=Field.LEGAL,
        description="정관 변경",
        channel=Case.Channel.WALK_IN,
        kind=Case.Kind.DAILY,
        requested_on=dt.date(2018, 5, 3),
    )
    second = services.open_case(
        actor=staff,
        enterprise=enterprise,
        field=Field.LEGAL,
        description="정관 변경 2",
        channel=Case.Channel.PHONE,
        requested_on=dt.date(2018, 6, 3),
    )
    assert (first.number, second.number) == ("C2018-00001", "C2018-00002")


def test_unknown_field_and_empty_description_refused(staff):
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError) as exc:
        services.open_case(actor=staff, enterprise=enterprise, field="astrology", description="x")
    assert exc.value.error_dict["field"][0].code == "unknown_field"
    with pytest.raises(ValidationError) as exc:
        services.open_case(actor=staff, enterprise=enterprise, field=Field.TAX, description="  ")
    assert exc.value.error_dict["description"][0].code == "required"


def test_full_workflow_assign_session_close_rate(staff, member, enterprise):
    case = services.open_case(
        actor=member, enterprise=enterprise, field=Field.ACCOUNTING, description="결산"
    )
    expert = ExpertFactory()
    services.assign(actor=staff, case=case, assignee=staff, expert=expert)
    case.refresh_from_db()
    assert (case.status, case.assignee, case.expert) == (S.ASSIGNED, staff, expert)
    session = services.record_session(
        actor=staff, case=case, held_on=timezone.localdate(), hours=Decimal("1.5"), notes="1차"
    )
    case.refresh_from_db()
    assert case.status == S.IN_PROGRESS
    assert session.hours == Decimal("1.5")
    services.close(actor=staff, case=case, outcome="결산 완료")
    services.rate(actor=member, case=case, rating=5, comment="좋았습니다")
    case.refresh_from_db()
    assert (case.status, case.satisfaction) == (S.CLOSED, 5)
    assert list(
        CaseTransition.objects.filter(case=case).values_list("from_status", "to_status")
    ) == [
        ("", S.REQUESTED),
        (S.REQUESTED, S.ASSIGNED),
        (S.ASSIGNED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.CLOSED),
    ]


def test_illegal_moves_are_refused_with_korean_message(staff):
    case = CaseFactory()
    with pytest.raises(ValidationError) as exc:
        services.close(actor=staff, case=case, outcome="끝")
    assert exc.value.code == "illegal_transition"
    assert "상태로 변경할 수 없습니다" in exc.value.messages[0]
    services.cancel(actor=staff, case=case, reason="중복 접수")
    with pytest.raises(ValidationError):
        services.assign(actor=staff, case=case, assignee=staff)
    case.refresh_from_db()
    assert case.status == S.CANCELLED and case.assignee is None


@pytest.mark.parametrize("rating", [0, 6, -1, "5", 4.5, True])
def test_rating_outside_1_to_5_refused_nothing_saved(staff, member, enterprise, rating):
    case = CaseFactory(enterprise=enterprise, status=S.CLOSED)
    with pytest.raises(ValidationError) as exc:
        services.rate(actor=member, case=case, rating=rating)
    assert exc.value.error_dict["satisfaction"][0].code == "rating_out_of_range"
    case.refresh_from_db()
    assert case.satisfaction is None


def test_rating_only_by_own_enterprise_and_only_when_closed(staff, member, enterprise):
    other = CaseFactory(status=S.CLOSED)
    with pytest.raises(PermissionDenied):
        services.rate(actor=member, case=other, rating=4)
    with pytest.raises(PermissionDenied):
        services.rate(actor=staff, case=other, rating=4)
    open_case = CaseFactory(enterprise=enterprise, status=S.IN_PROGRESS)
    with pytest.raises(ValidationError) as exc:
        services.rate(actor=member, case=open_case, rating=4)
    assert exc.value.code == "rating_not_closed"


def test_session_hours_and_date_checked(staff):
    case = CaseFactory(status=S.ASSIGNED, assignee=staff, requested_on=dt.date(2018, 3, 2))
    for hours in (Decimal(0), Decimal("24.5"), Decimal("-1")):
        with pytest.raises(ValidationError) as exc:
            services.record_session(
                actor=staff, case=case, held_on=dt.date(2018, 3, 5), hours=hours
            )
        assert exc.value.error_dict["hours"][0].code == "bad_hours"
    with pytest.raises(ValidationError) as exc:
        services.record_session(
            actor=staff, case=case, held_on=dt.date(2018, 3, 1), hours=Decimal(1)
        )
    assert exc.value.error_dict["held_on"][0].code == "session_date_out_of_range"
    assert not Session.objects.exists()
    case.refresh_from_db()
    assert case.status == S.ASSIGNED


def test_expert_user_records_sessions_of_own_cases_only(staff, make_user):
    expert_user = make_user("reviewer")
    expert = ExpertFactory(user=expert_user)
    mine = CaseFactory(status=S.ASSIGNED, expert=expert)
    other = CaseFactory(status=S.ASSIGNED, expert=ExpertFactory())
    services.record_session(
        actor=expert_user, case=mine, held_on=dt.date(2018, 4, 1), hours=Decimal(2)
    )
    with pytest.raises(PermissionDenied):
        services.record_session(
            actor=expert_user, case=other, held_on=dt.date(2018, 4, 1), hours=Decimal(2)
        )


def test_member_withdraws_before_work_starts_only(member, enterprise, staff):
    requested = CaseFactory(enterprise=enterprise)
    services.cancel(actor=member, case=requested)
    started = CaseFactory(enterprise=enterprise, status=S.IN_PROGRESS)
    with pytest.raises(ValidationError) as exc:
        services.cancel(actor=member, case=started)
    assert exc.value.code == "already_started"


def test_follow_up_links_closed_case_of_same_enterprise(staff):
    closed = CaseFactory(status=S.CLOSED)
    follow_up = services.open_follow_up(actor=staff, case=closed, description="사후 점검")
    assert follow_up.follow_up_of == closed
    assert follow_up.enterprise == closed.enterprise
    with pytest.raises(ValidationError) as exc:
        services.open_follow_up(actor=staff, case=CaseFactory(), description="사후")
    assert exc.value.code == "follow_up_not_closed"


def test_assign_requires_staff_assignee(staff, member):
    case = CaseFactory()
    with pytest.raises(ValidationError) as exc:
        services.assign(actor=staff, case=case, assignee=member)
    assert exc.value.error_dict["assignee"][0].code == "not_staff"
    with pytest.raises(PermissionDenied):
        services.assign(actor=member, case=case, assignee=staff)


def test_yearly_aggregates_count_cases_of_the_year(staff):
    CaseFactory.create_batch(3, kind=Case.Kind.DAILY, requested_on=dt.date(2018, 2, 1))
    CaseFactory(kind=Case.Kind.DAILY, requested_on=dt.date(2018, 12, 31))
    CaseFactory(kind=Case.Kind.DAILY, requested_on=dt.date(2019, 1, 1))
    CaseFactory(kind=Case.Kind.DAILY, requested_on=dt.date(2018, 5, 1), status=S.CANCELLED)
    closed = CaseFactory(
        kind=Case.Kind.CONSULTING, requested_on=dt.date(2018, 5, 1), status=S.CLOSED
    )
    CaseFactory(
        kind=Case.Kind.CONSULTING,
        requested_on=dt.date(2018, 6, 1),
        follow_up_of=closed,
        enterprise=closed.enterprise,
        field=Field.TAX,
    )
    assert selectors.daily_consultations(2018, 2018).count() == 4
    assert selectors.consulting_cases(2018, 2018).count() == 2
    assert selectors.follow_ups(2018, 2018).count() == 1
    assert selectors.cases_in_years(2018, 2019).count() == 7
    assert selectors.consultations_in_year(2019).count() == 1
    assert selectors.cases_in_field(2018, 2018, Field.TAX).count() == 1
    summary = selectors.yearly_summary(2018)
    assert (summary["total"], summary["daily"], summary["follow_ups"]) == (6, 4, 1)
