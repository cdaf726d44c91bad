"""Execution rules, the settlement workflow and the lock on confirmed years."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports import services
from reports.models import Budget, Expenditure, SettlementStatus, SettlementTransition
from tests.reports.factories import add_expenditure, make_budget, make_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    return make_budget(2024)


@pytest.fixture
def lines(budget):
    return make_lines(budget, spend=1_000_000)


def spend(actor, line, amount=100_000, **kwargs):
    values = {
        "line_id": line.pk,
        "date": dt.date(2024, 3, 2),
        "amount": amount,
        "payee": "㈜행사",
        "evidence_type": "tax_invoice",
        "evidence_reference": "2024-0001",
    }
    values.update(kwargs)
    return services.record_expenditure(actor, **values)


def close(budget, staff, auditor, official):
    services.transition(budget, "submit", staff)
    services.transition(budget, "review", auditor)
    return services.transition(budget, "confirm", official)


def test_staff_records_expenditure_with_evidence_file(staff, lines, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("invoice.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    e = spend(staff, lines[1], evidence_reference="", evidence_file=upload)
    assert e.evidence_file.name.startswith("reports/evidence/2024/")
    assert e.recorded_by == staff


def test_evidence_file_must_be_a_document(staff, lines, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as error:
        spend(staff, lines[1], evidence_reference="", evidence_file=upload)
    assert "evidence_file" in error.value.message_dict
    assert not Expenditure.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"line_id": 999_999}, "존재하지 않는"),
        ({"amount": -5}, "0원보다 커야"),
        ({"amount": 0}, "0원보다 커야"),
        ({"amount": 1_000_001}, "초과"),
        ({"evidence_reference": ""}, "증빙 없이"),
        ({"date": dt.date(2023, 12, 31)}, "2024년 회계연도"),
        ({"payee": " "}, "지급처"),
    ],
)
def test_bad_expenditure_is_refused(staff, lines, kwargs, message):
    with pytest.raises(ValidationError) as error:
        spend(staff, lines[1], **kwargs)
    assert message in str(error.value)
    assert not Expenditure.objects.exists()


def test_expenditure_on_revenue_or_parent_line_is_refused(staff, lines):
    with pytest.raises(ValidationError, match="존재하지 않는 세출"):
        spend(staff, lines[0])
    with pytest.raises(ValidationError, match="하위 과목"):
        spend(staff, lines[1].parent)


def test_above_the_line_needs_a_budget_change(staff, lines):
    spend(staff, lines[1], 900_000)
    with pytest.raises(ValidationError, match="남은 예산 100,000원을 초과"):
        spend(staff, lines[1], 200_000)
    services.record_budget_change(staff, line_id=lines[1].pk, amount=100_000, reason="행사 확대")
    spend(staff, lines[1], 200_000)
    with pytest.raises(ValidationError, match="이미 집행한"):
        services.record_budget_change(staff, line_id=lines[1].pk, amount=-1, reason="감액")


def test_only_staff_record(auditor, member, lines):
    for user in (auditor, member):
        with pytest.raises(PermissionDenied):
            spend(user, lines[1])


def test_workflow_is_recorded_and_confirming_locks(staff, auditor, official, budget, lines):
    spend(staff, lines[1])
    budget = close(budget, staff, auditor, official)
    assert budget.status == SettlementStatus.LOCKED
    steps = list(
        SettlementTransition.objects.filter(budget=budget).values_list(
            "from_status", "to_status", "actor__role"
        )
    )
    assert steps == [
        ("draft", "submitted", "centre_staff"),
        ("submitted", "reviewed", "auditor"),
        ("reviewed", "confirmed", "official"),
        ("confirmed", "locked", "official"),
    ]


def test_illegal_transitions(staff, auditor, official, budget):
    with pytest.raises(ValidationError, match="'작성 중' 상태에서는 '확정'"):
        services.transition(budget, "confirm", official)
    with pytest.raises(PermissionDenied):
        services.transition(budget, "submit", auditor)
    with pytest.raises(ValidationError, match="알 수 없는"):
        services.transition(budget, "publish", official)
    services.transition(budget, "submit", staff)
    with pytest.raises(ValidationError, match="사유"):
        services.transition(budget, "return", official, "")
    assert services.transition(budget, "return", official, "증빙 보완").status == "draft"


def test_locked_year_refuses_every_change(staff, auditor, official, budget, lines):
    e = spend(staff, lines[1])
    close(budget, staff, auditor, official)
    with pytest.raises(ValidationError, match="확정되어"):
        spend(staff, lines[1])
    with pytest.raises(ValidationError, match="확정되어"):
        services.record_revenue(
            staff, line_id=lines[0].pk, date=dt.date(2024, 1, 1), amount=1, source="grant"
        )
    with pytest.raises(ValidationError, match="확정"):
        services.record_budget_change(staff, line_id=lines[1].pk, amount=1, reason="x")
    with pytest.raises(ValidationError, match="확정되어"):
        services.delete_expenditure(staff, e)
    # The model refuses too, whatever code path is used.
    e.refresh_from_db()
    e.amount = 1
    with pytest.raises(ValidationError):
        e.save()
    with pytest.raises(ValidationError):
        e.delete()
    with pytest.raises(ValidationError):
        Expenditure.objects.filter(pk=e.pk).update(amount=1)
    with pytest.raises(ValidationError):
        Expenditure.objects.filter(pk=e.pk).delete()
    with pytest.raises(ValidationError):
        add_expenditure(lines[1], 10)
    assert Expenditure.objects.get(pk=e.pk).amount == 100_000


def test_moving_an_expenditure_out_of_a_locked_year_is_refused(
    staff, auditor, official, budget, lines
):
    e = spend(staff, lines[1])
    close(budget, staff, auditor, official)
    other = make_budget(2024)
    _, other_line = make_lines(other)
    e.line = other_line
    with pytest.raises(ValidationError):
        e.save()


def test_findings(staff, auditor, official, budget, lines):
    e = spend(staff, lines[1])
    with pytest.raises(ValidationError, match="제출된 정산"):
        services.record_finding(auditor, budget, disallowed_amount=1, reason="x")
    services.transition(budget, "submit", staff)
    with pytest.raises(PermissionDenied):
        services.record_finding(official, budget, disallowed_amount=1, reason="x")
    with pytest.raises(ValidationError, match="음수"):
        services.record_finding(auditor, budget, disallowed_amount=-1, reason="x")
    with pytest.raises(ValidationError, match="지출액보다"):
        services.record_finding(
            auditor, budget, disallowed_amount=100_001, reason="x", expenditure=e
        )
    f = services.record_finding(
        auditor, budget, disallowed_amount=30_000, reason="목적 외 사용", expenditure=e
    )
    assert f.line == lines[1]


def test_budget_change_needs_reason_and_nonzero(staff, lines):
    with pytest.raises(ValidationError, match="사유"):
        services.record_budget_change(staff, line_id=lines[1].pk, amount=5, reason=" ")
    with pytest.raises(ValidationError, match="0이 아닌"):
        services.record_budget_change(staff, line_id=lines[1].pk, amount=0, reason="x")


def test_budget_is_unique_per_year_and_owner():
    make_budget(2024, owner_key="centre")
    make_budget(2024, owner_key="centre")
    assert Budget.objects.filter(owner_key="centre").count() == 1
