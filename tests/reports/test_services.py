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
    return services.record_expenditure(actor=actor, **values)


def close(budget, staff, auditor, official):
    services.act_on_settlement(budget, "submit", actor=staff)
    services.act_on_settlement(budget, "review", actor=auditor)
    return services.act_on_settlement(budget, "confirm", actor=official)


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
    services.record_budget_change(
        actor=staff, line_id=lines[1].pk, amount=100_000, reason="행사 확대"
    )
    spend(staff, lines[1], 200_000)
    with pytest.raises(ValidationError, match="이미 집행한"):
        services.record_budget_change(actor=staff, line_id=lines[1].pk, amount=-1, reason="감액")


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
        services.act_on_settlement(budget, "confirm", actor=official)
    with pytest.raises(PermissionDenied):
        services.act_on_settlement(budget, "submit", actor=auditor)
    with pytest.raises(ValidationError, match="알 수 없는"):
        services.act_on_settlement(budget, "publish", actor=official)
    services.act_on_settlement(budget, "submit", actor=staff)
    with pytest.raises(ValidationError, match="사유"):
        services.act_on_settlement(budget, "return", actor=official, comment="")
    assert (
        services.act_on_settlement(budget, "return", actor=official, comment="증빙 보완").status
        == "draft"
    )


def test_locked_year_refuses_every_change(staff, auditor, official, budget, lines):
    e = spend(staff, lines[1])
    close(budget, staff, auditor, official)
    with pytest.raises(ValidationError, match="확정되어"):
        spend(staff, lines[1])
    with pytest.raises(ValidationError, match="확정되어"):
        services.record_revenue(
            actor=staff, line_id=lines[0].pk, date=dt.date(2024, 1, 1), amount=1, source="grant"
        )
    with pytest.raises(ValidationError, match="확정"):
        services.record_budget_change(actor=staff, line_id=lines[1].pk, amount=1, reason="x")
    with pytest.raises(ValidationError, match="확정되어"):
        services.delete_expenditure(e, actor=staff)
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
        services.record_finding(budget, actor=auditor, disallowed_amount=1, reason="x")
    services.act_on_settlement(budget, "submit", actor=staff)
    with pytest.raises(PermissionDenied):
        services.record_finding(budget, actor=official, disallowed_amount=1, reason="x")
    with pytest.raises(ValidationError, match="음수"):
        services.record_finding(budget, actor=auditor, disallowed_amount=-1, reason="x")
    with pytest.raises(ValidationError, match="지출액보다"):
        services.record_finding(
            budget, actor=auditor, disallowed_amount=100_001, reason="x", expenditure=e
        )
    f = services.record_finding(
        budget, actor=auditor, disallowed_amount=30_000, reason="목적 외 사용", expenditure=e
    )
    assert f.line == lines[1]


def test_budget_change_needs_reason_and_nonzero(staff, lines):
    with pytest.raises(ValidationError, match="사유"):
        services.record_budget_change(actor=staff, line_id=lines[1].pk, amount=5, reason=" ")
    with pytest.raises(ValidationError, match="0이 아닌"):
        services.record_budget_change(actor=staff, line_id=lines[1].pk, amount=0, reason="x")


def test_budget_is_unique_per_year_and_owner():
    make_budget(2024, owner_key="centre")
    make_budget(2024, owner_key="centre")
    assert Budget.objects.filter(owner_key="centre").count() == 1


def test_disallowed_totals_never_exceed_what_was_spent(staff, auditor, budget, lines):
    big = spend(staff, lines[1], 300_000)
    small = spend(staff, lines[1], 100_000)
    services.act_on_settlement(budget, "submit", actor=staff)
    services.record_finding(
        budget, actor=auditor, disallowed_amount=200_000, reason="a", expenditure=big
    )
    with pytest.raises(ValidationError) as second:
        services.record_finding(
            budget, actor=auditor, disallowed_amount=200_000, reason="b", expenditure=big
        )
    assert second.value.error_dict["disallowed_amount"][0].code == "over_expenditure"
    assert "100,000원" in str(second.value)  # what is still allowed on that expenditure
    services.record_finding(
        budget, actor=auditor, disallowed_amount=100_000, reason="b", expenditure=big
    )
    # The line spent 400,000; 300,000 is already disallowed on it.
    parent = lines[1].parent
    with pytest.raises(ValidationError) as on_parent:
        services.record_finding(
            budget, actor=auditor, disallowed_amount=100_001, reason="c", line=parent
        )
    assert on_parent.value.error_dict["disallowed_amount"][0].code == "over_line_spent"
    services.record_finding(
        budget, actor=auditor, disallowed_amount=60_000, reason="c", line=parent
    )
    with pytest.raises(ValidationError, match="과목"):
        services.record_finding(
            budget, actor=auditor, disallowed_amount=50_000, reason="d", expenditure=small
        )
    with pytest.raises(ValidationError) as on_budget:
        services.record_finding(budget, actor=auditor, disallowed_amount=40_001, reason="e")
    assert on_budget.value.error_dict["disallowed_amount"][0].code == "over_budget_spent"
    services.record_finding(budget, actor=auditor, disallowed_amount=40_000, reason="e")
    with pytest.raises(ValidationError, match="세출"):
        services.record_finding(
            budget, actor=auditor, disallowed_amount=0, reason="f", line=lines[0]
        )
    assert sum(budget.findings.values_list("disallowed_amount", flat=True)) == 400_000


@pytest.mark.django_db(transaction=True)
def test_concurrent_findings_cannot_together_exceed_the_expenditure(staff, auditor):
    import threading

    from django.db import connection

    budget = make_budget(2024)
    _, line = make_lines(budget, spend=50_000_000)
    expenditure = spend(staff, line, 30_000_000)
    services.act_on_settlement(budget, "submit", actor=staff)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def disallow() -> None:
        try:
            barrier.wait()
            services.record_finding(
                budget,
                actor=auditor,
                disallowed_amount=20_000_000,
                reason="중복",
                expenditure=expenditure,
            )
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.error_dict["disallowed_amount"][0].code)
        finally:
            connection.close()

    threads = [threading.Thread(target=disallow) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", *["over_expenditure"] * 3]
    assert sum(expenditure.findings.values_list("disallowed_amount", flat=True)) == 20_000_000


def test_execution_errors_carry_stable_codes(staff, auditor, official, budget, lines):
    with pytest.raises(TypeError):
        services.record_revenue(
            staff, line_id=lines[0].pk, date=dt.date(2024, 1, 1), amount=1, source="grant"
        )  # the actor is keyword-only
    with pytest.raises(PermissionDenied) as denied:
        spend(auditor, lines[1])
    assert denied.value.code == "not_recorder"
    with pytest.raises(ValidationError) as over:
        spend(staff, lines[1], 1_000_001)
    assert [e.code for e in over.value.error_dict["amount"]] == ["over_line_budget"]
    with pytest.raises(ValidationError) as unknown:
        spend(staff, lines[0])
    assert [e.code for e in unknown.value.error_dict["line"]] == ["unknown_line"]
    with pytest.raises(ValidationError) as not_submitted:
        services.record_finding(budget, actor=auditor, disallowed_amount=1, reason="x")
    assert not_submitted.value.code == "not_submitted"
    close(budget, staff, auditor, official)
    with pytest.raises(ValidationError) as closed:
        spend(staff, lines[1])
    assert closed.value.code == "year_closed"
    assert str(closed.value.message) == (
        "2024년 정산이 확정되어 수입·지출을 추가·변경·삭제할 수 없습니다."
    )
