"""Keeping flags: findings become flags once (by fingerprint), staff decide them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from integrity import workflow
from integrity.models import Flag
from integrity.rules import Finding
from seoul_se.accounts.models import User


@transaction.atomic
def record_findings(findings: Iterable[Finding]) -> dict[str, int]:
    """New findings become open flags (recorded as created by the system); a finding already
    flagged only refreshes ``last_seen_at`` and never reopens a decided flag."""
    counts = {"new": 0, "seen": 0}
    batch: dict[str, Finding] = {f.fingerprint: f for f in findings}
    existing = set(
        Flag.objects.filter(fingerprint__in=list(batch)).values_list("fingerprint", flat=True)
    )
    if existing:
        Flag.objects.filter(fingerprint__in=existing).update(last_seen_at=timezone.now())
        counts["seen"] = len(existing)
    for fingerprint, finding in batch.items():
        if fingerprint in existing:
            continue
        flag, created = Flag.objects.get_or_create(
            fingerprint=fingerprint,
            defaults={
                "rule": finding.rule,
                "explanation": finding.explanation,
                "subjects": [asdict(s) for s in finding.subjects],
            },
        )
        if created:
            workflow.MACHINE.start(flag, actor=None)
            counts["new"] += 1
    return counts


@transaction.atomic
def act_on_flag(flag: Flag, action: str, *, actor: User, comment: str = "") -> Flag:
    locked = Flag.objects.select_for_update().get(pk=flag.pk)
    workflow.MACHINE.apply(locked, action, actor=actor, comment=comment)
    return locked
