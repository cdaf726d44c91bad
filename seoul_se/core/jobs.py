"""Background jobs: one registry of job kinds, start, atomic claim, heartbeats, sweeping.

The flow (docs/jobs.md):

1. ``start_job(kind, params, actor=...)`` commits a ``queued`` row and publishes the kind's task
   after commit. A broker that cannot be reached fails the job at once (``broker_unavailable``)
   and raises a ValidationError with a Korean message; the publish is bounded by the broker
   settings (CELERY_TASK_PUBLISH_RETRY_POLICY, socket timeouts), a few seconds at most.
   ``start_job`` is idempotent per (kind, params) while a job is alive, so a double click or two
   tabs get one job; a job whose heartbeat stopped is failed and a new one started instead.
2. The worker claims the job with one conditional UPDATE (queued, or running with a stale
   heartbeat; attempts counted), so a redelivered message never runs a live job twice.
3. While it runs the job beats: every progress report and a background beat every
   JOB_HEARTBEAT_SECONDS (a long step without reports still beats). Temporary files, including
   the workbook writer's spill files, go to a per-job folder under JOB_TEMP_ROOT, removed when
   the job ends either way.
4. ``sweep_stale_jobs`` (beat, every minute) fails running jobs silent for
   JOB_STALE_AFTER_SECONDS ("작업이 중단되었습니다"), re-sends queued ones whose message may be
   lost, and removes the temporary folders of dead jobs (also done when a worker starts).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from seoul_se.accounts.models import User
from seoul_se.core.discovery import app_modules
from seoul_se.core.models import BackgroundJob

logger = logging.getLogger(__name__)

Report = Callable[..., None]
Work = Callable[[BackgroundJob, Report], dict]


@dataclass(frozen=True)
class JobKind:
    kind: str
    task: Any  # the Celery task that runs jobs of this kind
    allowed: Callable[[Any], bool]  # may this user start (or retry) such a job?
    page: Callable[[BackgroundJob], str]  # where the job's progress is shown


_REGISTRY: dict[str, JobKind] = {}


def job_task(
    *kinds: str,
    allowed: Callable[[Any], bool],
    page: Callable[[BackgroundJob], str],
    name: str | None = None,
) -> Callable[[Work], Any]:
    """Register ``work(job, report) -> result`` as the Celery task for ``kinds``.

    The task is named ``name`` (default: the first kind), acknowledged late and cut off after
    JOB_TIME_LIMIT_SECONDS; ``allowed`` and ``page`` serve ``start_job`` and the retry button.
    """

    def register(work: Work) -> Any:
        limit = settings.JOB_TIME_LIMIT_SECONDS

        def run(job_id: int) -> None:
            run_job(job_id, work)

        run.__doc__ = work.__doc__
        task = shared_task(
            name=name or kinds[0],
            acks_late=True,
            reject_on_worker_lost=True,
            soft_time_limit=limit,
            time_limit=limit + 60,
        )(run)
        for kind in kinds:
            _REGISTRY[kind] = JobKind(kind, task, allowed, page)
        return task

    return register


def job_kind(kind: str) -> JobKind:
    """The registered kind; apps register in their ``tasks`` module, imported here if needed."""
    if kind not in _REGISTRY:
        app_modules("tasks")
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"unknown job kind {kind!r}") from None


# --- Starting -------------------------------------------------------------------------------


def _stale_before(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)


def _silent_since(cutoff: dt.datetime) -> Q:
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)


def is_stale(job: BackgroundJob, now: dt.datetime | None = None) -> bool:
    """An active job that has not beaten for JOB_STALE_AFTER_SECONDS: its worker is gone."""
    last = job.heartbeat_at or job.created_at
    return job.is_active and last < _stale_before(now or timezone.now())


def start_job(kind: str, params: dict[str, Any], *, actor: User) -> BackgroundJob:
    """Create (or join the live) job of ``kind`` for ``params``; publish it after commit.

    Raises PermissionDenied if ``actor`` may not start this kind, and ValidationError
    (code ``broker_unavailable``) when the broker cannot be reached — the job is then failed,
    so asking again starts a new one.
    """
    entry = job_kind(kind)
    if not entry.allowed(actor):
        raise PermissionDenied(_("이 작업을 시작할 권한이 없습니다."))
    params_hash = BackgroundJob.hash_params(params)
    same = BackgroundJob.objects.filter(kind=kind, params_hash=params_hash)
    active = same.filter(status__in=BackgroundJob.ACTIVE).first()
    if active:
        now = timezone.now()
        if not is_stale(active, now):
            return active
        dead = same.filter(pk=active.pk, status__in=BackgroundJob.ACTIVE)
        _fail(dead.filter(_silent_since(_stale_before(now))), "interrupted")
    try:
        with transaction.atomic():
            job = BackgroundJob.objects.create(
                kind=kind,
                params=params,
                params_hash=params_hash,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                heartbeat_at=timezone.now(),
            )
    except IntegrityError:
        # Another request created the same active job between our check and insert.
        return same.get(status__in=BackgroundJob.ACTIVE)
    transaction.on_commit(lambda: _publish(job.pk, entry.task))
    job.refresh_from_db()  # outside a transaction the publish has already happened
    if job.status == BackgroundJob.Status.FAILED:
        raise ValidationError(job.display_message, code=job.error_code)
    return job


def retry_job(job: BackgroundJob, *, actor: User) -> BackgroundJob:
    """Start a fresh job with a failed job's kind and parameters (the retry button)."""
    if job.status != BackgroundJob.Status.FAILED:
        raise ValidationError(_("실패한 작업만 다시 시도할 수 있습니다."), code="job_not_failed")
    if job.created_by_id != actor.pk:
        raise PermissionDenied(_("작업을 요청한 사용자만 다시 시도할 수 있습니다."))
    return start_job(job.kind, job.params, actor=actor)


