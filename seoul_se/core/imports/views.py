"""Generic import pages (thin): choose a kind → upload → map headers → dry-run report or
preview → commit → the record. Access: the kind's roles (``ImportKind.allowed``); a record is
seen by its uploader and by staff and auditors."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from seoul_se.access import READ_ALL_ROLES, has_role
from seoul_se.core.excel import workbook_response
from seoul_se.core.imports import services
from seoul_se.core.imports.kinds import ImportKind, get_kind, kinds_for
from seoul_se.core.imports.workbook import template_workbook
from seoul_se.core.models import ImportRecord

UPLOAD_SLACK = 64 * 1024  # multipart overhead allowed above the kind's file limit
OUTCOME_LABELS = {
    "create": gettext_lazy("생성"),
    "change": gettext_lazy("변경"),
    "unchanged": gettext_lazy("그대로"),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("파일"),
        help_text=gettext_lazy("엑셀(.xlsx, .xls) 또는 CSV(.csv, UTF-8 또는 CP949)"),
    )

    def __init__(self, *args: object, kind: ImportKind, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if kind.sheets:  # a CSV holds one sheet (services refuse it, ``csv_single_sheet``)
            self.fields["file"].help_text = gettext_lazy("엑셀(.xlsx, .xls)")
        # The kind's context choices come first: what the whole file is about.
        context = {
            f.key: forms.ChoiceField(
                label=f.label,
                help_text=f.help,
                choices=[("", "---------"), *kind.context_choices(f.key, user)],
            )
            for f in kind.context_fields
        }
        self.fields = {**context, **self.fields}

    def context(self, kind: ImportKind) -> dict[str, str]:
        return {f.key: self.cleaned_data[f.key] for f in kind.context_fields}


def _context_query(kind: ImportKind, request: HttpRequest) -> str:
    """The context values given in the address (``?session=12``), to pass on to the template."""
    return urlencode(
        {f.key: request.GET[f.key] for f in kind.context_fields if f.key in request.GET}
    )


def _kind(name: str, user: object):  # type: ignore[no-untyped-def]
    try:
        return services.kind_for(name, user)  # type: ignore[arg-type]
    except LookupError:
        raise Http404 from None


def visible_records(user: object):  # type: ignore[no-untyped-def]
    """Staff and auditors see every import record; others only their own uploads."""
    records = ImportRecord.objects.select_related("actor")
    return records if has_role(user, READ_ALL_ROLES) else records.filter(actor=user)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "imports/index.html",
        {"kinds": kinds_for(request.user), "records": visible_records(request.user)[:20]},
    )


@login_required
def records(request: HttpRequest) -> HttpResponse:
    return render(request, "imports/records.html", {"records": visible_records(request.user)[:200]})


@login_required
def template(request: HttpRequest, kind: str) -> HttpResponse:
    found = _kind(kind, request.user)
    rows = None
    if found.context_fields and all(f.key in request.GET for f in found.context_fields):
        try:
            scope = found.resolve_context(request.GET.dict(), actor=request.user)
        except ValidationError:
            raise Http404 from None
        rows = found.template_rows(scope)
    return workbook_response(
        template_workbook(found, rows), found.template_name or f"{found.label}_양식.xlsx"
    )


@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    found = _kind(kind, request.user)
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if request.method == "POST" and declared > found.max_bytes + UPLOAD_SLACK:
        # Refused from its declared length, before Django reads the body.
        message = _("파일이 너무 큽니다. %(mb)sMB 이하의 파일만 올릴 수 있습니다.") % {
            "mb": found.max_bytes // 1_048_576
        }
        return render(
            request,
            "imports/upload.html",
            {
                "kind": found,
                "form": UploadForm(kind=found, user=request.user),
                "file_error": message,
            },
            status=413,
        )
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        kind=found,
        user=request.user,
        initial=request.GET.dict(),
    )
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            _plan, record = services.dry_run(
                found.name, file, file.name, actor=request.user, context=form.context(found)
            )
        except services.MappingRequired as exc:
            return redirect("imports:record", pk=exc.record.pk)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("imports:record", pk=record.pk)
    return render(
        request,
        "imports/upload.html",
        {"kind": found, "form": form, "context_query": _context_query(found, request)},
        status=400 if form.errors else 200,
    )


def _record(request: HttpRequest, pk: int) -> ImportRecord:
    return get_object_or_404(visible_records(request.user), pk=pk)


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    item = _record(request, pk)
    kind = get_kind(item.kind)
    errors = item.report.get("errors", [])
    preview = [
        {**row, "label": OUTCOME_LABELS.get(row["outcome"], row["outcome"])}
        for row in item.report.get("preview", [])
    ]
    mapping_rows = [
        {
            "sheet": sheet,
            "title": title,
            "chosen": chosen,
            "field": f"map:{sheet}:{index}",
        }
        for sheet, titles in (item.header or {}).items()
        for index, title in enumerate(titles)
        if title
        for chosen in [item.mapping.get(sheet, {}).get(title, "")]
    ]
    status = 400 if item.state == ImportRecord.State.REFUSED else 200
    return render(
        request,
        "imports/record.html",
        {
            "record": item,
            "kind": kind,
            "errors": errors,
            "preview": preview,
            "mapping_rows": mapping_rows,
            "columns": kind.sheet_columns(),
            "linked": item.imported.select_related("content_type")[:200],
            "is_uploader": item.actor_id == request.user.pk,
            "can_remap": item.state in services.REMAPPABLE,
            "job": item.job,
            "context": [
                (f.label, item.scope.get("labels", {}).get(f.key, "")) for f in kind.context_fields
            ],
        },
        status=status,
    )


@login_required
@require_POST
def remap(request: HttpRequest, pk: int) -> HttpResponse:
    item = _record(request, pk)
    chosen: dict[str, dict[str, str]] = {}
    for sheet, titles in (item.header or {}).items():
        chosen[sheet] = {
            title: request.POST.get(f"map:{sheet}:{index}", "")
            for index, title in enumerate(titles)
            if title
        }
    try:
        services.remap(item, actor=request.user, mapping=chosen)
    except services.MappingRequired as exc:
        messages.error(request, str(exc.messages[0]))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("imports:record", pk=item.pk)


@login_required
@require_POST
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _record(request, pk)
    try:
        done = services.commit_import(item, actor=request.user)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if done.state == ImportRecord.State.COMMITTED:
            messages.success(
                request,
                _("저장했습니다: 생성 %(c)s건, 변경 %(u)s건, 그대로 %(n)s건.")
                % {"c": f"{done.created:,}", "u": f"{done.changed:,}", "n": f"{done.unchanged:,}"},
            )
        elif done.state == ImportRecord.State.REFUSED:
            messages.error(
                request,
                _("저장하는 사이 자료가 바뀌어 오류가 생겼습니다. 아무것도 저장하지 않았습니다."),
            )
    return redirect("imports:record", pk=item.pk)
