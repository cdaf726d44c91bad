"""SIB pages: thin views over ``selectors`` / ``services``; scoping in ``impact_bonds.access``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impact_bonds import access, selectors, services, tables
from impact_bonds.forms import MeasurementForm, PayoutRuleForm
from impact_bonds.models import ImpactBond
from impact_bonds.payout import number_text


def _require_open(request: HttpRequest) -> None:
    if not access.may_open(request.user):
        raise PermissionDenied(_("이 화면에 접근할 권한이 없습니다."))


def _attach(form, exc: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def bond_list(request: HttpRequest) -> HttpResponse:
    _require_open(request)
    bonds = selectors.bonds_for_list(access.visible_bonds(request.user))
    rows = [(bond, selectors.latest_outcome(bond)) for bond in bonds]
    return render(request, "impact_bonds/list.html", {"rows": rows})


@login_required
def bond_export(request: HttpRequest) -> HttpResponse:
    _require_open(request)
    bonds = selectors.bonds_for_list(access.visible_bonds(request.user))
    return tables.BONDS.response(bonds, "사회성과보상사업.xlsx")


@login_required
def measurement_export(request: HttpRequest) -> HttpResponse:
    _require_open(request)
    rows = selectors.measurements_for_list(access.visible_measurements(request.user))
    return tables.MEASUREMENTS.response(rows, "사회성과보상사업_성과측정.xlsx")


def _bond(request: HttpRequest, pk: int) -> ImpactBond:
    _require_open(request)
    return get_object_or_404(access.visible_bonds(request.user), pk=pk)


@login_required
def bond_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bond = _bond(request, pk)
    return _render_detail(request, bond)


def _render_detail(
    request: HttpRequest,
    bond: ImpactBond,
    measurement_form: MeasurementForm | None = None,
    rule_form: PayoutRuleForm | None = None,
) -> HttpResponse:
    can_measure = access.can_measure(request.user, bond)
    can_manage = access.can_manage(request.user)
    measurements = selectors.measurements_for_list(
        access.visible_measurements(request.user).filter(metric__bond=bond)
    )
    rule = selectors.rule_of(bond)
    if can_manage and rule_form is None:
        rule_form = PayoutRuleForm(
            initial={
                "bands": "\n".join(
                    f"{number_text(b.lower)}, {number_text(b.upper) if b.upper is not None else ''}, "
                    f"{number_text(b.payout_percent)}"
                    for b in rule
                )
            }
        )
    return render(
        request,
        "impact_bonds/detail.html",
        {
            "bond": bond,
            "budget_lines": bond.budget_lines.all(),
            "investors": bond.investors.all(),
            "metrics": bond.metrics.all(),
            "measurements": [(m, selectors.payout_for(m)) for m in measurements],
            "rule": rule,
            "outcome": selectors.latest_outcome(bond),
            "measurement_form": (measurement_form or MeasurementForm(bond=bond))
            if can_measure
            else None,
            "rule_form": rule_form if can_manage else None,
        },
    )


@require_POST
@login_required
def measurement_create(request: HttpRequest, pk: int) -> HttpResponse:
    bond = _bond(request, pk)
    if not access.can_measure(request.user, bond):
        raise PermissionDenied(_("이 사업의 성과를 입력할 권한이 없습니다."))
    form = MeasurementForm(request.POST, bond=bond)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_measurement(
                data["metric"],
                actor=request.user,
                year=data["year"],
                value=data["value"],
                note=data["note"],
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("성과 측정값을 저장했습니다."))
            return redirect("impact_bonds:detail", bond.pk)
    return _render_detail(request, bond, measurement_form=form)


@require_POST
@login_required
def rule_update(request: HttpRequest, pk: int) -> HttpResponse:
    bond = _bond(request, pk)
    if not access.can_manage(request.user):
        raise PermissionDenied(_("성과보상 구간은 서울시 담당자만 정할 수 있습니다."))
    form = PayoutRuleForm(request.POST)
    if form.is_valid():
        try:
            services.set_payout_rule(bond, actor=request.user, bands=form.cleaned_data["bands"])
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("성과보상 구간을 저장했습니다."))
            return redirect("impact_bonds:detail", bond.pk)
    return _render_detail(request, bond, rule_form=form)
