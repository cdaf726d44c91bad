import io

import pytest

from programs import demo
from programs.models import ApartmentComplex, Application, Program, Result

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_uses_seed_figures():
    demo.load(io.StringIO())
    counts = (Program.objects.count(), Application.objects.count(), Result.objects.count())
    demo.load(io.StringIO())
    assert (Program.objects.count(), Application.objects.count(), Result.objects.count()) == counts
    budgets = dict(Program.objects.filter(year=2020).values_list("program_type", "budget_amount"))
    assert budgets["together_living"] == 1_500_000_000
    assert budgets["innovation"] == 756_000_000
    assert budgets["excellent"] == 887_000_000
    financial = ("job_creation", "business_development", "social_insurance", "district_special")
    assert sum(budgets[t] for t in financial) == 18_884_000_000
    job = Program.objects.get(year=2020, program_type="job_creation")
    assert (job.national_amount, job.city_amount) == (9_460_500_000, 3_153_500_000)
    cheongnyangni = ApartmentComplex.objects.get(name="청량리 H아파트")
    assert (cheongnyangni.households, cheongnyangni.elderly_households) == (610, 291)
    assert set(Application.objects.values_list("status", flat=True)) >= {
        "draft",
        "submitted",
        "screening",
        "in_review",
        "selected",
        "reserve",
        "rejected",
        "in_progress",
        "interim_evaluation",
        "completed",
        "settled",
        "withdrawn",
        "ineligible",
    }


def test_demo_pages_render_for_staff(client_for, staff):
    from django.urls import reverse

    demo.load(io.StringIO())
    client = client_for(staff)
    for pk in Application.objects.values_list("pk", flat=True):
        assert client.get(reverse("programs:application_detail", args=[pk])).status_code == 200
    for name in ("programs:complex_list", "programs:program_list", "programs:dashboard"):
        assert client.get(reverse(name)).status_code == 200


def test_demo_signs_agreements_through_the_service():
    """Issue 12: without the accounts demo loaded first, the agreements are still signed by
    the demo centre staff through ``sign_agreement`` (its transition, back-dated)."""
    from programs.models import Agreement

    demo.load(io.StringIO())
    agreements = Agreement.objects.select_related("application", "signed_by")
    assert agreements.count() == 5
    for agreement in agreements:
        assert agreement.signed_by.email == "staff@seoul-se.kr"
        signed = agreement.application.transitions.get(to_status="agreement_signed")
        assert signed.comment == f"협약 체결 {agreement.award_amount:,}원"
        assert signed.created_at.year == agreement.signed_on.year
        assert agreement.phases.count() == 1
