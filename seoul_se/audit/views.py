from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seoul_se.access import AUDIT_TRAIL_ROLES, role_required
from seoul_se.audit import selectors
from seoul_se.audit.forms import AuditFilterForm


@role_required(*AUDIT_TRAIL_ROLES)
def log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, model_choices=selectors.audited_models())
    kwargs = form.selector_kwargs() if form.is_valid() else {}
    page = Paginator(selectors.log_entries(**kwargs), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
