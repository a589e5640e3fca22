"""The worker self-check job: proves end to end that the queue delivers, a worker runs, the
database answers from the worker and file storage accepts a result the web can serve.

Options: ``steps`` (1-120) and ``step_seconds`` (0-5) pace it, so an operator (or a fault test)
can watch a job make progress, e.g. while restarting a worker.
"""

from __future__ import annotations

import json
import os
import socket
import time

from django.utils import timezone

from core.jobs import JobOutcome
from planner.system.health import check_database

MAX_STEPS = 120
MAX_STEP_SECONDS = 5.0


def _bounded(value, default, low, high, kind):
    try:
        number = kind(value)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def run_selfcheck_job(job, progress) -> JobOutcome:
    steps = _bounded(job.options.get("steps"), 3, 1, MAX_STEPS, int)
    pause = _bounded(job.options.get("step_seconds"), 0.2, 0.0, MAX_STEP_SECONDS, float)
    where = f"{socket.gethostname()} (process {os.getpid()})"
    for step in range(1, steps + 1):
        time.sleep(pause)
        progress(step * 100 // (steps + 1), f"Step {step} of {steps} on {where}")
    report = {
        "worker": socket.gethostname(),
        "pid": os.getpid(),
        "database": check_database(),
        "steps": steps,
        "finished_at": timezone.now().isoformat(),
    }
    return JobOutcome(
        message=f"The worker on {where} ran the self-check.",
        result=report,
        file_name="selfcheck.json",
        file_content=json.dumps(report, indent=2).encode(),
    )
