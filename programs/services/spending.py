"""보조금 집행 내역: the recipient (or staff) records what the grant paid for, with evidence."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from programs import workflow
from programs.models import Agreement, Application, EvidenceKind, GrantExpenditure
from programs.services.common import _require_applicant
from programs.signals import grant_expenditure_recorded
from seoul_se.accounts.models import User
from seoul_se.core.evidence import file_sha256, normalise_approval
from seoul_se.core.text import ascii_digits, validate_no_control_characters
from seoul_se.core.uploads import check_upload


@transaction.atomic
def record_grant_expenditure(
    agreement: Agreement,
    *,
    actor: User,
    spent_on: dt.date,
    payee: str,
    amount: int,
    evidence_kind: str,
    approval_number: str = "",
    payee_business_number: str = "",
    payee_account: str = "",
    evidence_file: UploadedFile | None = None,
    split_reason: str = "",
) -> GrantExpenditure:
    """Record one payment of the grant. A member of the recipient or staff; the agreement must be
    running; evidence is a file or an approval number. ``split_reason`` declares a payment split
    on purpose (e.g. instalments of one contract), which the split-payment check then accepts."""
    application = Application.objects.get(pk=agreement.application_id)
    _require_applicant(actor, application)
    if application.status not in workflow.PAYABLE:
        raise ValidationError(
            _("진행 중인 협약에만 집행 내역을 등록할 수 있습니다."), code="agreement_not_running"
        )
    if amount <= 0:
        raise ValidationError({"amount": _("집행액은 0원보다 커야 합니다.")}, code="amount")
    if evidence_kind not in EvidenceKind.values:
        raise ValidationError({"evidence_kind": _("증빙 종류를 선택해 주세요.")}, code="kind")
    for text in (payee, approval_number, payee_account, split_reason):
        validate_no_control_characters(text)
    if not payee.strip():
        raise ValidationError({"payee": _("지급처를 입력해 주세요.")}, code="payee_required")
    approval = normalise_approval(approval_number)
    if evidence_file is None and not approval:
        raise ValidationError(
            {"evidence_file": _("증빙 파일이나 승인번호 중 하나는 있어야 합니다.")},
            code="evidence_required",
        )
    expenditure = GrantExpenditure(
        agreement=agreement,
        spent_on=spent_on,
        payee=payee.strip(),
        payee_business_number=re.sub(r"\D", "", ascii_digits(payee_business_number)),
        payee_account=re.sub(r"\D", "", ascii_digits(payee_account)),
        amount=amount,
        evidence_kind=evidence_kind,
        approval_number=approval,
        split_declared=bool(split_reason.strip()),
        split_reason=split_reason.strip()[:300],
        recorded_by=actor,
    )
    if evidence_file is not None:
        check_upload(evidence_file)
        expenditure.evidence_sha256 = file_sha256(evidence_file)
        expenditure.evidence_file.save(evidence_file.name or "evidence", evidence_file, save=False)
    expenditure.full_clean(exclude=["evidence_file", "recorded_by"])
    expenditure.save()
    transaction.on_commit(
        lambda: grant_expenditure_recorded.send(
            sender=GrantExpenditure, expenditure_ids=[expenditure.pk], actor=actor
        )
    )
    return expenditure
