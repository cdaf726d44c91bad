"""Fixtures for the programs tests: a call with a rule, a member of an eligible enterprise,
and helpers that move an application through the workflow."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programs import services
from programs.models import Call
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.programs.factories import CallFactory, CriterionFactory, RuleFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def call(db):
    call = CallFactory()
    RuleFactory(program=call.program)
    return call


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory()


@pytest.fixture
def applicant(enterprise):
    return MembershipFactory(enterprise=enterprise, user__role="enterprise_member").user


@pytest.fixture
def draft(call, enterprise, applicant):
    return services.create_application(
        call,
        enterprise,
        actor=applicant,
        title="돌봄 혁신",
        requested_amount=80_000_000,
        duration_months=12,
    )


@pytest.fixture
def submitted(draft, applicant):
    return services.submit_application(draft.pk, actor=applicant)


def close_call(call: Call) -> None:
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    call.refresh_from_db()


@pytest.fixture
def in_review(submitted, staff):
    services.act_on_application(submitted, "screen", actor=staff)
    services.act_on_application(submitted, "review", actor=staff, acknowledged=True)
    close_call(submitted.call)
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def criteria(call):
    return [CriterionFactory(call=call, weight="0.6"), CriterionFactory(call=call, weight="0.4")]


@pytest.fixture
def selected(in_review, staff, official):
    services.propose_selection(
        in_review.call, [(in_review.pk, "selected", 70_000_000)], actor=staff
    )
    services.confirm_selection(in_review.call, actor=official)
    in_review.refresh_from_db()
    return in_review


@pytest.fixture
def agreement(selected, staff):
    today = timezone.localdate()
    return services.sign_agreement(
        selected,
        actor=staff,
        starts_on=today,
        ends_on=today + dt.timedelta(days=365),
        signed_on=today,
        instalments=[(today, 42_000_000), (today + dt.timedelta(days=90), 28_000_000)],
    )


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Factories hash a password per user; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
