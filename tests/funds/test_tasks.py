import datetime as dt

import pytest
from django.core import mail

from funds import services, tasks
from funds.models import OnSiteInspection, QuarterlyReport
from seoul_se.notifications.models import Notification
from tests.factories import MembershipFactory
from tests.funds.factories import make_loan

pytestmark = pytest.mark.django_db


def test_reminders_mail_borrowers_with_overdue_reports_and_flag_missing_inspections(
    staff, member, make_user, django_capture_on_commit_callbacks
):
    loan = make_loan(staff, disburse_on=dt.date(2024, 1, 2), term=36)
    MembershipFactory(user=member, enterprise=loan.enterprise)
    worker = make_user("intermediary_staff")
    loan.intermediary.staff.add(worker)
    today = dt.date(2024, 8, 10)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.send_monitoring_reminders(today)
    # Q1 (due 2024-04-30) and Q2 (due 2024-07-30) are overdue.
    assert result == {"reminded": 2, "missing_inspections": 1}
    assert QuarterlyReport.objects.filter(loan=loan).count() == 2
    assert len(mail.outbox) == 2 and "서면보고" in mail.outbox[0].subject
    assert Notification.objects.filter(recipient=worker).exists()
    # Reminded at most weekly; an inspection clears the flag.
    OnSiteInspection.objects.create(loan=loan, year=2024, inspected_on=today, inspector="점검팀")
    assert services.send_monitoring_reminders(today) == {"reminded": 0, "missing_inspections": 0}


def test_task_is_registered_under_the_scheduled_name():
    assert tasks.send_monitoring_reminders.name == "funds.send_monitoring_reminders"
