"""Who sees and changes which fund records: the one place for pages and API of this app."""

from typing import Any

from django.db.models import QuerySet

from enterprises.access import enterprise_ids_for
from funds.models import Intermediary, Loan, QuarterlyReport
from seoul_se.access import OFFICIAL_ROLES, READ_ALL_ROLES, STAFF_ROLES
from seoul_se.accounts.models import Role, User
from seoul_se.audit.masking import Kind, PersonalDataPolicy

# Fund-wide pages (status, intermediaries, deposits, partnerships, monitoring overview).
FUND_READ_ROLES = READ_ALL_ROLES
# Loan pages: everyone with a reason to see some loans; the queryset decides which.
LOAN_READ_ROLES = READ_ALL_ROLES | {Role.INTERMEDIARY_STAFF, Role.ENTERPRISE_MEMBER}
# Application, approval, contract and write-off are the city's (officials and centre staff).
LOAN_MANAGE_ROLES = STAFF_ROLES
# Disbursements, postings, reversals, inspections: staff and the lending intermediary's staff.
LEDGER_WRITE_ROLES = STAFF_ROLES | {Role.INTERMEDIARY_STAFF}
# Monitoring overview (overdue reports, missing inspections), scoped by ``visible_loans``.
MONITORING_ROLES = READ_ALL_ROLES | {Role.INTERMEDIARY_STAFF}
# Who works for which intermediary (and so sees its loans) is decided by the city.
INTERMEDIARY_STAFF_MANAGE_ROLES = STAFF_ROLES
# Products (caps, rates, terms) are edited by officials only.
PRODUCT_WRITE_ROLES = OFFICIAL_ROLES
# Who posted a transaction (a person's name): the city, auditors and the lending intermediary,
# not the borrower.
POSTER_READ_ROLES = READ_ALL_ROLES | {Role.INTERMEDIARY_STAFF}
# Loans with their history come in from the city's workbooks (the "funds.loans" import).
HISTORY_IMPORT_ROLES = STAFF_ROLES
# Monthly repayment reports: an intermediary's staff for their own institution, or the city.
REPAYMENT_REPORT_ROLES = LEDGER_WRITE_ROLES
# Which reports arrived, what they posted and what was due: the city and its auditors.
REPORT_STATUS_ROLES = READ_ALL_ROLES


def visible_loans(user: Any) -> QuerySet[Loan]:
    if not (user and user.is_authenticated):
        return Loan.objects.none()
    if user.role in READ_ALL_ROLES:
        return Loan.objects.all()
    if user.role == Role.INTERMEDIARY_STAFF:
        return Loan.objects.filter(intermediary__staff=user)
    if user.role == Role.ENTERPRISE_MEMBER:
        return Loan.objects.filter(enterprise_id__in=enterprise_ids_for(user))
    return Loan.objects.none()


def writable_loans(user: Any) -> QuerySet[Loan]:
    """Loans whose ledger the user may change (auditors and enterprises: none)."""
    if user.role in STAFF_ROLES:
        return Loan.objects.all()
    if user.role == Role.INTERMEDIARY_STAFF:
        return visible_loans(user)
    return Loan.objects.none()


def reporting_intermediaries(user: Any) -> QuerySet[Intermediary]:
    """Intermediaries whose monthly repayment reports the user may read (and, with a role of
    ``REPAYMENT_REPORT_ROLES``, upload): all for the city, their own for an intermediary's
    staff, none for anyone else."""
    if not (user and user.is_authenticated):
        return Intermediary.objects.none()
    if user.role in READ_ALL_ROLES:
        return Intermediary.objects.all()
    if user.role == Role.INTERMEDIARY_STAFF:
        return Intermediary.objects.filter(staff=user)
    return Intermediary.objects.none()


def visible_reports(user: Any) -> QuerySet[QuarterlyReport]:
    return QuarterlyReport.objects.filter(loan__in=visible_loans(user))


def can_submit_report(user: Any, report: QuarterlyReport) -> bool:
    if user.role in STAFF_ROLES:
        return True
    return user.role == Role.ENTERPRISE_MEMBER and report.loan.enterprise_id in enterprise_ids_for(
        user
    )


# Intermediary staff are people: only the roles that run the fund see their names and e-mails.
STAFF_CONTACT_FIELDS = {"name": Kind.NAME, "email": Kind.EMAIL}


def staff_contact(policy: PersonalDataPolicy, member: User) -> dict[str, Any]:
    """A staff member's id, name and e-mail as the policy's user may see them."""
    values = {"pk": member.pk, "name": member.name, "email": member.email}
    return policy.apply(values, STAFF_CONTACT_FIELDS, owner_id=None)
