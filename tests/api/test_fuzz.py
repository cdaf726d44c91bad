"""Schemathesis over the published OpenAPI schema (issue 11, finding 9): every GET of every
endpoint and a bounded set of writes, as an official and as an enterprise member, through the
WSGI application. Any 5xx or an answer the schema does not describe fails the test.

Bounded: few examples per operation, no coverage phase (it enumerates every boundary of every
parameter), so the whole run stays well under a minute and a half on two cores.
"""

import datetime as dt
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from enterprises.models import EnterpriseMembership
from funds import services as fund_services
from seoul_se.accounts.services import issue_api_token
from seoul_se.wsgi import application
from tests.enterprises.factories import CertificationFactory, YearlyFiguresFactory
from tests.factories import EnterpriseFactory
from tests.funds.factories import make_loan
from tests.kpis import factories as kpi
from tests.reports.factories import make_budget

pytestmark = pytest.mark.django_db

EXAMPLES = 8
# Writes fuzzed besides every GET: they change only the fixture's rows, inside the test's
# transaction. Token, logout and account endpoints are left out: they would end the session.
WRITES = {
    ("PATCH", "/api/v1/enterprises/{id}"),
    ("POST", "/api/v1/enterprises/yearly-figures"),
    ("PATCH", "/api/v1/enterprises/yearly-figures/{id}"),
    ("POST", "/api/v1/fund-loans/{id}/transactions"),
    ("POST", "/api/v1/kpi-entries"),
}


@pytest.fixture
def wsgi_requests():
    """Django's test client does the same: a request must not close the test's connection
    (it is inside the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(staff, member):
    """One of each kind of record, the member's enterprise owning them."""
    enterprise = EnterpriseFactory()
    EnterpriseMembership.objects.create(
        user=member, enterprise=enterprise, status=EnterpriseMembership.Status.APPROVED
    )
    CertificationFactory(enterprise=enterprise)
    YearlyFiguresFactory(enterprise=enterprise, year=2023)
    loan = make_loan(staff, amount=12_000_000, rate="0.03", term=24, enterprise=enterprise)
    fund_services.post_transaction(
        loan, actor=staff, kind="repayment", value_date=dt.date(2024, 3, 4), amount=600_000
    )
    prog = kpi.program(year=2023)
    agreement = kpi.agreement(prog, enterprise, signed_on=dt.date(2023, 4, 1))
    kpi.disbursement(agreement, paid_on=dt.date(2023, 5, 1), amount=5_000_000)
    kpi.IndicatorFactory(year=2023)
    make_budget(2023)


def _known_ids(path: str) -> list[int]:
    """Ids of existing rows for ``{id}`` in ``path``: the model behind the endpoint's view."""
    match = resolve(re.sub(r"\{[^}]+\}", "1", path))
    queryset = getattr(getattr(match.func, "cls", None), "queryset", None)
    if queryset is None:
        return []
    return list(queryset.model._default_manager.order_by("pk").values_list("pk", flat=True)[:3])


def _strategy(operation):
    """Valid and invalid cases; for ``{id}`` paths, also with the ids of existing rows (random
    ids mostly answer 404)."""
    ids = _known_ids(operation.path) if "{id}" in operation.path else []
    paths = [None, *({"id": pk} for pk in ids)]
    return st.one_of(
        [
            operation.as_strategy(mode, path_parameters=path)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
            for path in paths
        ]
    )


def _fuzzed(operation) -> bool:
    method = operation.method.upper()
    return method == "GET" or (method, operation.path) in WRITES


@pytest.mark.parametrize("role", ["official", "member"])
def test_api_answers_as_the_schema_says(request, role, records, wsgi_requests):
    _token, key = issue_api_token(actor=request.getfixturevalue(role))
    headers = {"Authorization": f"Token {key}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, headers=headers
    )
    operations = [op.ok() for op in schema.get_all_operations()]
    failures: dict[str, str] = {}
    for operation in filter(_fuzzed, operations):

        @given(case=_strategy(operation))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # schemathesis groups its failures
            failures[operation.label] = str(exc)
    assert sum(map(_fuzzed, operations)) >= 50  # every GET is in the schema and fuzzed
    assert not failures, "\n\n".join(f"{label}: {error}" for label, error in failures.items())
