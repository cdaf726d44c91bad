"""융자금 사용 내역: staff or the lending intermediary record what the loan paid for."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from funds import access
from funds.models import Loan
from funds.signals import loan_fund_use_recorded
from funds.spending_models import LoanFundUse
from seoul_se.accounts.models import User
from seoul_se.core.evidence import file_sha256, normalise_approval
from seoul_se.core.text import validate_no_control_characters
from seoul_se.core.uploads import check_upload


@transaction.atomic
def record_fund_use(
    loan: Loan,
    *,
    actor: User,
    spent_on: dt.date,
    payee: str,
    amount: int,
    approval_number: str = "",
    evidence_file: UploadedFile | None = None,
) -> LoanFundUse:
    if not access.writable_loans(actor).filter(pk=loan.pk).exists():
        raise PermissionDenied(_("이 융자의 사용 내역을 등록할 권한이 없습니다."))
    for text in (payee, approval_number):
        validate_no_control_characters(text)
    if amount <= 0:
        raise ValidationError({"amount": _("사용액은 0원보다 커야 합니다.")}, code="amount")
    approval = normalise_approval(approval_number)
    digest = ""
    if evidence_file is not None:
        check_upload(evidence_file)
        digest = file_sha256(evidence_file)
    if not approval and not digest:
        raise ValidationError(
            {"evidence_file": _("증빙 파일이나 승인번호 중 하나는 있어야 합니다.")},
            code="evidence_required",
        )
    use = LoanFundUse.objects.create(
        loan=loan,
        spent_on=spent_on,
        payee=payee.strip(),
        amount=amount,
        approval_number=approval,
        evidence_sha256=digest,
        recorded_by=actor,
    )
    transaction.on_commit(
        lambda: loan_fund_use_recorded.send(sender=LoanFundUse, use_ids=[use.pk], actor=actor)
    )
    return use
