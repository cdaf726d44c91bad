"""The ``programs.past_grants`` import kind: past grants become settled applications with their
agreements and payments, seen by the support history and the overlap warning."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs import selectors
from programs.imports import PastGrants
from programs.models import Agreement, Application, Call, Disbursement, Program
from programs.services import (
    PastGrant,
    PastPayment,
    record_past_grant,
    record_past_grants,
    record_past_payment,
)
from seoul_se.core.imports import commit_import, dry_run
from tests.factories import EnterpriseFactory
from tests.programs.factories import CallFactory
from tests.reports.sheets import sheet_file

D = dt.date


class Record:
    """Stands in for the framework's ImportRecord: collects what the kind links."""

    pk = 7

    def __init__(self):
        self.linked = []

    def link(self, obj, outcome="create", row=0, detail=None):
        self.linked.append(obj)


def row(enterprise, **values):
    base = {
        "year": 2019,
        "program_name": "사회문제 해결 혁신형 사업",
        "program_type": "innovation",
        "registration_number": enterprise.business_number,
        "signed_on": D(2019, 3, 2),
        "award_amount": 50_000_000,
        "paid_on": D(2019, 4, 1),
        "paid_amount": 30_000_000,
    }
    return base | values


def numbered(*rows):
    return [(n, values) for n, values in enumerate(rows, start=2)]


def run(actor, rows):
    kind = PastGrants()
    plan = kind.plan(numbered(*rows), actor=actor, scope={})
    if plan.ok:
        kind.commit(plan, actor=actor, record=Record())
    return plan


@pytest.fixture
def firm(db):
    return EnterpriseFactory()


def test_a_grant_with_two_payments_is_recorded_settled_with_no_notification(official, firm):
    plan = run(
        official,
        [
            row(firm),
            row(firm, paid_on=D(2019, 9, 1), paid_amount=20_000_000),
        ],
    )
    assert plan.ok and plan.totals == {"create": 2, "change": 0, "unchanged": 0}
    agreement = Agreement.objects.get(enterprise=firm)
    assert (agreement.award_amount, agreement.signed_on) == (50_000_000, D(2019, 3, 2))
    assert (agreement.starts_on, agreement.ends_on) == (D(2019, 3, 2), D(2019, 12, 31))
    assert agreement.application.status == Application.Status.SETTLED
    assert agreement.application.call.is_historical
    assert agreement.application.call.status == Call.Status.CLOSED
    transition = agreement.application.transitions.get()
    assert (transition.from_status, transition.to_status) == ("", "settled")
    assert "가져오기 #7" in transition.comment
    payments = list(agreement.disbursements.values_list("paid_on", "amount"))
    assert payments == [(D(2019, 4, 1), 30_000_000), (D(2019, 9, 1), 20_000_000)]
    assert Program.objects.get(year=2019, program_type="innovation").name == (
        "사회문제 해결 혁신형 사업"
    )
    assert not firm.applications.exclude(status="settled").exists()
    from seoul_se.notifications.models import Notification

    assert not Notification.objects.exists()


def test_the_same_rows_twice_change_nothing(official, firm):
    rows = [row(firm), row(firm, paid_on=D(2019, 9, 1), paid_amount=20_000_000)]
    run(official, rows)
    again = run(official, rows)
    assert again.ok and again.totals == {"create": 0, "change": 0, "unchanged": 2}
    assert Agreement.objects.count() == 1 and Disbursement.objects.count() == 2


def test_a_new_payment_of_an_imported_grant_is_added(official, firm):
    run(official, [row(firm)])
    plan = run(official, [row(firm), row(firm, paid_on=D(2019, 9, 1), paid_amount=20_000_000)])
    assert plan.totals == {"create": 1, "change": 0, "unchanged": 1}
    assert Agreement.objects.get().disbursements.count() == 2


def errors_of(plan):
    return [(e.row, e.column, e.code) for e in plan.errors]


