"""Simultaneous PATCHes of one enterprise through the API (PostgreSQL, real threads and
connections): the row lock must not drop the enterprise when another request has just changed
its legal type (issue 11, finding 9)."""

import threading
from collections import Counter

import pytest
from django.db import connection
from rest_framework.test import APIClient

from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db(transaction=True)
REQUESTS = 30


def test_parallel_legal_type_changes_all_answer_200(staff):
    enterprise = EnterpriseFactory()
    url = f"/api/v1/enterprises/{enterprise.pk}"
    barrier = threading.Barrier(REQUESTS)
    outcomes: list[object] = [None] * REQUESTS

    def patch(n: int) -> None:
        api = APIClient()
        api.force_authenticate(staff)
        # Alternating types: each request finds the row just changed by the one before it.
        legal_type = "cooperative" if n % 2 else "social_cooperative"
        try:
            barrier.wait()
            outcomes[n] = api.patch(url, {"legal_type": legal_type}, format="json").status_code
        except Exception as exc:  # the test client re-raises a view's exception (a 500)
            outcomes[n] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=patch, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(map(repr, outcomes)) == {"200": REQUESTS}
    enterprise = Enterprise.objects.select_related("legal_type").get(pk=enterprise.pk)
    assert enterprise.legal_type.code in ("cooperative", "social_cooperative")
