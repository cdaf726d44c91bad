import io

import pytest

from consulting import demo, selectors
from consulting.models import Case
from tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_reproduces_seed_figures_and_is_idempotent():
    UserFactory(email="staff@seoul-se.kr", role="centre_staff")
    EnterpriseFactory.create_batch(3)
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert selectors.daily_consultations(2018, 2018).count() == 208
    assert selectors.consulting_cases(2018, 2018).count() == 96
    assert selectors.consulting_cases(2019, 2019).count() == 100
    assert selectors.follow_ups(2019, 2019).count() == 20
    assert selectors.cases_in_field(2019, 2019, "accounting").filter(kind="daily").count() == 51
    assert Case.objects.count() == 208 + 96 + 100 + 51