def test_bad_rows_are_named_and_nothing_is_saved(official, firm):
    other = EnterpriseFactory()
    plan = run(
        official,
        [
            row(firm),
            row(firm),  # the same agreement and payment date twice
            row(other, registration_number="1018200009"),  # not in the registry
            row(other, signed_on=D(2018, 12, 1)),  # outside the program year
            row(other, program_type="district_zone"),  # a district program
            row(other, year=2031, signed_on=D(2031, 1, 1)),  # not a past year
            row(firm, award_amount=60_000_000, paid_on=D(2019, 5, 1)),  # agreement differs
            row(other, paid_on=D(2019, 7, 1), paid_amount=None),  # date without amount
            row(EnterpriseFactory(), paid_amount=60_000_000),  # paid above the award
            row(firm, program_name="다른 이름", paid_on=D(2019, 6, 1)),
        ],
    )
    assert errors_of(plan) == [
        (3, "지급일", "duplicate_in_file"),
        (4, "사업자등록번호", "unknown_enterprise"),
        (5, "협약일", "outside_year"),
        (6, "사업유형", "unknown_program"),
        (7, "연도", "not_past_year"),
        (8, "협약금액", "inconsistent_agreement"),
        (9, "지급금액", "payment_incomplete"),
        (10, "지급금액", "over_award"),
        (11, "사업명", "inconsistent_program"),
    ]
    assert not Agreement.objects.exists() and not Program.objects.exists()


def test_a_recorded_grant_with_other_values_is_refused_not_changed(official, firm):
    run(official, [row(firm)])
    plan = run(official, [row(firm, award_amount=70_000_000)])
    assert errors_of(plan) == [(2, "협약금액", "conflicts_existing")]
    plan = run(official, [row(firm, paid_amount=10_000_000)])
    assert errors_of(plan) == [(2, "지급금액", "conflicts_existing")]
    assert Agreement.objects.get().award_amount == 50_000_000


def test_payments_of_a_live_agreement_are_not_imported(official, firm):
    program = Program.objects.create(year=2019, program_type="innovation", name="혁신형")
    call = CallFactory(program=program)
    application = Application.objects.create(
        call=call, enterprise=firm, title="혁신", status=Application.Status.IN_PROGRESS
    )
    Agreement.objects.create(
        application=application,
        program=program,
        enterprise=firm,
        award_amount=50_000_000,
        national_amount=0,
        city_amount=50_000_000,
        starts_on=D(2019, 3, 2),
        ends_on=D(2019, 12, 31),
        signed_on=D(2019, 3, 2),
    )
    plan = run(official, [row(firm, program_name="혁신형")])
    assert errors_of(plan) == [(2, "지급일", "not_past_grant")]


def test_centre_staff_may_not_use_the_kind_nor_the_service(staff, official, firm):
    assert PastGrants().allowed(official) and not PastGrants().allowed(staff)
    grant = PastGrant(
        2019, "innovation", "혁신형", firm.pk, D(2019, 3, 2), D(2019, 3, 2), D(2019, 12, 31), 1
    )
    with pytest.raises(PermissionDenied):
        record_past_grant(grant, actor=staff, origin="")
    assert not Agreement.objects.exists()


def application_2024(firm):
    call = CallFactory(
        program__year=2024,
        program__program_type="innovation",
        closes_at=dt.datetime(2024, 3, 31, tzinfo=dt.UTC),
    )
    return Application.objects.create(call=call, enterprise=firm, title="2024 혁신")


def test_a_2019_grant_is_in_the_support_history_of_a_2024_application(official, firm):
    run(official, [row(firm)])
    history = selectors.support_history(application_2024(firm), D(2024, 3, 1))
    assert [(r.kind, r.amount, r.start) for r in history.records] == [
        ("innovation", 50_000_000, D(2019, 3, 2))
    ]
    # The warning is for periods that overlap (programs.selectors.support_history): a 2019
    # project that ended in 2019 does not overlap a project starting in 2024.
    assert history.overlaps == []


