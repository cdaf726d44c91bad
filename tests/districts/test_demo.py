import io

import pytest

from programs.models import Application, Disbursement

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent():
    """The accounts demo makes the staff and official who run the demo call."""
    from districts import demo
    from seoul_se.accounts import demo as accounts_demo

    accounts_demo.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    applications = Application.objects.filter(district__isnull=False)
    assert applications.count() == 3
    assert set(applications.values_list("status", flat=True)) == {"selected", "in_progress"}
    assert Disbursement.objects.filter(agreement__district__name="성북구").count() == 1
