"""Monthly repayment reports of intermediaries (월별 상환 보고, the ``funds.repayment_report``
import): each row is a repayment under the intermediary's own reference.

The reference is unique per intermediary (``ReportedRepayment``), so a row whose reference was
posted before with the same loan, date and amount posts nothing; with another loan, date or
amount it is a correction: the earlier posting is reversed (``ledger.reversal_entry``, the
ledger's own reversal) and the new one posted. The loans touched are then locked and replayed
once each, read and written in bulk (``bulk_ledger.replay_loans``, in chunks of loans): a
constant number of queries per chunk, plus a status change for a loan the ledger moves (e.g. its
first repayment).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from funds import access
from funds.models import (
    Intermediary,
    Loan,
    LoanTransaction,
    RepaymentReport,
    ReportedRepayment,
    TransactionKind,
)
from funds.services.bulk_ledger import replay_loans
from funds.services.ledger import ledger_status, reversal_entry
from funds.workflow import LOAN_MACHINE
from seoul_se.access import require_role
from seoul_se.accounts.models import User


@dataclass(frozen=True)
class ReportLine:
    row: int
    reference: str
    loan_id: int
    value_date: dt.date
    amount: int
    previous: ReportedRepayment | None = None  # the reference's earlier posting (a correction)


def check_reporter(actor: User, intermediary: Intermediary) -> None:
    """Intermediary staff report only for their own institution (PermissionDenied)."""
    require_role(actor, access.REPAYMENT_REPORT_ROLES)
    if not access.reporting_intermediaries(actor).filter(pk=intermediary.pk).exists():
        raise PermissionDenied(_("다른 수행기관의 상환 보고는 올릴 수 없습니다."))


def _locked_loans(intermediary: Intermediary, loan_ids: set[int]) -> list[Loan]:
    loans = list(
        Loan.objects.select_for_update(of=("self",))
        .filter(pk__in=loan_ids, intermediary=intermediary)
        .order_by("pk")  # one lock order for every report: no deadlock between two uploads
    )
    if len(loans) != len(loan_ids):
        raise ValidationError(
            _("다른 수행기관의 융자가 포함되어 있습니다."), code="other_intermediary"
        )
    return loans


@transaction.atomic
def post_repayment_report(
    intermediary: Intermediary,
    lines: Sequence[ReportLine],
    *,
    actor: User,
    file_name: str,
) -> RepaymentReport | None:
    """Post the new and corrected lines (``lines`` hold only those; the caller has checked them
    with the engine) and record the report. None when there is nothing to post."""
    check_reporter(actor, intermediary)
    if not lines:
        return None
    corrections = [line for line in lines if line.previous is not None]
    posted_to = {line.loan_id for line in lines}
    # A correction may move a reference to another loan: the first loan is replayed too.
    loans = _locked_loans(
        intermediary, posted_to | {line.previous.loan_id for line in corrections if line.previous}
    )
    report = RepaymentReport.objects.create(
        intermediary=intermediary,
        month=max(line.value_date for line in lines).replace(day=1),
        file_name=file_name,
        row_count=len(lines),
        posted_count=len(lines) - len(corrections),
        corrected_count=len(corrections),
        amount=sum(line.amount for line in lines),
        uploaded_by=actor,
    )
    LoanTransaction.objects.bulk_create(
        reversal_entry(
            line.previous.transaction,
            actor=actor,
            reason=_("상환 보고 정정 (참조번호 %(reference)s)") % {"reference": line.reference},
        )
        for line in corrections
        if line.previous is not None
    )
    postings = LoanTransaction.objects.bulk_create(
        LoanTransaction(
            loan_id=line.loan_id,
            kind=TransactionKind.REPAYMENT,
            value_date=line.value_date,
            amount=line.amount,
            reason=_("월별 상환 보고 (참조번호 %(reference)s)") % {"reference": line.reference},
            posted_by=actor,
        )
        for line in lines
    )
    fresh, corrected = [], []
    for line, txn in zip(lines, postings, strict=True):
        if line.previous is None:
            fresh.append(
                ReportedRepayment(
                    intermediary=intermediary,
                    reference=line.reference,
                    loan_id=line.loan_id,
                    transaction=txn,
                    report=report,
                )
            )
        else:
            line.previous.loan_id, line.previous.transaction, line.previous.report = (
                line.loan_id,
                txn,
                report,
            )
            corrected.append(line.previous)
    ReportedRepayment.objects.bulk_create(fresh, batch_size=2_000)
    ReportedRepayment.objects.bulk_update(corrected, ["loan", "transaction", "report"])
    comment = _("월별 상환 보고 %(file)s") % {"file": file_name}
    results = replay_loans(loans)
    for loan in loans:
        result = results[loan.pk]
        # A loan posted to has a live repayment now; one a reference moved away from is asked.
        paid = True if loan.pk in posted_to else None
        status = ledger_status(loan, result, paid_something=paid)
        LOAN_MACHINE.derive(loan, status, actor=actor, comment=comment)
    return report
