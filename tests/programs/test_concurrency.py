"""Two simultaneous requests on PostgreSQL cannot both pass a limit (row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from programs import services
from programs.models import Application, Disbursement
from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*actions):
    """Run the actions in threads released at the same moment; return results or errors."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def worker(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_payments_cannot_exceed_the_award(agreement, staff):
    today = timezone.localdate()
    outcomes = run_together(
        lambda: services.record_disbursement(
            agreement.pk, actor=staff, amount=40_000_000, paid_on=today
        ),
        lambda: services.record_disbursement(
            agreement.pk, actor=staff, amount=40_000_000, paid_on=today
        ),
    )
    errors = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(errors) == 1, outcomes
    assert sum(d.amount for d in Disbursement.objects.all()) == 40_000_000


def test_double_submit_gives_one_receipt(draft, applicant):
    outcomes = run_together(
        lambda: services.submit_application(draft.pk, actor=applicant),
        lambda: services.submit_application(draft.pk, actor=applicant),
    )
    assert all(isinstance(o, Application) for o in outcomes), outcomes
    assert {o.receipt_number for o in outcomes} == {"2020-혁신-0001"}
    assert draft.transitions.count() == 1


def test_simultaneous_submissions_get_distinct_numbers(call):
    pairs = []
    for _ in range(3):
        firm = EnterpriseFactory()
        user = MembershipFactory(enterprise=firm).user
        application = services.create_application(
            call, firm, actor=user, title="동시 제출", requested_amount=1, duration_months=1
        )
        pairs.append((application.pk, user))
    outcomes = run_together(
        *[lambda pk=pk, u=u: services.submit_application(pk, actor=u) for pk, u in pairs]
    )
    numbers = sorted(o.receipt_number for o in outcomes)
    assert numbers == ["2020-혁신-0001", "2020-혁신-0002", "2020-혁신-0003"]


def test_simultaneous_applications_of_one_enterprise_meet_the_unique_constraint(
    call, enterprise, applicant
):
    """Both pass the existence check; the database's unique constraint refuses the second with
    the same message about the member's own enterprise."""

    def apply():
        return services.create_application(
            call,
            enterprise,
            actor=applicant,
            title="동시 신청",
            requested_amount=1,
            duration_months=1,
        )

    outcomes = run_together(apply, apply, apply)
    errors = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(errors) == 2, outcomes
    assert {e.code for e in errors} == {"duplicate_application"}
    assert Application.objects.filter(call=call, enterprise=enterprise).count() == 1
