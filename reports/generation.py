"""Generate a workbook as a background job and store it as a :class:`GeneratedReport`.

A workbook is written to a temporary file in the job's own folder first (with the spill files of
``seoul_se.core.excel.Book``; the folder is removed when the job ends or dies, see
``seoul_se.core.jobs``); only a complete file is moved into place (``os.replace`` is atomic on
one file system) and recorded with its SHA-256 in the same transaction, so a half-written file is
never offered. A redelivered job (worker killed, acks_late) starts over; a job that already has
its report returns it (the final save is idempotent).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import workbooks
from reports.models import Budget, GeneratedReport, ReportKind
from seoul_se.access import READ_ALL_ROLES, has_role
from seoul_se.core.jobs import start_job, temp_dir
from seoul_se.core.models import BackgroundJob
from seoul_se.core.workflow import TransitionDenied

JOB_PREFIX = "reports."


Builder = Callable[[dict[str, Any], Path, Callable[[int, str], None]], tuple[str, dict]]


def _builders() -> dict[str, Builder]:
    return {
        ReportKind.SETTLEMENT: _settlement,
        ReportKind.PERFORMANCE: _performance,
        ReportKind.FUND_STATUS: _fund_status,
    }


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def clean_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Normalised parameters for ``kind`` (so equal requests hash equally), or ValidationError."""
    if kind not in _builders():
        raise _field_error("kind", _("지원하지 않는 보고서 종류입니다."), "unknown_kind")
    if kind == ReportKind.SETTLEMENT:
        try:
            budget = Budget.objects.get(pk=int(params.get("budget_id", 0)))
        except (Budget.DoesNotExist, TypeError, ValueError):
            raise _field_error(
                "budget_id", _("존재하지 않는 예산입니다."), "unknown_budget"
            ) from None
        return {"budget_id": budget.pk}
    if kind == ReportKind.PERFORMANCE:
        try:
            year = int(params.get("year", 0))
        except (TypeError, ValueError):
            year = 0
        if not 2000 <= year <= 2100:
            raise _field_error("year", _("연도를 확인해 주세요."), "bad_year")
        return {"year": year}
    try:
        as_of = dt.date.fromisoformat(str(params.get("as_of")))
    except ValueError:
        raise _field_error(
            "as_of", _("기준일을 YYYY-MM-DD 형식으로 입력해 주세요."), "bad_date"
        ) from None
    return {"as_of": as_of.isoformat()}


def request_report(kind: str, params: dict[str, Any], user: Any) -> BackgroundJob:
    """Start (or join the running) generation job for ``kind`` with ``params``."""
    if not may_generate(user):
        raise TransitionDenied(_("보고서를 생성할 권한이 없습니다."), code="not_generator")
    return start_job(JOB_PREFIX + kind, clean_params(kind, params), actor=user)


def may_generate(user: Any) -> bool:
    return has_role(user, READ_ALL_ROLES)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def produce(job: BackgroundJob, report: Callable[[int, str], None]) -> dict[str, Any]:
    """The job's work: build the workbook, then publish it atomically (see module doc)."""
    existing = GeneratedReport.objects.filter(job=job).first()
    if existing:
        return {"report_id": existing.pk}
    kind = job.kind.removeprefix(JOB_PREFIX)
    tmp = temp_dir(job) / f"{uuid.uuid4().hex}.part"
    try:
        filename, summary = _builders()[kind](job.params, tmp, report)
        checksum = _sha256(tmp)
        relative = (
            f"reports/generated/{timezone.localdate():%Y}/{kind}-{job.pk}-{checksum[:12]}.xlsx"
        )
        final = Path(settings.MEDIA_ROOT) / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        with transaction.atomic():
            BackgroundJob.objects.select_for_update().get(pk=job.pk)
            generated, created = GeneratedReport.objects.get_or_create(
                job=job,
                defaults={
                    "kind": kind,
                    "parameters": job.params,
                    "params_hash": job.params_hash,
                    "generated_by": job.created_by,
                    "file": relative,
                    "filename": filename,
                    "size": tmp.stat().st_size,
                    "checksum": checksum,
                },
            )
            if created:
                os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return {"report_id": generated.pk, **summary}


def _settlement(
    params: dict[str, Any], path: Path, report: Callable[[int, str], None]
) -> tuple[str, dict]:
    budget = Budget.objects.get(pk=params["budget_id"])
    summary = workbooks.settlement_workbook(budget, path, report)
    return f"{budget.fiscal_year}_정산보고서_{budget.title}.xlsx", summary


def _performance(
    params: dict[str, Any], path: Path, report: Callable[[int, str], None]
) -> tuple[str, dict]:
    summary = workbooks.performance_workbook(params["year"], path, report)
    return f"{params['year']}_연간성과보고서.xlsx", summary


def _fund_status(
    params: dict[str, Any], path: Path, report: Callable[[int, str], None]
) -> tuple[str, dict]:
    as_of = dt.date.fromisoformat(params["as_of"])
    summary = workbooks.fund_workbook(as_of, path, report)
    return f"{as_of:%Y%m%d}_사회투자기금_현황.xlsx", summary
