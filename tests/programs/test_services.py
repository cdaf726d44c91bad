import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from programs import services
from programs.models import Agreement, Application, ApplicationTransition, Call, Disbursement
from seoul_se.notifications.models import Notification
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.programs.conftest import close_call, pdf
from tests.programs.factories import CallFactory, RuleFactory

pytestmark = pytest.mark.django_db
S = Application.Status


def test_submit_issues_receipt_number_mails_and_freezes(
    draft, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.submit_application(draft.pk, actor=applicant)
    assert application.receipt_number == "2020-혁신-0001"
    assert application.status == S.SUBMITTED and application.submitted_at
    assert Notification.objects.filter(
        recipient=applicant, subject__contains="2020-혁신-0001"
    ).exists()
    assert len(mail.outbox) == 1
    # double submit is a no-op: same number, one transition
    again = services.submit_application(draft.pk, actor=applicant)
    assert again.receipt_number == "2020-혁신-0001"
    assert (
        ApplicationTransition.objects.filter(application=draft, to_status=S.SUBMITTED).count() == 1
    )
    with pytest.raises(ValidationError, match="제출된 신청서는 수정할 수 없습니다"):
        services.update_application(application, actor=applicant, title="바꾸기")
    with pytest.raises(ValidationError, match="제출된 신청서는 수정할 수 없습니다"):
        services.add_attachment(application, pdf(), "계획서", actor=applicant)


def test_receipt_numbers_are_sequential_per_call(call, applicant, enterprise):
    services.submit_application(
        services.create_application(
            call, enterprise, actor=applicant, title="a", requested_amount=1, duration_months=1
        ).pk,
        actor=applicant,
    )
    other = MembershipFactory(enterprise=EnterpriseFactory()).user
    second = services.create_application(
        call,
        other.memberships.get().enterprise,
        actor=other,
        title="b",
        requested_amount=1,
        duration_months=1,
    )
    assert services.submit_application(second.pk, actor=other).receipt_number == "2020-혁신-0002"


def test_submit_after_deadline_is_refused(draft, applicant):
    close_call(draft.call)
    with pytest.raises(ValidationError, match="접수 마감 시각이 지나"):
        services.submit_application(draft.pk, actor=applicant)
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.receipt_number == ""
    assert Call.objects.get(pk=draft.call_id).last_receipt_seq == 0


def test_bad_requests_are_refused(call, enterprise, applicant, draft):
    with pytest.raises(ValidationError, match="이미 이 공모에"):
        services.create_application(
            call, enterprise, actor=applicant, title="x", requested_amount=1, duration_months=1
        )
    with pytest.raises(ValidationError, match="한도"):
        services.update_application(draft, actor=applicant, requested_amount=100_000_001)
    draft.refresh_from_db()
    assert draft.requested_amount == 80_000_000


def test_ineligible_legal_type(call, make_user):
    from seoul_se.reference.models import LegalType

    firm = EnterpriseFactory(legal_type=LegalType.objects.get(code="social_venture"))
    user = MembershipFactory(enterprise=firm).user
    with pytest.raises(ValidationError, match="신청할 수 없는 기업 유형"):
        services.create_application(
            call, firm, actor=user, title="x", requested_amount=1, duration_months=1
        )
    assert not Application.objects.exists()


def test_other_enterprise_cannot_act(draft, member):
    with pytest.raises(PermissionDenied):
        services.submit_application(draft.pk, actor=member)


def test_consortium_partner_must_be_registered_and_confirm(draft, applicant):
    with pytest.raises(ValidationError, match="등록되지 않은 기업"):
        services.add_partner(draft, EnterpriseFactory.build().business_number, actor=applicant)
    with pytest.raises(ValidationError, match="검증번호"):
        services.add_partner(draft, "123-45-67890", actor=applicant)
    partner_firm = EnterpriseFactory()
    partner = services.add_partner(draft, partner_firm.business_number, actor=applicant)
    draft.requested_amount = 150_000_000  # consortium doubles the cap
    draft.save()
    with pytest.raises(ValidationError, match="참여를 확인해야"):
        services.submit_application(draft.pk, actor=applicant)
    with pytest.raises(PermissionDenied):
        services.confirm_partner(partner, actor=applicant)
    partner_user = MembershipFactory(enterprise=partner_firm).user
    services.confirm_partner(partner, actor=partner_user)
    assert services.submit_application(draft.pk, actor=applicant).status == S.SUBMITTED


def test_required_documents_and_questions(call, enterprise, applicant):
    call.required_documents = "사업계획서"
    call.save()
    question = call.questions.create(text="참여 주민 수", kind="number")
    application = services.create_application(
        call, enterprise, actor=applicant, title="x", requested_amount=1, duration_months=1
    )
    with pytest.raises(ValidationError, match="필수 질문"):
        services.submit_application(application.pk, actor=applicant)
    with pytest.raises(ValidationError, match="숫자"):
        services.save_answers(application, {question.pk: "많음"}, actor=applicant)
    services.save_answers(application, {question.pk: "120"}, actor=applicant)
    with pytest.raises(ValidationError, match="제출 서류"):
        services.submit_application(application.pk, actor=applicant)
    services.add_attachment(application, pdf(), "사업계획서", actor=applicant)
    assert services.submit_application(application.pk, actor=applicant).status == S.SUBMITTED


def test_withdraw_only_until_review(submitted, applicant, staff):
    services.act_on_application(submitted, "screen", actor=staff)
    services.act_on_application(submitted, "review", actor=staff, acknowledged=True)
    with pytest.raises(ValidationError, match="심사가 시작된 뒤"):
        services.withdraw_application(submitted, actor=applicant)


def test_withdraw_and_illegal_transition(submitted, applicant, staff):
    assert services.withdraw_application(submitted, actor=applicant).status == S.WITHDRAWN
    with pytest.raises(ValidationError, match="변경할 수 없습니다"):
        services.act_on_application(submitted, "screen", actor=staff)
    with pytest.raises(PermissionDenied):
        services.act_on_application(submitted, "screen", actor=applicant)


def test_ineligible_needs_reason(submitted, staff):
    with pytest.raises(ValidationError, match="사유"):
        services.act_on_application(submitted, "ineligible", actor=staff)
    services.act_on_application(submitted, "ineligible", actor=staff, comment="자격 미달")
    assert submitted.transitions.last().comment == "자격 미달"


def test_supplement_request_and_answer(submitted, staff, applicant):
    request = services.request_supplement(
        submitted, "등기부등본", timezone.now() + dt.timedelta(days=3), actor=staff
    )
    assert Notification.objects.filter(recipient=applicant, subject="신청서 보완요청").exists()
    services.answer_supplement(request, "첨부했습니다", actor=applicant)
    with pytest.raises(ValidationError, match="이미 답변"):
        services.answer_supplement(request, "다시", actor=applicant)
    late = services.request_supplement(
        submitted, "x", timezone.now() + dt.timedelta(seconds=1), actor=staff
    )
    late.due_at = timezone.now() - dt.timedelta(seconds=1)
    late.save()
    with pytest.raises(ValidationError, match="기한이 지났습니다"):
        services.answer_supplement(late, "늦음", actor=applicant)


def test_review_conflict_scores_and_ranges(in_review, criteria, staff, make_user):
    reviewer = make_user("reviewer")
    with pytest.raises(PermissionDenied):
        services.declare_conflict(in_review, actor=reviewer, has_conflict=False)
    services.assign_reviewer(in_review.call, reviewer, actor=staff)
    with pytest.raises(ValidationError, match="이해충돌 여부를 신고"):
        services.score_application(in_review, {}, actor=reviewer)
    services.declare_conflict(in_review, actor=reviewer, has_conflict=False)
    c1, c2 = criteria
    with pytest.raises(ValidationError, match=r"0\.00~10\.00 사이"):
        services.score_application(
            in_review, {c1.pk: Decimal("11"), c2.pk: Decimal("5")}, actor=reviewer
        )
    review = services.score_application(
        in_review, {c1.pk: Decimal("8"), c2.pk: Decimal("5")}, actor=reviewer
    )
    assert review.total == Decimal("6.80")
    conflicted = make_user("reviewer")
    services.assign_reviewer(in_review.call, conflicted, actor=staff)
    services.declare_conflict(in_review, actor=conflicted, has_conflict=True, reason="전 직장")
    with pytest.raises(ValidationError, match="이해충돌을 신고한"):
        services.score_application(
            in_review, {c1.pk: Decimal("1"), c2.pk: Decimal("1")}, actor=conflicted
        )


def test_review_only_after_call_closes(submitted, staff, make_user, criteria):
    reviewer = make_user("reviewer")
    services.assign_reviewer(submitted.call, reviewer, actor=staff)
    services.act_on_application(submitted, "screen", actor=staff)
    services.act_on_application(submitted, "review", actor=staff, acknowledged=True)
    with pytest.raises(ValidationError, match="마감 후"):
        services.declare_conflict(submitted, actor=reviewer, has_conflict=False)


def test_selection_within_budget_and_confirmation(in_review, staff, official, applicant):
    call = in_review.call
    with pytest.raises(ValidationError, match="신청 금액 이하"):
        services.propose_selection(call, [(in_review.pk, S.SELECTED, 90_000_000)], actor=staff)
    call.budget_envelope = 50_000_000
    call.save()
    with pytest.raises(ValidationError, match="공모 예산"):
        services.propose_selection(call, [(in_review.pk, S.SELECTED, 60_000_000)], actor=staff)
    in_review.refresh_from_db()
    assert in_review.proposed_status == ""  # nothing half-saved
    services.propose_selection(call, [(in_review.pk, S.SELECTED, 50_000_000)], actor=staff)
    with pytest.raises(PermissionDenied):
        services.confirm_selection(call, actor=staff)
    assert services.confirm_selection(call, actor=official) == 1
    in_review.refresh_from_db()
    assert in_review.status == S.SELECTED and in_review.awarded_amount == 50_000_000
    assert in_review.selected_at is not None
    assert Notification.objects.filter(recipient=applicant, subject__contains="선정").exists()


def test_agreement_split_and_disbursements(agreement, staff, applicant):
    assert (agreement.national_amount, agreement.city_amount) == (0, 70_000_000)
    assert agreement.instalments.count() == 2 and agreement.phases.count() == 2
    services.record_disbursement(
        agreement, actor=staff, amount=42_000_000, paid_on=timezone.localdate()
    )
    agreement.application.refresh_from_db()
    assert agreement.application.status == S.IN_PROGRESS
    with pytest.raises(ValidationError, match="남은 협약 금액 28,000,000원을 초과"):
        services.record_disbursement(
            agreement, actor=staff, amount=28_000_001, paid_on=timezone.localdate()
        )
    with pytest.raises(PermissionDenied):
        services.record_disbursement(
            agreement, actor=applicant, amount=1, paid_on=timezone.localdate()
        )
    services.record_disbursement(
        agreement, actor=staff, amount=28_000_000, paid_on=timezone.localdate()
    )
    assert services.paid_total(agreement) == 70_000_000


def test_national_city_split_with_share(selected, staff):
    program = selected.call.program
    program.national_share = Decimal("0.7")
    program.save()
    today = timezone.localdate()
    agreement = services.sign_agreement(
        selected,
        actor=staff,
        starts_on=today,
        ends_on=today,
        signed_on=today,
        award_amount=33_333_333,
    )
    assert (agreement.national_amount, agreement.city_amount) == (23_333_333, 10_000_000)
    d1 = services.record_disbursement(agreement, actor=staff, amount=11_111_111, paid_on=today)
    d2 = services.record_disbursement(agreement, actor=staff, amount=22_222_222, paid_on=today)
    assert d1.national_amount + d2.national_amount == 23_333_333
    assert d1.city_amount + d2.city_amount == 10_000_000


def test_agreement_requires_selected_and_matching_plan(in_review, selected, staff):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="교부 계획 합계"):
        services.sign_agreement(
            selected,
            actor=staff,
            starts_on=today,
            ends_on=today,
            signed_on=today,
            instalments=[(today, 1)],
        )
    assert not Agreement.objects.exists()


