"""Builders for KPI tests: indicators, and the other apps' records the measures count.

The other apps' rows are created directly (minimal required fields) so these tests do not
depend on their factories' defaults.
"""

import datetime as dt
from decimal import Decimal
from itertools import count

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from kpis.models import BusinessArea, Indicator, Source
from seoul_se.reference.models import District

_seq = count(1)


class BusinessAreaFactory(DjangoModelFactory):
    class Meta:
        model = BusinessArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"사업분야{n}")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    area = factory.SubFactory(BusinessAreaFactory)
    year = 2018
    name = factory.Sequence(lambda n: f"지표{n}")
    unit = "건"
    target = Decimal("200")
    source = Source.MANUAL


def evidence(name: str = "evidence.pdf") -> ContentFile:
    return ContentFile(b"%PDF-1.4 evidence", name=name)


def program(year: int = 2019, program_type: str = "innovation", **kwargs):
    from programs.models import Program

    return Program.objects.create(
        year=year,
        program_type=program_type,
        name=kwargs.pop("name", f"{year} {program_type}"),
        **kwargs,
    )


def application(prog, enterprise, *, selected: bool = True, status: str = "selected"):
    from programs.models import Application, Call

    call = prog.calls.first() or Call.objects.create(
        program=prog,
        title=f"{prog.name} 공모",
        opens_at=timezone.make_aware(dt.datetime(prog.year, 1, 2)),
        closes_at=timezone.make_aware(dt.datetime(prog.year, 2, 1)),
    )
    return Application.objects.create(
        call=call,
        enterprise=enterprise,
        title=f"신청 {next(_seq)}",
        status=status if selected else "rejected",
        selected_at=timezone.make_aware(dt.datetime(prog.year, 3, 1)) if selected else None,
    )


def agreement(prog, enterprise, *, signed_on: dt.date, amount: int = 10_000_000):
    from programs.models import Agreement, Application

    app = Application.objects.filter(call__program=prog, enterprise=enterprise).first()
    if app is None:
        app = application(prog, enterprise, status="agreement_signed")
    else:
        Application.objects.filter(pk=app.pk).update(status="agreement_signed")
    return Agreement.objects.create(
        application=app,
        program=prog,
        enterprise=enterprise,
        award_amount=amount,
        national_amount=0,
        city_amount=amount,
        starts_on=signed_on,
        ends_on=signed_on + dt.timedelta(days=300),
        signed_on=signed_on,
    )


def disbursement(agr, *, paid_on: dt.date, amount: int):
    from programs.models import Disbursement

    return Disbursement.objects.create(
        agreement=agr, paid_on=paid_on, amount=amount, national_amount=0, city_amount=amount
    )


def workshop(*, held_on: dt.date, complex_name: str = "관악 휴먼시아"):
    from programs.models import ApartmentComplex, Workshop

    apt, _ = ApartmentComplex.objects.get_or_create(
        name=complex_name,
        defaults={
            "district": District.objects.get(name="관악구"),
            "tenure": "rental",
            "joined_year": held_on.year,
        },
    )
    return Workshop.objects.create(
        complex=apt, held_on=held_on, facilitator="퍼실리테이터", attendance=20
    )


def loan_disbursement(enterprise, *, on: dt.date, amount: int):
    from funds.models import Fund, Intermediary, Loan, LoanDisbursement, LoanProduct

    fund, _ = Fund.objects.get_or_create(name="서울시 사회투자기금")
    intermediary, _ = Intermediary.objects.get_or_create(name="수행기관A", defaults={"fund": fund})
    product, _ = LoanProduct.objects.get_or_create(
        code="enterprise",
        defaults={
            "fund": fund,
            "name": "사회적경제기업 융자",
            "category": "enterprise",
            "cap": 200_000_000,
            "rate": Decimal("0.03"),
            "term_months": 60,
            "repayment_method": "equal_instalment",
            "frequency": "monthly",
        },
    )
    loan = Loan.objects.create(
        number=f"L-{next(_seq)}",
        enterprise=enterprise,
        intermediary=intermediary,
        product=product,
        requested_amount=amount,
        approved_amount=amount,
        rate=Decimal("0.02"),
        term_months=60,
        repayment_method="equal_instalment",
        frequency="monthly",
        status="disbursed",
        applied_on=on,
    )
    return LoanDisbursement.objects.create(loan=loan, disbursed_on=on, amount=amount)


def village_designation(enterprise, *, on: dt.date, kind: str = "village_new"):
    from enterprises.models import Certification

    return Certification.objects.create(enterprise=enterprise, kind=kind, valid_from=on)
