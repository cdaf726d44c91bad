"""A call's 공고문 and forms: staff upload and remove them, whoever sees the call downloads."""

import io
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs import services
from programs.models import Call, CallDocument
from tests.programs.conftest import PDF, pdf
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db


def docx(name: str = "신청서 양식.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def test_staff_add_documents_checked_by_content(call, staff):
    notice = services.add_call_document(call, pdf("공고문.pdf"), "notice", actor=staff)
    form = services.add_call_document(call, docx(), "application_form", "신청서 양식", actor=staff)
    assert (notice.file_type, notice.original_name, notice.size) == ("pdf", "공고문.pdf", len(PDF))
    assert str(notice) == "공고문" and str(form) == "신청서 양식"
    assert [d.kind for d in call.documents.all()] == ["notice", "application_form"]
    with pytest.raises(ValidationError) as renamed:
        services.add_call_document(
            call, SimpleUploadedFile("공고문.pdf", b"MZ\x90\x00"), "notice", actor=staff
        )
    assert renamed.value.code == "file_type"
    image = SimpleUploadedFile("poster.png", b"\x89PNG\r\n\x1a\n....")
    with pytest.raises(ValidationError) as not_a_document:
        services.add_call_document(call, image, "other_form", actor=staff)
    assert not_a_document.value.code == "file_type"
    with pytest.raises(ValidationError) as bad_kind:
        services.add_call_document(call, pdf(), "poster", actor=staff)
    assert bad_kind.value.code == "document_kind"
    assert call.documents.count() == 2


def test_only_staff_add_or_remove(
    call, staff, applicant, reviewer, django_capture_on_commit_callbacks
):
    document = services.add_call_document(call, pdf(), "notice", actor=staff)
    for user in (applicant, reviewer):
        with pytest.raises(PermissionDenied):
            services.add_call_document(call, pdf(), "notice", actor=user)
        with pytest.raises(PermissionDenied):
            services.remove_call_document(document, actor=user)
    stored = Path(document.file.path)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_call_document(document, actor=staff)
    assert not CallDocument.objects.exists()
    assert not stored.exists()


def test_pages_upload_download_and_delete(client_for, call, staff, applicant):
    client = client_for(staff)
    detail = reverse("programs:call_detail", args=[call.pk])
    response = client.post(
        reverse("programs:call_document_upload", args=[call.pk]),
        {"kind": "notice", "label": "2020년 공고문", "file": pdf("공고문.pdf")},
        follow=True,
    )
    assert "공모 문서를 올렸습니다" in response.text
    bad = client.post(
        reverse("programs:call_document_upload", args=[call.pk]),
        {"kind": "notice", "file": SimpleUploadedFile("x.pdf", b"MZ...")},
        follow=True,
    )
    assert "허용되지 않는 파일 형식" in bad.text
    document = CallDocument.objects.get()

    member = client_for(applicant)
    page = member.get(detail).text
    url = reverse("programs:call_document_download", args=[document.pk])
    assert "2020년 공고문" in page and url in page and "공고문·양식 올리기" not in page
    download = member.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert quote("공고문.pdf") in download["Content-Disposition"]
    # Members cannot upload or delete.
    assert (
        member.post(reverse("programs:call_document_delete", args=[document.pk])).status_code == 403
    )
    assert (
        member.post(
            reverse("programs:call_document_upload", args=[call.pk]),
            {"kind": "notice", "file": pdf()},
        ).status_code
        == 403
    )
    staff_client = client_for(staff)
    staff_client.post(reverse("programs:call_document_delete", args=[document.pk]))
    assert not CallDocument.objects.exists()


def test_documents_of_a_draft_call_are_not_downloadable_by_members(client_for, staff, applicant):
    draft_call = CallFactory(status=Call.Status.DRAFT)
    document = services.add_call_document(draft_call, pdf(), "notice", actor=staff)
    url = reverse("programs:call_document_download", args=[document.pk])
    assert client_for(applicant).get(url).status_code == 404
    assert client_for(staff).get(url).status_code == 200


def test_anonymous_visitors_are_sent_to_login(client, call, staff):
    document = services.add_call_document(call, pdf(), "notice", actor=staff)
    response = client.get(reverse("programs:call_document_download", args=[document.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
