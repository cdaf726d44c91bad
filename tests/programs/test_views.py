import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.models import Agreement, Application, Disbursement, Workshop
from seoul_se.core.support import enterprise_panels
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.programs.conftest import pdf
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db
S = Application.Status


def test_apply_upload_and_submit_through_pages(client_for, call, applicant, enterprise):
    client = client_for(applicant)
    assert "신청서 작성" in client.get(reverse("programs:call_detail", args=[call.pk])).text
    response = client.post(
        reverse("programs:application_create", args=[call.pk]),
        {
            "enterprise": enterprise.pk,
            "title": "돌봄",
            "requested_amount": "900000000",
            "duration_months": "12",
            "persons": "0",
        },
    )
    assert "한도 100,000,000원을 초과" in response.text
    assert not Application.objects.exists()
    response = client.post(
        reverse("programs:application_create", args=[call.pk]),
        {
            "enterprise": enterprise.pk,
            "title": "돌봄",
            "requested_amount": "90000000",
            "duration_months": "12",
            "persons": "0",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302
    upload_url = reverse("programs:attachment_upload", args=[application.pk])
    bad = client.post(
        upload_url, {"label": "계획서", "file": SimpleUploadedFile("x.pdf", b"MZ...")}, follow=True
    )
    assert "허용되지 않는 파일 형식" in bad.text
    client.post(upload_url, {"label": "계획서", "file": pdf()})
    assert application.attachments.count() == 1
    client.post(reverse("programs:application_submit", args=[application.pk]))
    client.post(reverse("programs:application_submit", args=[application.pk]))  # double click
    detail = client.get(reverse("programs:application_detail", args=[application.pk])).text
    assert "2020-혁신-0001" in detail and "온라인 제출" in detail
    assert (
        client.get(reverse("programs:application_edit", args=[application.pk])).status_code == 403
    )
    mine = client.get(reverse("programs:my_applications")).text
    assert "적격 검토를 기다리는 중" in mine


def test_staff_list_filters_and_constant_queries(
    client_for, staff, call, django_assert_max_num_queries
):
    for _ in range(6):
        firm = EnterpriseFactory()
        user = MembershipFactory(enterprise=firm).user
        services.submit_application(
            services.create_application(
                call, firm, actor=user, title="t", requested_amount=1, duration_months=1
            ).pk,
            actor=user,
        )
    client = client_for(staff)
    url = reverse("programs:application_list") + f"?call={call.pk}&status=submitted"
    # session, user, nav, filter form calls, count, page: independent of the number of rows
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.text.count("2020-혁신-000") == 6


def test_call_dashboard_and_ranking(client_for, official, staff, in_review, criteria, make_user):
    reviewer = make_user("reviewer")
    services.assign_reviewer(in_review.call, reviewer, actor=staff)
    services.declare_conflict(in_review, actor=reviewer, has_conflict=False)
    services.score_application(in_review, {c.pk: c.max_score for c in criteria}, actor=reviewer)
    page = client_for(staff).get(reverse("programs:call_detail", args=[in_review.call_id])).text
    assert "신청 현황" in page and "배정" in page
    ranking = client_for(staff).post(
        reverse("programs:call_ranking", args=[in_review.call_id]),
        {f"status_{in_review.pk}": "selected", f"amount_{in_review.pk}": "60000000"},
        follow=True,
    )
    assert "선정안을 저장했습니다" in ranking.text and "10.00" in ranking.text
    client_for(official).post(reverse("programs:confirm_selection", args=[in_review.call_id]))
    in_review.refresh_from_db()
    assert in_review.status == S.SELECTED and in_review.awarded_amount == 60_000_000
    dashboard = client_for(official).get(reverse("programs:dashboard")).text
    assert "60,000,000원" in dashboard


def test_review_form_conflict_then_scores(client_for, staff, in_review, criteria, make_user):
    reviewer = make_user("reviewer")
    services.assign_reviewer(in_review.call, reviewer, actor=staff)
    client = client_for(reviewer)
    url = reverse("programs:review_form", args=[in_review.pk])
    client.post(url, {"step": "conflict", "has_conflict": "no"})
    c1, c2 = criteria
    response = client.post(
        url, {"step": "score", f"c_{c1.pk}": "11", f"c_{c2.pk}": "3"}, follow=True
    )
    assert "사이여야 합니다" in response.text
    done = client.post(url, {"step": "score", f"c_{c1.pk}": "9", f"c_{c2.pk}": "3"}, follow=True)
    assert "심사 점수를 제출했습니다" in done.text
    assert "6.60" in client.get(reverse("programs:review_list")).text  # 9×0.6 + 3×0.4


def test_agreement_and_disbursement_pages(client_for, staff, selected, applicant):
    client = client_for(staff)
    today = timezone.localdate()
    client.post(
        reverse("programs:agreement_create", args=[selected.pk]),
        {
            "award_amount": "70000000",
            "starts_on": today,
            "ends_on": today + dt.timedelta(days=200),
            "signed_on": today,
            "instalments": "3",
        },
    )
    agreement = Agreement.objects.get()
    assert [i.amount for i in agreement.instalments.all()] == [23_333_333, 23_333_333, 23_333_334]
    url = reverse("programs:disbursement_create", args=[agreement.pk])
    over = client.post(url, {"amount": "70000001", "paid_on": today}, follow=True)
    assert "남은 협약 금액" in over.text
    client.post(url, {"amount": "30000000", "paid_on": today})
    assert Disbursement.objects.get().amount == 30_000_000
    page = client_for(applicant).get(reverse("programs:agreement_detail", args=[agreement.pk])).text
    assert "40,000,000원" in page
    timeline = (
        client_for(applicant).get(reverse("programs:application_detail", args=[selected.pk])).text
    )
    assert "협약 체결" in timeline and "사업 수행" in timeline


def test_supplement_round_trip_pages(client_for, staff, submitted, applicant):
    due = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client_for(staff).post(
        reverse("programs:supplement_request", args=[submitted.pk]),
        {"message": "통장 사본", "due_at": due},
    )
    supplement = submitted.supplements.get()
    assert (
        "보완요청 답변 필요" in client_for(applicant).get(reverse("programs:my_applications")).text
    )
    client_for(applicant).post(
        reverse("programs:supplement_answer", args=[supplement.pk]), {"response": "첨부함"}
    )
    supplement.refresh_from_db()
    assert supplement.response == "첨부함"


def test_support_history_warns_on_overlap(client_for, staff, agreement):
    previous_call = CallFactory(program__year=2019)
    firm = agreement.enterprise
    earlier = Application.objects.create(
        call=previous_call, enterprise=firm, title="이전 혁신형", status=S.IN_PROGRESS
    )
    today = timezone.localdate()
    Agreement.objects.create(
        application=earlier,
        program=previous_call.program,
        enterprise=firm,
        award_amount=10,
        national_amount=0,
        city_amount=10,
        starts_on=today - dt.timedelta(days=100),
        ends_on=today + dt.timedelta(days=100),
        signed_on=today,
    )
    page = (
        client_for(staff)
        .get(reverse("programs:application_detail", args=[agreement.application_id]))
        .text
    )
    assert 'data-testid="overlap-warning"' in page and "2019 사회문제 해결 혁신형 사업" in page


def test_complex_pages_and_workshop_shortfall(client_for, staff, member):
    from programs.models import ApartmentComplex
    from seoul_se.reference.models import District

    complex = ApartmentComplex.objects.create(
        name="청량리 H아파트",
        district=District.objects.get(name="동대문구"),
        households=610,
        elderly_households=291,
        tenure="unknown",
        joined_year=2018,
    )
    year = timezone.localdate().year
    client = client_for(staff)
    client.post(
        reverse("programs:complex_detail", args=[complex.pk]),
        {
            "held_on": timezone.localdate(),
            "topic": "생활문제 발굴",
            "facilitator": "퍼실리테이터",
            "attendance": "25",
            "kind": "workshop",
        },
    )
    assert Workshop.objects.count() == 1
    url = reverse("programs:complex_detail", args=[complex.pk])
    client.post(
        url, {"kind": "problem", "year": "2018", "category": "care", "description": "아이 돌봄"}
    )
    client.post(url, {"kind": "group", "name": "반찬 나눔 모임", "members": "12"})
    client.post(url, {"kind": "year", "year": "2019", "stage": "2", "expected_workshops": "4"})
    duplicate = client.post(
        url, {"kind": "year", "year": "2019", "stage": "3", "expected_workshops": "4"}, follow=True
    )
    assert "이미 등록된 연도" in duplicate.text
    assert (complex.problems.count(), complex.groups.count(), complex.years.get().stage) == (
        1,
        1,
        2,
    )
    enterprise = EnterpriseFactory(name="동네발전소 협동조합")
    stage_year = complex.years.get()
    matched = client.post(
        url,
        {
            "kind": "match",
            "complex_year": stage_year.pk,
            "business_number": enterprise.business_number,
        },
        follow=True,
    )
    assert "매칭 기업을 추가했습니다" in matched.text and "동네발전소 협동조합" in matched.text
    unknown = client.post(
        url,
        {"kind": "match", "complex_year": stage_year.pk, "business_number": "123-45-67890"},
        follow=True,
    )
    assert "사업자등록번호" in unknown.text and stage_year.matched_enterprises.count() == 1
    client.post(
        url, {"kind": "unmatch", "complex_year": stage_year.pk, "enterprise": enterprise.pk}
    )
    assert not stage_year.matched_enterprises.exists()
    page = client.get(reverse("programs:complex_list") + f"?year={year}").text
    assert "48%" in page and '<span class="badge warn">3</span>' in page
    assert client_for(member).post(url, {"kind": "group", "name": "x"}).status_code == 403
    member_match = {"kind": "match", "complex_year": stage_year.pk, "business_number": "x"}
    assert client_for(member).post(url, member_match).status_code == 403


def test_enterprise_panel_scoped(draft, applicant, member, staff):
    panels = enterprise_panels(draft.enterprise, applicant)
    mine = next(p for p in panels if p.template == "programs/panel.html")
    assert mine.context["applications"] == [draft]
    theirs = next(
        p
        for p in enterprise_panels(draft.enterprise, member)
        if p.template == "programs/panel.html"
    )
    assert theirs.context["applications"] == []


def test_disbursements_in_year_selector(agreement, staff):
    from programs.selectors import disbursements_in_year, support_records

    services.record_disbursement(agreement, actor=staff, amount=5, paid_on=dt.date(2021, 3, 1))
    assert [d.amount for d in disbursements_in_year(2021)] == [5]
    records = support_records(agreement.enterprise_id, dt.date(2000, 1, 1))
    assert records[0].kind == "innovation" and records[0].amount == 70_000_000


def test_officials_edit_rules_as_data(client_for, official, staff, call):
    rule = call.program.rules.get()
    url = reverse("programs:rule_edit", args=[call.program_id, rule.pk])
    assert client_for(staff).get(url).status_code == 403
    client = client_for(official)
    response = client.post(
        url,
        {
            "code": rule.code,
            "name": rule.name,
            "max_amount": "120000000",
            "consortium_multiplier": "2",
            "max_duration_months": "24",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.max_amount == 120_000_000
    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(rule).exists()
    assert "120,000,000원" in client.get(reverse("programs:program_list")).text


def test_staff_add_criteria_and_questions(client_for, staff, call):
    client = client_for(staff)
    bad = client.post(
        reverse("programs:criterion_add", args=[call.pk]),
        {"name": "x", "weight": "1", "min_score": "5", "max_score": "5", "sort_order": "0"},
        follow=True,
    )
    assert "최고 점수는 최저 점수보다" in bad.text
    client.post(
        reverse("programs:criterion_add", args=[call.pk]),
        {"name": "역량", "weight": "0.5", "min_score": "0", "max_score": "20", "sort_order": "0"},
    )
    client.post(
        reverse("programs:question_add", args=[call.pk]),
        {"text": "참여 주민 수", "kind": "number", "sort_order": "0", "required": "on"},
    )
    assert call.criteria.count() == 1 and call.questions.count() == 1


def test_staff_register_a_complex(client_for, staff):
    from seoul_se.reference.models import District

    district = District.objects.get(name="마포구")
    client = client_for(staff)
    bad = client.post(
        reverse("programs:complex_create"),
        {
            "name": "아현동 P아파트",
            "district": district.pk,
            "households": "661",
            "elderly_households": "700",
            "tenure": "rental",
            "joined_year": "2018",
        },
    )
    assert "노인 거주 세대수가 세대수보다" in bad.text
    response = client.post(
        reverse("programs:complex_create"),
        {
            "name": "아현동 P아파트",
            "district": district.pk,
            "households": "661",
            "tenure": "rental",
            "joined_year": "2018",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("programs:complex_list") + "?year=abc").status_code == 200


def test_call_page_opens_the_existing_draft_instead_of_a_new_one(client_for, draft, applicant):
    page = client_for(applicant).get(reverse("programs:call_detail", args=[draft.call_id])).text
    assert reverse("programs:application_detail", args=[draft.pk]) in page
    assert "신청서 작성" not in page  # the applicant's only enterprise has applied already
