"""Factories for the programs app: an open or closed call with rules and criteria."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from programs.models import Call, Program, ProgramRule, ReviewCriterion
from seoul_se.reference.models import LegalType


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("year", "program_type")

    year = 2020
    program_type = "innovation"
    name = "사회문제 해결 혁신형 사업"
    budget_amount = 756_000_000
    national_share = Decimal("0")
    max_years = 2


class RuleFactory(DjangoModelFactory):
    class Meta:
        model = ProgramRule
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"track{n}")
    name = "사회문제 해결 혁신형"
    max_amount = 100_000_000
    consortium_multiplier = Decimal("2")
    max_duration_months = 24

    @factory.post_generation
    def legal_types(self, create, extracted, **kwargs):
        codes = (
            extracted
            if extracted is not None
            else ["certified_se", "pre_se_local", "social_cooperative"]
        )
        if create:
            self.eligible_legal_types.set(LegalType.objects.filter(code__in=codes))


class CallFactory(DjangoModelFactory):
    class Meta:
        model = Call

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"테스트 공모 {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    status = Call.Status.PUBLISHED
    consortium_allowed = True
    budget_envelope = 200_000_000


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = ReviewCriterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"항목 {n}")
    weight = Decimal("1")
    min_score = Decimal("0")
    max_score = Decimal("10")