def test_a_2019_grant_running_into_2024_gets_the_overlap_warning(official, firm):
    run(official, [row(firm, ends_on=D(2024, 6, 30))])
    history = selectors.support_history(application_2024(firm), D(2024, 3, 1))
    assert [r.start for r in history.overlaps] == [D(2019, 3, 2)]


HEADER = [
    "연도",
    "사업명",
    "사업유형",
    "사업자등록번호",
    "기업명",
    "협약일",
    "협약금액",
    "지급일",
    "지급금액",
]
SERIAL_2019_09_02 = (D(2019, 9, 2) - D(1899, 12, 30)).days


def sheet(firm, fmt="xlsx"):
    number = f"{firm.business_number[:3]}-{firm.business_number[3:5]}-{firm.business_number[5:]}"
    agreement = [2019, "혁신형 사업", "혁신형", number, firm.name, "2019.3.2", "1.2억"]
    rows = [
        [*agreement, "2019-04-01", "1억원"],
        [*agreement, SERIAL_2019_09_02, "20,000,000"],
    ]
    return sheet_file(HEADER, rows, fmt)


def test_a_file_imports_exactly_and_twice_changes_nothing(official, firm):
    plan, record = dry_run("programs.past_grants", sheet(firm), "과거지원.xlsx", actor=official)
    assert plan.ok, plan.errors
    record = commit_import(record, actor=official)
    agreement = Agreement.objects.get(enterprise=firm)
    assert (agreement.award_amount, agreement.signed_on) == (120_000_000, D(2019, 3, 2))
    assert list(agreement.disbursements.values_list("paid_on", "amount")) == [
        (D(2019, 4, 1), 100_000_000),
        (D(2019, 9, 2), 20_000_000),
    ]
    assert record.state == "committed" and record.imported.count() == 6  # program, call, …
    again, second = dry_run("programs.past_grants", sheet(firm), "과거지원.xlsx", actor=official)
    assert again.totals == {"create": 0, "change": 0, "unchanged": 2}
    commit_import(second, actor=official)
    assert Agreement.objects.count() == 1 and Disbursement.objects.count() == 2


@pytest.mark.parametrize("fmt", ["csv", "xls"])
def test_cp949_csv_and_xls_read_as_xlsx(official, firm, fmt):
    plan, _record = dry_run("programs.past_grants", sheet(firm, fmt), f"a.{fmt}", actor=official)
    reference, _record = dry_run("programs.past_grants", sheet(firm), "a.xlsx", actor=official)
    assert plan.ok and [r.values for r in plan.rows] == [r.values for r in reference.rows]


def test_one_bad_row_among_ten_thousand_saves_nothing(official):
    firms = EnterpriseFactory.create_batch(100)
    rows = [
        [
            2019,
            "혁신형 사업",
            "혁신형",
            f.business_number,
            "",
            "2019.3.2",
            "5천만원",
            D(2019, 4, 1) + dt.timedelta(days=day),
            "1,000",
        ]
        for f in firms
        for day in range(100)
    ]
    rows[4_321][3] = rows[4_321][3][:9] + str((int(rows[4_321][3][9]) + 1) % 10)  # check digit
    plan, record = dry_run(
        "programs.past_grants", sheet_file(HEADER, rows), "big.xlsx", actor=official
    )
    assert [(e.row, e.column, e.code) for e in plan.errors] == [
        (4_323, "사업자등록번호", "bad_registration_number")
    ]
    assert record.state == "refused" and not Agreement.objects.exists()


def commit_queries(actor, rows):
    """The queries of committing ``rows`` (checked first) through the framework."""
    plan, record = dry_run("programs.past_grants", sheet_file(HEADER, rows), "q.xlsx", actor=actor)
    assert plan.ok, plan.errors
    with CaptureQueriesContext(connection) as queries:
        record = commit_import(record, actor=actor)
    assert record.state == "committed"
    return len(queries)


def grant_rows(firms, year, paid_on):
    return [
        [
            year,
            "혁신형 사업",
            "혁신형",
            f.business_number,
            "",
            f"{year}.3.2",
            "5천만원",
            paid_on,
            "1,000",
        ]
        for f in firms
    ]


