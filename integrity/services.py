"""Keeping flags: findings become flags once (by fingerprint), staff decide them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.utils import timezone

from integrity import workflow
from integrity.models import Flag
from integrity.rules import Finding
from seoul_se.accounts.models import User

# Flags per insert; the nightly run may find thousands at once.
BATCH = 2_000


@transaction.atomic
def record_findings(findings: Iterable[Finding]) -> dict[str, int]:
    """New findings become open flags (recorded as created by the system); a finding already
    flagged only refreshes ``last_seen_at`` and never reopens a decided flag."""
    batch: dict[str, Finding] = {f.fingerprint: f for f in findings}
    existing = _flagged(list(batch))
    if existing:
        Flag.objects.filter(fingerprint__in=existing).update(last_seen_at=timezone.now())
    new = [
        Flag(
            fingerprint=fingerprint,
            rule=finding.rule,
            explanation=finding.explanation,
            subjects=[asdict(s) for s in finding.subjects],
        )
        for fingerprint, finding in batch.items()
        if fingerprint not in existing
    ]
    try:
        with transaction.atomic():
            created = Flag.objects.bulk_create(new, batch_size=BATCH)
    except IntegrityError:
        # Another run flagged some of these meanwhile: keep whichever flag came first.
        created = [flag for flag in new if _create_unless_flagged(flag)]
    workflow.MACHINE.start_all(created, actor=None)
    return {"new": len(created), "seen": len(existing)}


def _flagged(fingerprints: list[str]) -> set[str]:
    return set(
        Flag.objects.filter(fingerprint__in=fingerprints).values_list("fingerprint", flat=True)
    )


def _create_unless_flagged(flag: Flag) -> bool:
    try:
        with transaction.atomic():
            flag.save(force_insert=True)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def act_on_flag(flag: Flag, action: str, *, actor: User, comment: str = "") -> Flag:
    locked = Flag.objects.select_for_update().get(pk=flag.pk)
    workflow.MACHINE.apply(locked, action, actor=actor, comment=comment)
    return locked
