"""One ledger transaction's page: what was posted, how it was allocated, who posted it and
whether it was reversed; staff (and the loan's intermediary staff) reverse it there, after a
confirmation (docs/ui.md, "Confirmations")."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funds import access, quotes, services
from funds.forms import ReasonForm
from funds.kinds import REVERSAL
from funds.models import LoanTransaction
from funds.views.loans import writable_loan
from seoul_se.access import has_role, role_required
from seoul_se.core.feedback import attempt


def _visible_transaction(request: HttpRequest, pk: int) -> LoanTransaction:
    # Another loan's transaction is not found (404), as the loan itself would not be.
    return get_object_or_404(quotes.transactions_of(access.visible_loans(request.user)), pk=pk)


@role_required(*access.LOAN_READ_ROLES)
def transaction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    txn = _visible_transaction(request, pk)
    may_reverse = (
        has_role(request.user, access.LEDGER_WRITE_ROLES)
        and access.writable_loans(request.user).filter(pk=txn.loan_id).exists()
        and txn.kind != REVERSAL
        and not txn.is_reversed
    )
    return render(
        request,
        "funds/transaction_detail.html",
        {
            "txn": txn,
            "loan": txn.loan,
            "reversal": getattr(txn, "reversed_by", None),
            "show_poster": has_role(request.user, access.POSTER_READ_ROLES),
            "reason_form": ReasonForm() if may_reverse else None,
        },
    )


@require_POST
@role_required(*access.LEDGER_WRITE_ROLES)
def transaction_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    txn = _visible_transaction(request, pk)
    writable_loan(request, txn.loan_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("취소 사유를 입력해 주세요."))
    else:
        attempt(
            request,
            lambda: services.reverse_transaction(
                txn, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            _("거래를 취소했습니다."),
        )
    return redirect("funds:transaction_detail", txn.pk)
