"""Setup records: programs, rule rows, calls, their documents (공고문, 양식), review criteria and
extra questions (validated and saved here; the audit trail records every change)."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from programs.models import (
    Call,
    CallDocument,
    CallQuestion,
    Program,
    ProgramRule,
    ReviewCriterion,
)
from seoul_se.access import OFFICIAL_ROLES, STAFF_ROLES, require_role
from seoul_se.accounts.models import User
from seoul_se.core.uploads import check_upload

# Documents applicants open and fill in: the office formats, never images.
CALL_DOCUMENT_TYPES = frozenset({"pdf", "hwp", "hwpx", "docx", "xlsx"})

Record = TypeVar("Record", bound=Model)


def _save_record(record: Record, data: Mapping[str, Any], *, actor: User, roles: Any) -> Record:
    """Set ``data`` on a setup record, validate and save it (the audit trail records it)."""
    require_role(actor, roles)
    related = {}
    for name, value in data.items():
        if record._meta.get_field(name).many_to_many:
            related[name] = value
        else:
            setattr(record, name, value)
    record.full_clean()
    record.save()
    for name, value in related.items():
        getattr(record, name).set(value)
    return record


@transaction.atomic
def save_program(program: Program | None, data: Mapping[str, Any], *, actor: User) -> Program:
    return _save_record(program or Program(), data, actor=actor, roles=OFFICIAL_ROLES)


@transaction.atomic
def save_rule(
    program: Program, rule: ProgramRule | None, data: Mapping[str, Any], *, actor: User
) -> ProgramRule:
    return _save_record(
        rule or ProgramRule(program=program), data, actor=actor, roles=OFFICIAL_ROLES
    )


@transaction.atomic
def save_call(call: Call | None, data: Mapping[str, Any], *, actor: User) -> Call:
    return _save_record(call or Call(), data, actor=actor, roles=STAFF_ROLES)


@transaction.atomic
def add_criterion(call: Call, data: Mapping[str, Any], *, actor: User) -> ReviewCriterion:
    return _save_record(ReviewCriterion(call=call), data, actor=actor, roles=STAFF_ROLES)


@transaction.atomic
def add_question(call: Call, data: Mapping[str, Any], *, actor: User) -> CallQuestion:
    return _save_record(CallQuestion(call=call), data, actor=actor, roles=STAFF_ROLES)


@transaction.atomic
def add_call_document(
    call: Call, upload: UploadedFile, kind: str, label: str = "", *, actor: User
) -> CallDocument:
    """Publish a 공고문 or a form with the call (content-checked like every upload)."""
    require_role(actor, STAFF_ROLES)
    if kind not in CallDocument.Kind.values:
        raise ValidationError(_("문서 구분이 올바르지 않습니다."), code="document_kind")
    file_type = check_upload(upload)
    if file_type not in CALL_DOCUMENT_TYPES:
        raise ValidationError(
            _("공모 문서는 PDF, HWP/HWPX, DOCX, XLSX 파일만 올릴 수 있습니다."),
            code="file_type",
        )
    document = CallDocument(
        call=call,
        kind=kind,
        label=label.strip(),
        file=upload,
        original_name=upload.name or "",
        file_type=file_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def remove_call_document(document: CallDocument, *, actor: User) -> None:
    require_role(actor, STAFF_ROLES)
    stored = document.file
    document.delete()
    # The file goes only once the row is gone for good (a rollback keeps both).
    transaction.on_commit(lambda: stored.delete(save=False))
