"""Pages and the check after an upload: the member's upload goes through the service, the real
Celery worker runs the check, staff see the flag and decide it; others are refused."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from integrity.models import Flag
from programs import services
from seoul_se.core.models import BackgroundJob
from tests.conftest import wait_for
from tests.factories import MembershipFactory
from tests.integrity.planted import _agreement
from tests.programs.conftest import PDF


@pytest.fixture
def recipient_agreement(db):
    from tests.factories import EnterpriseFactory

    return _agreement(EnterpriseFactory(), year=2024)


def test_an_upload_is_checked_by_the_worker(
    transactional_db, celery_worker, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from tests.factories import EnterpriseFactory

    first = _agreement(EnterpriseFactory(), year=2024)
    second = _agreement(EnterpriseFactory(), program_type="excellent", year=2024)
    member = MembershipFactory(enterprise=second.enterprise, user__role="enterprise_member").user
    services.record_grant_expenditure(
        first,
        actor=staff,
        spent_on=dt.date(2024, 5, 2),
        payee="인쇄소",
        amount=700_000,
        evidence_kind="tax_invoice",
        evidence_file=SimpleUploadedFile("a.pdf", PDF),
    )
    services.record_grant_expenditure(
        second,
        actor=member,
        spent_on=dt.date(2024, 6, 2),
        payee="인쇄소",
        amount=700_000,
        evidence_kind="tax_invoice",
        evidence_file=SimpleUploadedFile("b.pdf", PDF),
    )
    # One job per upload; whichever runs after both commits finds the pair, the other finds it
    # again or nothing: never a second flag.
    wait_for(
        lambda: (
            BackgroundJob.objects.filter(
                kind="integrity.check_spending", status=BackgroundJob.Status.SUCCEEDED
            ).count()
            == 2
        )
    )
    jobs = BackgroundJob.objects.filter(kind="integrity.check_spending")
    assert {job.created_by for job in jobs} == {staff, member}
    (flag,) = Flag.objects.all()
    assert flag.rule == "evidence_reuse"
    assert "내용이 같은 증빙 파일" in flag.explanation


def test_evidence_needs_a_file_or_an_approval_number(recipient_agreement, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.record_grant_expenditure(
            recipient_agreement,
            actor=staff,
            spent_on=dt.date(2024, 5, 2),
            payee="문구사",
            amount=10_000,
            evidence_kind="tax_invoice",
        )
    assert "evidence_file" in error.value.message_dict


def test_another_enterprise_cannot_record_spending(recipient_agreement, make_user):
    from django.core.exceptions import PermissionDenied

    outsider = MembershipFactory(user__role="enterprise_member").user
    with pytest.raises(PermissionDenied):
        services.record_grant_expenditure(
            recipient_agreement,
            actor=outsider,
            spent_on=dt.date(2024, 5, 2),
            payee="문구사",
            amount=10_000,
            evidence_kind="tax_invoice",
            approval_number="1234",
        )


@pytest.fixture
def flag(db):
    from integrity import workflow

    flag = Flag.objects.create(
        rule="related_party",
        fingerprint="related_party:gx1",
        explanation="설명",
        subjects=[{"kind": "enterprise", "id": 1, "label": "기업", "url": "/enterprises/1/"}],
    )
    workflow.MACHINE.start(flag, actor=None)
    return flag


def test_staff_see_and_decide_flags(client_for, staff, flag):
    client = client_for(staff)
    page = client.get(reverse("integrity:list"))
    assert page.status_code == 200 and "특수관계 지급" in page.content.decode()
    detail = client.get(reverse("integrity:detail", args=[flag.pk]))
    assert "해당 없음으로 종결" in detail.content.decode()
    refused = client.post(
        reverse("integrity:act", args=[flag.pk]), {"action": "dismiss", "comment": ""}, follow=True
    )
    assert "종결 사유를 입력해 주세요." in refused.content.decode()
    client.post(
        reverse("integrity:act", args=[flag.pk]), {"action": "dismiss", "comment": "정상 거래"}
    )
    flag.refresh_from_db()
    assert flag.status == "dismissed"


def test_auditors_read_but_do_not_decide(client_for, auditor, flag):
    client = client_for(auditor)
    assert client.get(reverse("integrity:detail", args=[flag.pk])).status_code == 200
    assert (
        client.post(reverse("integrity:act", args=[flag.pk]), {"action": "confirm"}).status_code
        == 403
    )
    flag.refresh_from_db()
    assert flag.status == "open"


@pytest.mark.parametrize("role", ["enterprise_member", "reviewer", "intermediary_staff"])
def test_others_are_refused(client_for, make_user, flag, role):
    client = client_for(make_user(role))
    assert client.get(reverse("integrity:list")).status_code == 403
    assert client.get(reverse("integrity:detail", args=[flag.pk])).status_code == 403


def test_open_flags_in_the_home_queue_equal_the_list(client_for, staff, flag):
    from integrity import work

    closed = Flag.objects.create(
        rule="split_payments",
        fingerprint="split_payments:x",
        explanation="설명",
        status="dismissed",
    )
    (item,) = work.items(staff)
    assert item.count == 1
    listed = client_for(staff).get(item.url).context["page"]
    assert [f.pk for f in listed] == [flag.pk] and closed.pk not in [f.pk for f in listed]
