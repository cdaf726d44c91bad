import io

import pytest

from reports import demo
from reports.models import Budget


@pytest.fixture
def seeded(staff):
    """The demo data of seed 001/003; returns the 2018 centre budget (submitted by staff)."""
    staff.email = "staff@seoul-se.kr"
    staff.save()
    demo.load(io.StringIO())
    return Budget.objects.get(fiscal_year=2018, owner_key="centre")
