import datetime as dt

import factory
from factory.django import DjangoModelFactory

from consulting.models import Case, Expert, Field
from tests.factories import EnterpriseFactory


class ExpertFactory(DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"전문가{n}")
    field = Field.ACCOUNTING
    organisation = "회계법인 테스트"


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    number = factory.Sequence(lambda n: f"T{n:06d}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = Case.Kind.CONSULTING
    field = Field.ACCOUNTING
    channel = Case.Channel.ONLINE
    description = "회계 처리 문의"
    requested_on = dt.date(2018, 3, 2)