def _publish(job_id: int, task: Any) -> None:
    try:
        task.apply_async((job_id,))
    except (OperationalError, OSError):
        logger.exception("Broker unreachable: background job %s was not queued", job_id)
        _fail(
            BackgroundJob.objects.filter(pk=job_id, status__in=BackgroundJob.ACTIVE),
            "broker_unavailable",
        )


def _fail(jobs: Any, code: str, message: str = "") -> int:
    """Mark ``jobs`` (a queryset, already narrowed to the rows to fail) failed with ``code``."""
    text = message or str(BackgroundJob.ERROR_MESSAGES[code])
    # Lock the rows so a concurrent claim waits and then sees them failed; only then is it safe
    # to remove their temporary folders.
    with transaction.atomic():
        failed = list(jobs.select_for_update(skip_locked=True).values_list("pk", flat=True))
        BackgroundJob.objects.filter(pk__in=failed).update(
            status=BackgroundJob.Status.FAILED,
            error_code=code,
            message=text[:2000],
            finished_at=timezone.now(),
        )
    for pk in failed:
        remove_temp_dir(pk)
    return len(failed)


# --- Running --------------------------------------------------------------------------------


def claim_job(job_id: int) -> BackgroundJob | None:
    """Atomically take a job for this worker, or None if it is not ours to run.

    One conditional UPDATE: the job must be queued, or running with a stale heartbeat (its worker
    died), and have attempts left. A duplicate or redelivered message for a live, finished or
    failed job therefore does nothing.
    """
    now = timezone.now()
    claimable = Q(status=BackgroundJob.Status.QUEUED) | (
        Q(status=BackgroundJob.Status.RUNNING) & _silent_since(_stale_before(now))
    )
    claimed = BackgroundJob.objects.filter(
        claimable, pk=job_id, attempts__lt=settings.JOB_MAX_ATTEMPTS
    ).update(
        status=BackgroundJob.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        progress=0,
        message="",
        error_code="",
    )
    return BackgroundJob.objects.get(pk=job_id) if claimed else None


def temp_dir(job: BackgroundJob | int) -> Path:
    """The job's private folder for temporary and partial files (created on demand).

    It lies under PRIVATE_MEDIA_ROOT so a finished file can be moved into private storage with an
    atomic ``os.replace`` (same file system).
    """
    pk = job if isinstance(job, int) else job.pk
    path = Path(settings.JOB_TEMP_ROOT) / str(pk)
    path.mkdir(parents=True, exist_ok=True)
    return path


def remove_temp_dir(job_id: int) -> None:
    shutil.rmtree(Path(settings.JOB_TEMP_ROOT) / str(job_id), ignore_errors=True)


