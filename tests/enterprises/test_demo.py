import io

import pytest

from enterprises import demo
from enterprises.models import Certification, Enterprise, EnterpriseMembership
from enterprises.validators import normalize_business_number
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_is_complete_valid_and_idempotent(monkeypatch):
    monkeypatch.setattr(demo, "TOTAL", 300)  # the real total (4,505) is exercised by load_demo
    member = UserFactory(email="member@seoul-se.kr")
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Enterprise.objects.count() == 300
    assert Enterprise.objects.filter(is_generated=False).count() == len(demo.NAMED)
    for number in Enterprise.objects.values_list("business_number", flat=True):
        normalize_business_number(number)
    membership = EnterpriseMembership.objects.get(user=member)
    assert membership.enterprise.name == "트리플래닛" and membership.status == "approved"
    assert Certification.objects.filter(kind="village_new", valid_from__year=2018).count() == 6
