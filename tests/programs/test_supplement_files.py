"""보완요청 answered with files: checked like every upload, kept with the request, shown to staff
and downloadable only by those who may see the application."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.models import Attachment
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.programs.conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplement(submitted, staff):
    return services.request_supplement(
        submitted, "통장 사본", timezone.now() + dt.timedelta(days=2), actor=staff
    )


def _answer(client, supplement, files, response=""):
    return client.post(
        reverse("programs:supplement_answer", args=[supplement.pk]),
        {"response": response, "files": files},
        follow=True,
    )


def test_member_answers_with_files_and_staff_download_them(
    client_for, supplement, applicant, staff
):
    page = _answer(client_for(applicant), supplement, [pdf("통장.pdf"), pdf("등본.pdf")])
    assert "보완 내용을 제출했습니다" in page.text
    supplement.refresh_from_db()
    assert supplement.responded_at is not None
    files = list(supplement.files.all())
    assert [f.original_name for f in files] == ["통장.pdf", "등본.pdf"]
    assert all(f.application_id == supplement.application_id for f in files)
    detail = client_for(staff).get(
        reverse("programs:application_detail", args=[supplement.application_id])
    )
    assert 'data-testid="supplement-files"' in detail.text and "등본.pdf" in detail.text
    # Answer files are not the application's submitted documents.
    assert list(detail.context["attachments"]) == []
    download = client_for(staff).get(reverse("programs:attachment_download", args=[files[0].pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_another_member_can_neither_download_nor_answer(client_for, supplement, applicant):
    _answer(client_for(applicant), supplement, [pdf()])
    stranger = MembershipFactory(enterprise=EnterpriseFactory()).user
    file = supplement.files.get()
    client = client_for(stranger)
    assert client.get(reverse("programs:attachment_download", args=[file.pk])).status_code == 404
    later = services.request_supplement(
        supplement.application,
        "추가 자료",
        timezone.now() + dt.timedelta(days=1),
        actor=supplement.requested_by,
    )
    response = client.post(
        reverse("programs:supplement_answer", args=[later.pk]), {"files": [pdf()]}
    )
    assert response.status_code == 404
    assert not later.files.exists()


def test_a_refused_file_keeps_nothing(client_for, supplement, applicant):
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")
    page = _answer(client_for(applicant), supplement, [pdf(), fake])
    assert "허용되지 않는 파일 형식" in page.text
    supplement.refresh_from_db()
    assert supplement.responded_at is None
    assert not Attachment.objects.filter(supplement=supplement).exists()


def test_files_alone_answer_but_nothing_at_all_does_not(supplement, applicant):
    with pytest.raises(ValidationError, match="보완 내용을 입력해"):
        services.answer_supplement(supplement, " ", actor=applicant)
    services.answer_supplement(supplement, "", actor=applicant, files=[pdf()])
    assert supplement.files.count() == 1
