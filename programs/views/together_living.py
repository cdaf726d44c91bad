"""같이살림 pages: complexes and their records."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from programs import access, forms, selectors, services
from programs.models import (
    ApartmentComplex,
)
from programs.views.common import _saved
from seoul_se.access import (
    READ_ALL_ROLES,
    STAFF_ROLES,
    role_required,
)
from seoul_se.core.feedback import attempt, form_errors
from seoul_se.core.query import query_year


@role_required(*READ_ALL_ROLES)
def complex_list(request: HttpRequest) -> HttpResponse:
    year = query_year(request) or timezone.localdate().year
    complexes = selectors.complexes_with_workshops(year)
    return render(
        request,
        "programs/complex_list.html",
        {
            "complexes": complexes,
            "year": year,
            "years": range(2018, timezone.localdate().year + 1),
            "is_staff": access.is_staff(request.user),
        },
    )


@role_required(*READ_ALL_ROLES)
def complex_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complex = get_object_or_404(ApartmentComplex.objects.select_related("district"), pk=pk)
    staff = access.is_staff(request.user)
    form = forms.WorkshopForm(request.POST if request.POST.get("kind") == "workshop" else None)
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        if request.POST.get("kind") == "workshop":
            if form.is_valid() and attempt(
                request,
                lambda: services.record_workshop(complex, actor=request.user, **form.cleaned_data),
                _("워크숍을 기록했습니다."),
            ):
                return redirect("programs:complex_detail", complex.pk)
        elif request.POST.get("kind") in forms.COMPLEX_RECORD_FORMS:
            kind = request.POST["kind"]
            form_class, success = forms.COMPLEX_RECORD_FORMS[kind]
            record = form_class(request.POST)
            if record.is_valid():
                attempt(
                    request,
                    lambda: services.add_complex_record(
                        complex, kind, record.cleaned_data, actor=request.user
                    ),
                    success,
                )
            else:
                for message in form_errors(record):
                    messages.error(request, message)
            return redirect("programs:complex_detail", complex.pk)
        elif request.POST.get("kind") == "match":
            match = forms.MatchEnterpriseForm(request.POST)
            if match.is_valid():
                year = get_object_or_404(complex.years, pk=match.cleaned_data["complex_year"])
                attempt(
                    request,
                    lambda: services.match_enterprise(
                        year, match.cleaned_data["business_number"], actor=request.user
                    ),
                    _("매칭 기업을 추가했습니다."),
                )
            else:
                messages.error(request, _("사업자등록번호를 입력해 주세요."))
            return redirect("programs:complex_detail", complex.pk)
        elif request.POST.get("kind") == "unmatch":
            unmatch = forms.UnmatchEnterpriseForm(request.POST)
            if unmatch.is_valid():
                year = get_object_or_404(complex.years, pk=unmatch.cleaned_data["complex_year"])
                services.unmatch_enterprise(
                    year, unmatch.cleaned_data["enterprise"], actor=request.user
                )
                messages.success(request, _("매칭을 해제했습니다."))
            return redirect("programs:complex_detail", complex.pk)
    record_forms = (
        [(kind, form_class()) for kind, (form_class, _msg) in forms.COMPLEX_RECORD_FORMS.items()]
        if staff
        else []
    )
    return render(
        request,
        "programs/complex_detail.html",
        {
            "complex": complex,
            "years": complex.years.prefetch_related("matched_enterprises"),
            "workshops": complex.workshops.all(),
            "problems": complex.problems.all(),
            "groups": complex.groups.all(),
            "surveys": complex.surveys.all(),
            "form": form if staff else None,
            "record_forms": record_forms,
            "staff": staff,
        },
    )


@role_required(*STAFF_ROLES)
def complex_create(request: HttpRequest) -> HttpResponse:
    form = forms.ComplexForm(request.POST or None)
    complex = _saved(
        request,
        form,
        lambda data: services.create_complex(data, actor=request.user),
        _("단지를 등록했습니다."),
    )
    if complex is not None:
        return redirect("programs:complex_detail", complex.pk)
    return render(request, "programs/form.html", {"form": form, "title": _("같이살림 단지 등록")})
