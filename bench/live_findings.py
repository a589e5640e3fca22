"""Benchmark findings live while editing: from a save to findings current for its revision.

    python bench/live_findings.py [--edits 20] [--keep]

Needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis). Generates the enterprise-size plan
(bench/generate.py), starts a real Celery worker on the validation queue (as docker-compose.yml's
``worker-validation``), then, ``--edits`` times: saves a field mapping's notes through the write
boundary's service (which arms the automatic validation, planner/validation/live.py) and polls
the finding status (planner/validation/status.py) until it is current for the new revision, as
the page's htmx poll would see it. Prints p50/p95/max of that time against the target (p95 <
2 s), the debounce, and the validation run time alone. The plan is deleted unless --keep.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncplan.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402

from bench.generate import generate_enterprise_plan  # noqa: E402
from bench.load import ensure_database  # noqa: E402
from connections.field_mappings.services import update_field_mapping  # noqa: E402
from connections.models import Connection, FieldMapping  # noqa: E402
from core.models import JobStatus  # noqa: E402
from planner.models import Plan  # noqa: E402
from planner.validation import live  # noqa: E402
from planner.validation.status import finding_status_of  # noqa: E402
from syncplan.celery import app as celery_app  # noqa: E402

TARGET_P95 = 2.0


def _worker(log_path: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "syncplan", "worker", "--pool", "prefork",
               "-c", "1", "-Q", settings.JOB_VALIDATION_QUEUE, "-n", f"live{os.getpid()}@%h",
               "--without-gossip", "--without-mingle", "--loglevel", "INFO"]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while "ready" not in log_path.read_text(errors="replace"):
        if time.monotonic() > deadline or process.poll() is not None:
            raise SystemExit(log_path.read_text(errors="replace"))
        time.sleep(0.2)
    return process


def _edit(plan, user, mapping_id: int, notes: str) -> None:
    mapping = FieldMapping.objects.get(pk=mapping_id)
    update_field_mapping(
        plan=plan,
        user=user,
        mapping=mapping,
        expected_lock_version=mapping.lock_version,
        direction=mapping.direction,
        conflict_policy=mapping.conflict_policy,
        on_creation_only=mapping.on_creation_only,
        notes=notes,
    )


def _until_current(plan, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        plan.refresh_from_db(fields=["revision"])
        if finding_status_of(plan).current:
            return
        time.sleep(0.02)
    raise SystemExit(f"revision {plan.revision} was not validated within {timeout:.0f} s")


def _percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not (settings.CELERY_BROKER_URL or "").startswith("redis://"):
        raise SystemExit("set CELERY_BROKER_URL=redis://... (a real broker and worker)")
    if not live.enabled():
        raise SystemExit("live validation is off (LIVE_VALIDATION=false)")
    ensure_database()
    plan = generate_enterprise_plan()
    user = get_user_model().objects.create_user(f"bench-live-{time.time_ns()}")
    mapping_ids = list(
        FieldMapping.objects.filter(type_mapping__connection__plan=plan).values_list(
            "pk", flat=True
        )[:50]
    )
    celery_app.control.purge()
    times = []
    try:
        with tempfile.TemporaryDirectory() as logs:
            worker = _worker(Path(logs) / "worker.log")
            try:
                _edit(plan, user, mapping_ids[0], "warm-up")  # first run loads code and caches
                _until_current(plan)
                for i in range(args.edits):
                    started = time.monotonic()
                    _edit(plan, user, mapping_ids[i % len(mapping_ids)], f"edit {i}")
                    _until_current(plan)
                    times.append(time.monotonic() - started)
            finally:
                worker.terminate()
                worker.wait(timeout=30)
        runs = [
            (j.finished_at - j.started_at).total_seconds()
            for j in live.auto_jobs().filter(plan=plan, status=JobStatus.SUCCEEDED)
        ]
        p50, p95 = statistics.median(times), _percentile(times, 95)
        print(f"enterprise plan: {FieldMapping.objects.filter(type_mapping__connection__plan=plan).count()} "
              f"field mappings; debounce {settings.LIVE_VALIDATION_DEBOUNCE_MS} ms; "
              f"{len(runs)} automatic validations for {args.edits + 1} edits")  # fmt: skip
        print(f"save -> findings current: p50 {p50:.2f} s, p95 {p95:.2f} s, max {max(times):.2f} s "
              f"over {len(times)} edits (target p95 < {TARGET_P95:.0f} s: "
              f"{'met' if p95 < TARGET_P95 else 'NOT met'})")  # fmt: skip
        print(f"one validation run alone: median {statistics.median(runs):.2f} s")
    finally:
        if not args.keep:
            Connection.objects.filter(plan=plan).delete()  # connections protect endpoints
            server = plan.sync_server
            Plan.objects.filter(pk=plan.pk).delete()
            if server:
                server.delete()
        user.delete()
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
