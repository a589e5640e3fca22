"""Findings live while editing: an automatic validation after each content change.

The write boundary calls ``schedule`` once its change has committed (``Change.commit`` registers
it with ``transaction.on_commit``), so every content change arms it and no view has to.

Debounce and coalescing: a plan has at most one *queued* automatic validation, a ``validate`` Job
with ``options["auto"]`` and no ``created_by`` (so it never counts toward a user's job cap). An
edit while it waits pushes its ``due`` time back instead of queueing another; the task, when its
message arrives early, sends itself again for the rest of the wait. A job starts only when no
other validation of the plan is running, so one runs per plan at a time; it validates the plan's
current revision. An edit made while it runs queues the next one, which therefore validates once
more after it: the revision shown ends up the latest without a loop in the runner.

In-process mode (no broker, ``scripts/run``): nothing is queued. Validating a large plan inside
every save would make each edit slow, so the pages keep the last findings marked "from revision
N" and offer the Validate button instead.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.locks import lock_for_transaction
from core.models import Job, JobKind, JobStatus

log = logging.getLogger(__name__)

AUTO = "auto"
# How long a due automatic validation waits for the running validation of its plan to end.
BUSY_RETRY_SECONDS = 0.2


def enabled() -> bool:
    """Live validation runs only with a real broker: in-process it would run inside the save."""
    from celery import current_app as app

    return settings.LIVE_VALIDATION and not app.conf.task_always_eager


def auto_jobs():
    return Job.objects.filter(kind=JobKind.VALIDATE, options__auto=True)


# The plans changed during the current request (LiveFindingsMiddleware tells the page).
_changed: ContextVar[set | None] = ContextVar("syncplan_plans_changed", default=None)
CHANGED_EVENT = "plan-content-changed"


def changed(plan_ids) -> None:
    """Plan content changed in this request (the write boundary says so as it records it)."""
    plans = _changed.get()
    if plans is not None:
        plans.update(plan_ids)


def schedule(plan_ids) -> None:
    """Arm the automatic validation of each plan (after a content change committed). Never
    raises: a broker outage must not fail the edit that was already saved."""
    if not enabled():
        return
    for plan_id in plan_ids:
        try:
            arm(plan_id)
        except Exception:  # noqa: BLE001 - the edit is committed; the Validate button remains
            log.warning("automatic validation of plan %s not queued", plan_id, exc_info=True)


def arm(plan_id: int) -> Job | None:
    """Queue the plan's automatic validation ``LIVE_VALIDATION_DEBOUNCE_MS`` from now, or push
    back the one already queued. Returns the newly queued job (None when one was re-armed)."""
    delay = settings.LIVE_VALIDATION_DEBOUNCE_MS / 1000
    due = timezone.now() + timedelta(seconds=delay)
    with transaction.atomic():
        # Serializes arming against itself; a worker claiming the queued job (QUEUED ->
        # RUNNING) makes the update below miss it, and a new one is queued instead.
        lock_for_transaction(f"auto-validation-{plan_id}")
        queued = auto_jobs().filter(plan_id=plan_id, status=JobStatus.QUEUED)
        job = queued.first()
        if job is not None:
            overdue = _overdue(job)
            job.options = {**job.options, "due": due.isoformat()}
            if queued.filter(pk=job.pk).update(options=job.options):
                if overdue:
                    # Its message is lost or stuck (a worker restarted while holding it): send
                    # another; a duplicate delivery finds the job taken and does nothing.
                    transaction.on_commit(lambda: publish(job.pk, delay))
                return None
        job = Job.objects.create(
            kind=JobKind.VALIDATE, plan_id=plan_id, options={AUTO: True, "due": due.isoformat()}
        )
    publish(job.pk, delay)
    return job


def _overdue(job) -> bool:
    due = job.options.get("due")
    if not due:
        return True
    late = timezone.now() - datetime.fromisoformat(due)
    return late.total_seconds() > settings.JOB_STALE_SECONDS


def publish(job_id: int, countdown: float) -> None:
    from core.jobs import queue_for
    from planner.tasks import run_auto_validation

    try:
        run_auto_validation.apply_async(
            args=[job_id], countdown=countdown, queue=queue_for(JobKind.VALIDATE), retry=False
        )
    except Exception:
        from core.jobs import QUEUE_UNAVAILABLE, fail

        fail(job_id, QUEUE_UNAVAILABLE)
        raise


def wait_seconds(job_id: int) -> float:
    """How long the automatic validation ``job_id`` should still wait: until its due time (the
    last edit plus the debounce), then while another validation of its plan is running."""
    job = Job.objects.filter(pk=job_id).only("plan_id", "options", "status").first()
    if job is None or job.status != JobStatus.QUEUED:
        return 0
    due = job.options.get("due")
    if due:
        left = (datetime.fromisoformat(due) - timezone.now()).total_seconds()
        if left > 0:
            return left
    # A run whose heartbeat went silent is the reaper's business, not a reason to wait.
    alive = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)
    running = Job.objects.filter(
        plan_id=job.plan_id,
        kind=JobKind.VALIDATE,
        status=JobStatus.RUNNING,
        heartbeat_at__gte=alive,
    ).exclude(pk=job_id)
    return BUSY_RETRY_SECONDS if running.exists() else 0


def pending(plan) -> bool:
    """A validation of the plan is queued or running: its pages poll until it lands."""
    return Job.objects.filter(
        plan=plan, kind=JobKind.VALIDATE, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
    ).exists()


class LiveFindingsMiddleware:
    """An htmx response to a request that changed plan content triggers ``CHANGED_EVENT``, on
    which the page's findings line fetches itself again (and, stale, polls until the new
    validation lands): the edit's own page refreshes without each view saying so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _changed.set(set())
        try:
            response = self.get_response(request)
            changed = _changed.get()
        finally:
            _changed.reset(token)
        if changed and request.headers.get("HX-Request") == "true":
            _add_trigger(response, CHANGED_EVENT)
        return response


def _add_trigger(response, event: str) -> None:
    existing = response.headers.get("HX-Trigger", "").strip()
    if existing.startswith("{"):
        events = json.loads(existing)
        events[event] = None
        response.headers["HX-Trigger"] = json.dumps(events)
    else:
        response.headers["HX-Trigger"] = f"{existing}, {event}" if existing else event
