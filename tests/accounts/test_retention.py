"""Nightly purge of old login records (django-axes) and long-expired API tokens."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone

from seoul_se.accounts import services
from seoul_se.accounts.models import ApiToken
from seoul_se.accounts.tasks import PURGE_TASK, purge_login_records


def _aged(model, days, now, **fields):
    row = model.objects.create(
        user_agent=f"pytest-{days}", ip_address="203.0.113.9", username="a@b.kr", **fields
    )
    model.objects.filter(pk=row.pk).update(attempt_time=now - dt.timedelta(days=days))
    return row


def test_purge_keeps_recent_records_and_deletes_old_ones(make_user):
    now = timezone.now()
    keep = [
        _aged(AccessAttempt, 729, now, failures_since_start=3),
        _aged(AccessFailureLog, 400, now),
        _aged(AccessLog, 10, now),
    ]
    _aged(AccessAttempt, 731, now, failures_since_start=3)
    _aged(AccessFailureLog, 800, now)
    _aged(AccessLog, 1000, now)
    user = make_user("official")
    live, _key = services.issue_api_token(actor=user)
    recently_expired, _key = services.issue_api_token(actor=user)
    long_expired, _key = services.issue_api_token(actor=user)
    ApiToken.objects.filter(pk=recently_expired.pk).update(expires_at=now - dt.timedelta(days=29))
    ApiToken.objects.filter(pk=long_expired.pk).update(expires_at=now - dt.timedelta(days=31))

    deleted = purge_login_records.apply().get()

    assert deleted == {
        "axes.accessattempt": 1,
        "axes.accessfailurelog": 1,
        "axes.accesslog": 1,
        "accounts.apitoken": 1,
    }
    for row in keep:
        assert type(row).objects.filter(pk=row.pk).exists()
    assert set(ApiToken.objects.values_list("pk", flat=True)) == {live.pk, recently_expired.pk}


def test_retention_below_a_year_is_refused(db):
    with override_settings(LOGIN_RECORD_RETENTION_DAYS=364):
        with pytest.raises(ImproperlyConfigured):
            services.purge_login_records()


def test_the_purge_runs_nightly():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == PURGE_TASK]
    assert len(entries) == 1
    assert settings.LOGIN_RECORD_RETENTION_DAYS >= 365