def test_the_commit_takes_as_many_queries_for_50_grants_as_for_10(official):
    firms = EnterpriseFactory.create_batch(61)
    commit_queries(official, grant_rows(firms[60:], 2016, "2016.4.1"))  # content types cached
    # New programs, calls, applications, agreements and payments.
    ten = commit_queries(official, grant_rows(firms[:10], 2017, "2017.4.1"))
    fifty = commit_queries(official, grant_rows(firms[10:60], 2018, "2018.4.1"))
    assert ten == fifty
    # Payments on the agreements recorded above (locked and summed at once).
    ten = commit_queries(official, grant_rows(firms[:10], 2017, "2017.9.1"))
    fifty = commit_queries(official, grant_rows(firms[10:60], 2018, "2018.9.1"))
    assert ten == fifty
    assert Agreement.objects.count() == 61 and Disbursement.objects.count() == 121


# What differs between two grants of other enterprises and types, or by the clock.
VARYING = {
    "id",
    "program_type",
    "program",
    "call",
    "enterprise",
    "application",
    "agreement",
    "created_at",
    "updated_at",
    "recorded_at",
}


def test_the_bulk_service_leaves_the_audit_entries_of_one_by_one(official):
    def grant(firm, kind):
        return PastGrant(
            2019, kind, "사업", firm.pk, D(2019, 3, 2), D(2019, 3, 2), D(2019, 12, 31), 100
        )

    first, second = EnterpriseFactory(), EnterpriseFactory()
    program, call, application, agreement = record_past_grant(
        grant(first, "innovation"), actor=official, origin="x"
    )
    payment = record_past_payment(
        agreement.pk, actor=official, paid_on=D(2019, 4, 1), amount=60, origin="x"
    )
    one = [program, call, application, application.transitions.get(), agreement, payment]
    key = (2019, "excellent", second.pk)
    done = record_past_grants(
        [grant(second, "excellent")],
        [PastPayment(key, D(2019, 4, 1), 60)],
        actor=official,
        origin="x",
    )
    program, call, application, agreement = done.grants[key]
    many = [program, call, application, application.transitions.get(), agreement, *done.payments]
    for alone, together in zip(one, many, strict=True):
        expected = LogEntry.objects.get_for_object(alone).get()
        entry = LogEntry.objects.get_for_object(together).get()
        assert type(alone) is type(together)
        assert (entry.action, entry.actor, entry.object_repr) == (
            LogEntry.Action.CREATE,
            official,
            str(together),
        )
        assert entry.changes.keys() == expected.changes.keys()
        same = expected.changes.keys() - VARYING
        assert {k: entry.changes[k] for k in same} == {k: expected.changes[k] for k in same}


def test_the_bulk_service_refuses_what_the_one_by_one_service_refuses(official, firm):
    grant = PastGrant(
        2019, "innovation", "혁신형", firm.pk, D(2019, 3, 2), D(2019, 3, 2), D(2019, 12, 31), 100
    )
    with pytest.raises(ValidationError) as refused:
        record_past_grants([grant, grant], actor=official, origin="")
    assert refused.value.code == "grant_exists"
    with pytest.raises(ValidationError) as refused:
        record_past_grants(
            [grant],
            [PastPayment(grant.key, D(2019, 4, 1), 60), PastPayment(grant.key, D(2019, 5, 1), 41)],
            actor=official,
            origin="",
        )
    assert refused.value.code == "over_remaining"
    assert not Agreement.objects.exists() and not Program.objects.exists()
    done = record_past_grants(
        [grant], [PastPayment(grant.key, D(2019, 4, 1), 60)], actor=official, origin=""
    )
    with pytest.raises(ValidationError) as refused:
        record_past_payment(
            done.payments[0].agreement_id,
            actor=official,
            paid_on=D(2019, 5, 1),
            amount=41,
            origin="",
        )
    assert refused.value.code == "over_remaining"
