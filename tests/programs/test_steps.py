"""The application in steps: pages, 임시 저장, the autosave endpoint, the check list that the
submission refuses alike, the deadline countdown and entry points opening the existing draft."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programs import rules, services, steps
from programs.models import Application
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.programs.conftest import close_call, pdf

pytestmark = pytest.mark.django_db
S = Application.Status
KST = ZoneInfo("Asia/Seoul")


def _step(application, step):
    return reverse("programs:application_step", args=[application.pk, step])


def _autosave(client, application, **data):
    return client.post(reverse("programs:application_autosave", args=[application.pk]), data)


def test_every_step_has_its_page_with_the_indicator(client_for, draft, applicant):
    client = client_for(applicant)
    for number, step in enumerate(steps.SLUGS, start=1):
        page = client.get(_step(draft, step)).text
        assert 'data-testid="step-indicator"' in page, step
        assert f"5단계 중 {number}단계" in page, step
        assert page.count('aria-current="step"') == 1, step
        assert "임시 저장" in page, step
    assert client.get(_step(draft, "nowhere")).status_code == 404


def test_steps_are_the_applicants_own_and_only_while_a_draft(
    client_for, draft, applicant, member, staff
):
    assert client_for(member).get(_step(draft, "basic")).status_code == 404
    assert client_for(staff).get(_step(draft, "basic")).status_code == 403
    services.add_attachment(draft, pdf(), "계획서", actor=applicant)
    services.submit_application(draft.pk, actor=applicant)
    assert client_for(applicant).get(_step(draft, "plan")).status_code == 403


def test_save_stays_next_and_previous_move(client_for, draft, applicant):
    client = client_for(applicant)
    data = {"title": "돌봄 혁신 2", "requested_amount": "70000000", "duration_months": "12"}
    response = client.post(_step(draft, "basic"), {**data, "persons": "0", "go": "save"})
    assert response["Location"] == _step(draft, "basic")
    draft.refresh_from_db()
    assert (draft.title, draft.requested_amount) == ("돌봄 혁신 2", 70_000_000)
    response = client.post(_step(draft, "basic"), {**data, "persons": "0", "go": "next"})
    assert response["Location"] == _step(draft, "plan")
    response = client.post(_step(draft, "plan"), {"summary": "어르신 돌봄", "go": "prev"})
    assert response["Location"] == _step(draft, "basic")
    draft.refresh_from_db()
    assert draft.summary == "어르신 돌봄"
    over = client.post(
        _step(draft, "basic"), {**data, "persons": "0", "requested_amount": "900000000"}
    )
    assert over.status_code == 200 and "한도 100,000,000원을 초과" in over.text
    draft.refresh_from_db()
    assert draft.requested_amount == 70_000_000


def test_a_call_entry_opens_the_existing_draft(client_for, draft, applicant):
    response = client_for(applicant).get(
        reverse("programs:application_create", args=[draft.call_id])
    )
    assert response["Location"] == _step(draft, "basic")
    assert (
        _step(draft, "basic") in client_for(applicant).get(reverse("programs:my_applications")).text
    )


def test_a_member_of_two_enterprises_may_start_one_for_the_other(client_for, draft, applicant):
    other = EnterpriseFactory()
    MembershipFactory(enterprise=other, user=applicant)
    page = client_for(applicant).get(reverse("programs:application_create", args=[draft.call_id]))
    assert page.status_code == 200
    assert list(page.context["forms"][0].fields["enterprise"].queryset) == [other]


def test_budget_lines_and_the_total_against_the_requested_amount(client_for, draft, applicant):
    client = client_for(applicant)
    form = {"budget-TOTAL_FORMS": "3", "budget-INITIAL_FORMS": "0", "go": "save"}
    client.post(
        _step(draft, "budget"),
        {
            **form,
            "budget-0-item": "인건비",
            "budget-0-amount": "50,000,000",
            "budget-1-item": "재료비",
            "budget-1-amount": "20000000",
        },
    )
    assert [(line.item, line.amount) for line in draft.budget_lines.all()] == [
        ("인건비", 50_000_000),
        ("재료비", 20_000_000),
    ]
    assert [i.code for i in services.missing_items(draft)] == ["budget_mismatch"]
    page = client.get(_step(draft, "check")).text
    assert "예산 합계 70,000,000원이 신청 금액 80,000,000원과 다릅니다" in page
    assert _step(draft, "budget") in page
    with pytest.raises(ValidationError) as refused:
        services.submit_application(draft.pk, actor=applicant)
    assert refused.value.error_list[0].code == "budget_mismatch"
    bad = client.post(_step(draft, "budget"), {**form, "budget-0-item": "", "budget-0-amount": "5"})
    assert "비목을 입력해 주십시오" in bad.text
    client.post(
        _step(draft, "budget"),
        {**form, "budget-0-item": "인건비", "budget-0-amount": "80000000"},
    )
    assert services.missing_items(draft) == []
    assert services.submit_application(draft.pk, actor=applicant).status == S.SUBMITTED


def test_check_list_names_what_submission_refuses(client_for, call, draft, applicant):
    call.required_documents = "사업계획서\n법인 등기부등본"
    call.save()
    question = call.questions.create(text="참여 주민 수", kind="text", required=True)
    services.add_attachment(draft, pdf(), "사업계획서", actor=applicant)
    items = services.missing_items(draft)
    assert [(i.code, i.step) for i in items] == [
        ("answers_missing", "plan"),
        ("documents_missing", "attachments"),
    ]
    assert "법인 등기부등본" in items[1].message
    with pytest.raises(ValidationError) as refused:
        services.submit_application(draft.pk, actor=applicant)
    assert [e.code for e in refused.value.error_list] == [i.code for i in items]
    page = client_for(applicant).get(_step(draft, "check")).text
    assert "참여 주민 수" in page and _step(draft, "plan") in page
    assert _step(draft, "attachments") in page
    services.save_answers(draft, {question.pk: "120명"}, actor=applicant)
    services.add_attachment(draft, pdf(), "법인  등기부등본", actor=applicant)  # spacing
    assert services.missing_items(draft) == []
    assert 'data-testid="ready"' in client_for(applicant).get(_step(draft, "check")).text


def test_attachment_step_uploads_per_required_document(client_for, call, draft, applicant):
    call.required_documents = "사업계획서"
    call.save()
    client = client_for(applicant)
    assert "미첨부" in client.get(_step(draft, "attachments")).text
    response = client.post(
        reverse("programs:attachment_upload", args=[draft.pk]),
        {"label": "사업계획서", "file": pdf(), "step": "attachments"},
    )
    assert response["Location"] == _step(draft, "attachments")
    assert "첨부함" in client.get(_step(draft, "attachments")).text
    assert services.missing_items(draft) == []


def test_autosave_keeps_the_text_for_the_owner_only(client_for, draft, applicant, member, staff):
    question = draft.call.questions.create(text="추진 전략", kind="text")
    data = {"title": "돌봄 혁신 (수정)", "summary": "쓰는 중", f"q_{question.pk}": "전략 1"}
    response = _autosave(client_for(applicant), draft, **data)
    assert response.status_code == 200
    assert response.json()["message"].startswith("자동 저장됨 ")
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("돌봄 혁신 (수정)", "쓰는 중")
    assert draft.answers.get(question=question).value == "전략 1"
    assert _autosave(client_for(member), draft, **data).status_code == 404
    assert _autosave(client_for(staff), draft, **data).status_code == 403
    assert (
        client_for(applicant)
        .get(reverse("programs:application_autosave", args=[draft.pk]))
        .status_code
        == 405
    )


def test_autosave_is_idempotent_and_leaves_other_fields(client_for, draft, applicant):
    client = client_for(applicant)
    _autosave(client, draft, summary="같은 글")
    logged = LogEntry.objects.count()
    updated = Application.objects.get(pk=draft.pk).updated_at
    for _ in range(2):
        assert _autosave(client, draft, summary="같은 글").status_code == 200
    assert LogEntry.objects.count() == logged  # nothing written again
    draft.refresh_from_db()
    assert draft.updated_at == updated and draft.title == "돌봄 혁신"  # title not posted
    _autosave(client, draft, title="  ")
    draft.refresh_from_db()
    assert draft.title == "돌봄 혁신"  # a draft keeps its name


def test_autosave_refused_once_the_call_closed_or_submitted(client_for, draft, applicant):
    close_call(draft.call)
    response = _autosave(client_for(applicant), draft, summary="늦은 글")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "call_not_open"
    draft.refresh_from_db()
    assert draft.summary == ""


def test_autosave_refuses_a_submitted_application(client_for, submitted, applicant):
    response = _autosave(client_for(applicant), submitted, summary="제출 뒤")
    assert response.status_code == 400 and response.json()["error"]["code"] == "frozen"


def test_autosave_refuses_control_characters(client_for, draft, applicant):
    response = _autosave(client_for(applicant), draft, summary="a\x07b")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "control_character"


@pytest.mark.parametrize(
    ("closes", "now", "label"),
    [
        (dt.datetime(2026, 3, 10, 18, 0), dt.datetime(2026, 3, 7, 9, 0), "D-3"),
        (dt.datetime(2026, 3, 10, 9, 0), dt.datetime(2026, 3, 9, 23, 0), "D-1"),
        (dt.datetime(2026, 3, 10, 18, 0), dt.datetime(2026, 3, 10, 0, 1), "D-day"),
        (dt.datetime(2026, 3, 10, 18, 0), dt.datetime(2026, 3, 10, 18, 0), "마감"),
    ],
)
def test_deadline_label(closes, now, label):
    assert rules.deadline_label(closes.replace(tzinfo=KST), now.replace(tzinfo=KST)) == label


def test_my_applications_counts_down_for_drafts(client_for, draft, applicant):
    noon = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=3), dt.time(12), KST)
    type(draft.call).objects.filter(pk=draft.call_id).update(closes_at=noon)
    page = client_for(applicant).get(reverse("programs:my_applications")).text
    assert 'data-testid="deadline">D-3<' in page
