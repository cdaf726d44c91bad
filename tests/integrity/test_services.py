"""Keeping flags: in bulk, once per fingerprint, each with its creation recorded."""

from integrity import services
from integrity.models import Flag, FlagTransition, Rule
from integrity.rules import Finding, Subject


def findings(n: int) -> list[Finding]:
    return [
        Finding(
            Rule.EVIDENCE_REUSE,
            f"approval:{k}",
            f"설명 {k}",
            (Subject("grant_expenditure", k, f"지출 {k}", f"/x/{k}/"),),
        )
        for k in range(n)
    ]


def test_new_findings_are_flagged_in_bulk_and_each_creation_is_recorded(
    db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        counts = services.record_findings(findings(50))
    assert counts == {"new": 50, "seen": 0}
    assert FlagTransition.objects.filter(to_status=Flag.Status.OPEN, from_status="").count() == 50
    assert services.record_findings(findings(60)) == {"new": 10, "seen": 50}
    assert Flag.objects.count() == 60


def test_a_flag_written_meanwhile_by_another_run_is_kept_once(db, monkeypatch):
    first = findings(3)[1]
    Flag.objects.create(fingerprint=first.fingerprint, rule=first.rule, subjects=[])
    # Another run inserted that flag after this run looked for existing ones.
    monkeypatch.setattr(services, "_flagged", lambda fingerprints: set())
    counts = services.record_findings(findings(3))
    assert counts == {"new": 2, "seen": 0}
    assert Flag.objects.count() == 3
    assert FlagTransition.objects.count() == 2
