"""Every rule on the planted data set: all planted cases found, look-alikes not flagged;
precision and recall per rule printed and asserted (issue 16's acceptance)."""

import pytest
from django.core.exceptions import ValidationError

from integrity import services, tasks
from integrity.models import Flag, Rule
from integrity.rules import related_party
from programs.models import GrantExpenditure
from tests.integrity.planted import N, build


def found_by_rule() -> dict[str, set[frozenset[tuple[str, int]]]]:
    found: dict[str, set[frozenset[tuple[str, int]]]] = {}
    for flag in Flag.objects.all():
        subjects = frozenset((s["kind"], s["id"]) for s in flag.subjects)
        found.setdefault(flag.rule, set()).add(subjects)
    return found


@pytest.fixture
def planted(db, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build(staff)


def test_every_rule_finds_all_planted_cases_and_no_look_alike(planted, capsys):
    tasks.check_everything()
    found = found_by_rule()
    table = []
    for rule in Rule.values:
        expected = planted.expected[rule]
        got = found.get(rule, set())
        hits = len(expected & got)
        precision = hits / len(got) if got else 0.0
        recall = hits / len(expected)
        table.append((rule, len(expected), len(got), precision, recall))
    with capsys.disabled():
        print("\nrule                 planted found precision recall")
        for rule, expected, got, precision, recall in table:
            print(f"{rule:20} {expected:7} {got:5} {precision:9.2f} {recall:6.2f}")
    for rule, expected, got, precision, recall in table:
        assert expected >= N
        assert (precision, recall) == (1.0, 1.0), rule


def test_a_rerun_creates_no_second_flag(planted):
    first = tasks.check_everything()
    assert first["new"] == Flag.objects.count() > 0
    second = tasks.check_everything()
    assert second == {"new": 0, "seen": first["new"]}
    assert Flag.objects.count() == first["new"]


def test_the_check_after_an_upload_finds_only_what_the_new_records_trip(planted):
    split = planted.expected["split_payments"]
    one_case = next(iter(split))
    newest = max(pk for _kind, pk in one_case)
    counts = tasks.check_spending([newest], [])
    assert counts["new"] == 1
    (flag,) = Flag.objects.all()
    assert flag.rule == Rule.SPLIT_PAYMENTS
    assert frozenset((s["kind"], s["id"]) for s in flag.subjects) == one_case
    assert GrantExpenditure.objects.filter(pk=newest).exists()


def test_dismissing_needs_a_reason_and_is_recorded(planted, staff):
    services.record_findings(related_party.full())
    flag = Flag.objects.first()

    with pytest.raises(ValidationError) as error:
        services.act_on_flag(flag, "dismiss", actor=staff, comment=" ")
    assert "comment" in error.value.message_dict
    services.act_on_flag(flag, "dismiss", actor=staff, comment="거래처 확인 결과 정상 거래")
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED
    last = flag.transitions.last()
    assert (last.actor, last.comment, last.to_status) == (
        staff,
        "거래처 확인 결과 정상 거래",
        "dismissed",
    )
    # A rerun neither duplicates nor reopens the decided flag.
    tasks.check_everything()
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED
