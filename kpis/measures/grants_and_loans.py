"""Measures over grants and loans: programs (selection, agreements, disbursements, workshops),
the social investment fund and village enterprise designations."""

from django.utils.translation import gettext_noop

from enterprises import selectors as enterprise_selectors
from funds import selectors as fund_selectors
from kpis.measures.registry import COUNT, MONEY, Measure, Param, register
from programs import selectors as program_selectors


def _program_param(required: bool = False) -> tuple[Param, ...]:
    return (Param("program", gettext_noop("지원사업"), "program", required),)


# Each measure counts the records its owning app's selector returns for the years [first, last].
register(
    Measure(
        key="applications_selected",
        description=gettext_noop("지원사업 선정 건수 (사업 지정 시 해당 사업만)"),
        unit_kind=COUNT,
        queryset=program_selectors.selected_between,
        params=_program_param(),
        group_fields={"program": "call__program_id"},
        label=lambda a: f"{a.enterprise} · {a.call} ({a.get_status_display()})",
        related=("enterprise", "call"),
    )
)
register(
    Measure(
        key="program_disbursements",
        description=gettext_noop("지원사업 교부액 합계 (원, 사업 지정 시 해당 사업만)"),
        unit_kind=MONEY,
        queryset=program_selectors.disbursements_between,
        params=_program_param(),
        group_fields={"program": "agreement__program_id"},
        sum_field="amount",
        label=lambda d: f"{d.paid_on} {d.agreement.enterprise} {d.amount:,}원",
        related=("agreement__enterprise",),
    )
)
register(
    Measure(
        key="workshops_held",
        description=gettext_noop("같이살림 주민 워크숍 개최 횟수"),
        unit_kind=COUNT,
        queryset=program_selectors.workshops_between,
        label=lambda w: f"{w.held_on} {w.complex} · {w.topic or w.facilitator} ({w.attendance}명)",
        related=("complex",),
    )
)
register(
    Measure(
        key="enterprises_with_loan",
        description=gettext_noop("사회투자기금 융자금을 지급받은 기업 수"),
        unit_kind=COUNT,
        queryset=fund_selectors.disbursements_between,
        distinct_field="loan__enterprise_id",
        label=lambda d: f"{d.disbursed_on} {d.loan.enterprise} ({d.loan.number}) {d.amount:,}원",
        related=("loan__enterprise",),
    )
)
register(
    Measure(
        key="amount_lent",
        description=gettext_noop("사회투자기금 융자 지급액 합계 (원)"),
        unit_kind=MONEY,
        queryset=fund_selectors.disbursements_between,
        sum_field="amount",
        label=lambda d: f"{d.disbursed_on} {d.loan.enterprise} ({d.loan.number}) {d.amount:,}원",
        related=("loan__enterprise",),
    )
)
register(
    Measure(
        key="village_new_designations",
        description=gettext_noop("마을기업 신규 지정 건수"),
        unit_kind=COUNT,
        queryset=enterprise_selectors.village_designations_between,
        label=lambda c: f"{c.valid_from} {c.enterprise}",
        related=("enterprise",),
    )
)
register(
    Measure(
        key="enterprises_supported",
        description=gettext_noop("협약을 체결한 지원 기업 수 (사업 지정 시 해당 사업만)"),
        unit_kind=COUNT,
        queryset=program_selectors.agreements_signed_between,
        params=_program_param(),
        group_fields={"program": "program_id"},
        distinct_field="enterprise_id",
        label=lambda a: f"{a.signed_on} {a.enterprise} · {a.program} {a.award_amount:,}원",
        related=("enterprise", "program"),
    )
)