def test_interim_evaluation_continue_with_additional_funds(agreement, staff):
    application = agreement.application
    services.record_disbursement(
        agreement, actor=staff, amount=70_000_000, paid_on=timezone.localdate()
    )
    services.act_on_application(application, "interim", actor=staff)
    updated = services.decide_interim(
        application, actor=staff, continue_support=True, additional_amount=20_000_000
    )
    assert updated.award_amount == 90_000_000
    assert updated.phases.get(year_number=1).decision == "continue"
    assert updated.phases.get(year_number=2).amount == 20_000_000
    services.record_disbursement(
        agreement, actor=staff, amount=20_000_000, paid_on=timezone.localdate()
    )


def test_interim_evaluation_terminate_blocks_payments(agreement, staff):
    application = agreement.application
    services.record_disbursement(
        agreement, actor=staff, amount=10_000_000, paid_on=timezone.localdate()
    )
    services.act_on_application(application, "interim", actor=staff)
    services.decide_interim(application, actor=staff, continue_support=False, comment="성과 미흡")
    application.refresh_from_db()
    assert application.status == S.COMPLETED
    with pytest.raises(ValidationError, match="진행 중인 협약"):
        services.record_disbursement(agreement, actor=staff, amount=1, paid_on=timezone.localdate())
    assert Disbursement.objects.count() == 1