@contextlib.contextmanager
def _process_tempdir(path: Path) -> Iterator[None]:
    """Send every ``tempfile`` user (the workbook writer's spill files) to ``path`` meanwhile.

    ``tempfile.tempdir`` is process-wide: fine for the prefork and solo pools, which run one
    task per process at a time.
    """
    previous = tempfile.tempdir
    tempfile.tempdir = str(path)
    try:
        yield
    finally:
        tempfile.tempdir = previous


def _beat_until(stop: threading.Event, job_id: int, attempt: int) -> None:
    try:
        while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
            BackgroundJob.objects.filter(
                pk=job_id, status=BackgroundJob.Status.RUNNING, attempts=attempt
            ).update(heartbeat_at=timezone.now())
    finally:
        connection.close()


def run_job(job_id: int, work: Work) -> None:
    """Run ``work(job, report)`` for a job inside a Celery task, recording state and progress.

    ``report(percent, message)`` updates progress and the heartbeat. The result dict is stored on
    success; an exception marks the job failed with its message and is re-raised for Celery.
    """
    job = claim_job(job_id)
    if job is None:
        logger.info("Background job %s is not claimable (live elsewhere or finished)", job_id)
        return
    mine = BackgroundJob.objects.filter(pk=job_id, attempts=job.attempts)

    def report(percent: int, message: str = "") -> None:
        mine.filter(status=BackgroundJob.Status.RUNNING).update(
            progress=max(0, min(100, percent)), message=message, heartbeat_at=timezone.now()
        )

    stop = threading.Event()
    beater = threading.Thread(target=_beat_until, args=(stop, job_id, job.attempts), daemon=True)
    beater.start()
    try:
        with _process_tempdir(temp_dir(job)):
            result = work(job, report)
    except SoftTimeLimitExceeded:
        _fail(mine, "time_limit")
        raise
    except Exception as exc:
        _fail(mine, "error", str(exc) or exc.__class__.__name__)
        raise
    finally:
        stop.set()
        beater.join()
        remove_temp_dir(job_id)
    # Not conditional on status: a job that did finish is reported as such even if the sweeper
    # gave up on it meanwhile (e.g. the database was briefly unreachable).
    mine.update(
        status=BackgroundJob.Status.SUCCEEDED,
        progress=100,
        result=result or {},
        error_code="",
        finished_at=timezone.now(),
    )


# --- Sweeping -------------------------------------------------------------------------------


def sweep_stale_jobs() -> dict[str, int]:
    """Fail dead running jobs, re-send silent queued ones, remove dead jobs' temporary folders.

    A queued job not started within JOB_TIME_LIMIT_SECONDS is failed instead of re-sent.
    """
    now = timezone.now()
    cutoff = _stale_before(now)
    silent = BackgroundJob.objects.filter(_silent_since(cutoff))
    give_up = now - dt.timedelta(seconds=settings.JOB_TIME_LIMIT_SECONDS)
    queued = silent.filter(status=BackgroundJob.Status.QUEUED)
    failed = _fail(silent.filter(status=BackgroundJob.Status.RUNNING), "interrupted")
    failed += _fail(queued.filter(created_at__lt=give_up), "not_started")
    resent = 0
    for job in queued.filter(created_at__gte=give_up):
        try:
            task = job_kind(job.kind).task
        except LookupError:  # a kind no longer registered can never run
            failed += _fail(queued.filter(pk=job.pk), "not_started")
            continue
        if queued.filter(pk=job.pk).update(heartbeat_at=now):
            _publish(job.pk, task)
            resent += 1
    return {"failed": failed, "resent": resent, "removed": remove_orphan_temp_dirs()}


def remove_orphan_temp_dirs() -> int:
    """Remove temporary folders of jobs that are not alive (finished, failed, gone or silent)."""
    root = Path(settings.JOB_TEMP_ROOT)
    if not root.is_dir():
        return 0
    names = {path.name: path for path in root.iterdir() if path.is_dir()}
    ids = [int(name) for name in names if name.isdigit()]
    cutoff = _stale_before(timezone.now())
    alive = {
        str(pk)
        for pk in BackgroundJob.objects.filter(pk__in=ids, status__in=BackgroundJob.ACTIVE)
        .exclude(_silent_since(cutoff))
        .values_list("pk", flat=True)
    }
    removed = 0
    for name, path in names.items():
        if name not in alive:
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed
