import re

import pytest

from consulting import services
from tests.consulting.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_case_page_shows_status_changes_as_labels_not_codes(client_for, staff):
    case = CaseFactory()
    services.cancel(actor=staff, case=case, reason="중복 접수")
    page = client_for(staff).get(f"/consulting/{case.pk}/").content.decode()
    history = re.search(r"<ol>(.*?)</ol>", page, re.S).group(1)
    assert "접수 → 취소" in history
    assert "requested" not in history and "cancelled" not in history