def test_results_entered_by_enterprise_confirmed_by_staff(agreement, applicant, staff):
    today = timezone.localdate()
    result = services.record_result(
        agreement.application,
        actor=applicant,
        kind="workshops",
        quantity=Decimal(4),
        period_start=today,
        period_end=today,
    )
    assert result.confirmed_at is None
    with pytest.raises(PermissionDenied):
        services.confirm_result(result, actor=applicant)
    services.confirm_result(result, actor=staff)
    assert result.confirmed_by == staff
    with pytest.raises(ValidationError, match="종료일"):
        services.record_result(
            agreement.application,
            actor=applicant,
            kind="revenue",
            quantity=Decimal(1),
            period_start=today,
            period_end=today - dt.timedelta(days=1),
        )


def test_rule_from_other_program_is_refused(call, enterprise, applicant):
    other = RuleFactory(program=CallFactory(program__year=2021).program)
    with pytest.raises(ValidationError, match="선택한 지원 트랙"):
        services.create_application(
            call,
            enterprise,
            actor=applicant,
            title="x",
            requested_amount=1,
            duration_months=1,
            rule=other,
        )


def test_supplement_reminders_once_before_deadline(submitted, staff, applicant):
    from programs.tasks import send_supplement_reminders

    services.request_supplement(
        submitted, "통장 사본", timezone.now() + dt.timedelta(hours=30), actor=staff
    )
    services.request_supplement(
        submitted, "나중", timezone.now() + dt.timedelta(days=10), actor=staff
    )
    assert send_supplement_reminders() == 1
    assert send_supplement_reminders() == 0
    assert (
        Notification.objects.filter(recipient=applicant, subject="보완요청 기한 임박").count() == 1
    )


