"""보조금 집행 내역 on the agreement page: the recipient's member records spending with its
evidence; another enterprise's member cannot."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import GrantExpenditure
from tests.factories import MembershipFactory
from tests.programs.conftest import PDF


def test_the_recipient_records_spending_with_evidence(client_for, agreement, applicant):
    client = client_for(applicant)
    page = client.get(reverse("programs:agreement_detail", args=[agreement.pk]))
    assert "집행 내역 등록" in page.content.decode()
    response = client.post(
        reverse("programs:spending_create", args=[agreement.pk]),
        {
            "spent_on": "2026-05-02",
            "payee": "인쇄소",
            "payee_business_number": "",
            "amount": "700000",
            "evidence_kind": "tax_invoice",
            "approval_number": "2026-0502-4100-0099-1234-5678",
            "evidence_file": SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    (row,) = GrantExpenditure.objects.all()
    assert row.approval_number == "202605024100009912345678"
    assert len(row.evidence_sha256) == 64
    assert row.recorded_by == applicant


@pytest.mark.parametrize("who", ["outsider", "reviewer"])
def test_others_cannot_record_spending(client_for, agreement, make_user, who):
    user = (
        MembershipFactory(user__role="enterprise_member").user
        if who == "outsider"
        else make_user(who)
    )
    response = client_for(user).post(
        reverse("programs:spending_create", args=[agreement.pk]),
        {
            "spent_on": "2026-05-02",
            "payee": "x",
            "amount": "1",
            "evidence_kind": "other",
            "approval_number": "1",
        },
    )
    assert response.status_code in (403, 404)
    assert not GrantExpenditure.objects.exists()