# --- 같이살림 records and matching ---------------------------------------------------------


@pytest.fixture
def complex_year(staff):
    from programs.models import ApartmentComplex
    from seoul_se.reference.models import District

    complex = ApartmentComplex.objects.create(
        name="청량리 H아파트", district=District.objects.get(name="동대문구"), joined_year=2018
    )
    return services.add_complex_record(
        complex, "year", {"year": 2019, "stage": 2, "expected_workshops": 4}, actor=staff
    )


def test_a_complex_year_is_recorded_once(staff, complex_year):
    with pytest.raises(ValidationError) as exc:
        services.add_complex_record(
            complex_year.complex,
            "year",
            {"year": 2019, "stage": 3, "expected_workshops": 4},
            actor=staff,
        )
    assert exc.value.message_dict["year"] == ["이미 등록된 연도입니다."]
    assert complex_year.complex.years.get().stage == 2


def test_complex_records_are_staff_only_and_validated(member, staff, complex_year):
    with pytest.raises(PermissionDenied):
        services.add_complex_record(complex_year.complex, "group", {"name": "x"}, actor=member)
    with pytest.raises(ValidationError):
        services.add_complex_record(complex_year.complex, "invoice", {}, actor=staff)
    with pytest.raises(ValidationError):
        services.add_complex_record(complex_year.complex, "group", {"name": ""}, actor=staff)
    assert not complex_year.complex.groups.exists()


def test_match_and_unmatch_enterprises(staff, member, complex_year):
    enterprise = EnterpriseFactory(name="동네발전소 협동조합")
    number = enterprise.business_number
    dashed = f"{number[:3]}-{number[3:5]}-{number[5:]}"
    services.match_enterprise(complex_year, dashed, actor=staff)
    services.match_enterprise(complex_year, number, actor=staff)  # again: no change
    assert list(complex_year.matched_enterprises.all()) == [enterprise]
    wrong_check_digit = number[:9] + str((int(number[9]) + 1) % 10)
    with pytest.raises(ValidationError) as exc:
        services.match_enterprise(complex_year, wrong_check_digit, actor=staff)
    assert "검증번호" in exc.value.message_dict["business_number"][0]
    unknown = EnterpriseFactory.build().business_number
    with pytest.raises(ValidationError) as exc:
        services.match_enterprise(complex_year, unknown, actor=staff)
    assert "등록되지 않은" in exc.value.message_dict["business_number"][0]
    with pytest.raises(PermissionDenied):
        services.unmatch_enterprise(complex_year, enterprise.pk, actor=member)
    services.unmatch_enterprise(complex_year, enterprise.pk, actor=staff)
    assert not complex_year.matched_enterprises.exists()
