"""Benchmark fair job queues: a quick validation while one user floods the export queue.

    python bench/job_queues.py

Needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis). Generates a mid-size plan (the
"large" plan one user exports) and a small plan of another team, then for each worker layout:

- ``compose``: the two workers of docker-compose.yml (``-Q celery`` and ``-Q validation``);
- ``one worker``: a single ``celery -A syncplan worker -c 1`` consuming both queues;

one user asks for 8 XLSX exports of the large plan (the per-user cap accepts some, refuses the
rest with a message), then the other team's validation is queued. Prints how many exports were
accepted, the validation's wait (queued to finished) and the time of one export, so the wait
can be read against it. Before this change every job shared one queue, so the validation
waited behind all 8 exports. The plans are deleted afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncplan.settings")
# The export files of the flood go to a scratch folder (the workers inherit it).
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="syncplan-bench-media-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from bench.generate import generate_enterprise_plan  # noqa: E402
from bench.load import ensure_database  # noqa: E402
from core import jobs  # noqa: E402
from core.models import Job, JobKind, JobStatus  # noqa: E402
from planner.models import Plan  # noqa: E402
from syncplan.celery import app as celery_app  # noqa: E402

FLOOD = 8
LAYOUTS = {
    "compose": [["-Q", "celery", "-c", "1"], ["-Q", "validation", "-c", "1"]],
    "one worker": [["-c", "1"]],
}


def _workers(layout: list[list[str]], logs: Path) -> list[subprocess.Popen]:
    processes = []
    for i, args in enumerate(layout):
        log_path = logs / f"worker-{i}.log"
        command = [sys.executable, "-m", "celery", "-A", "syncplan", "worker", "--pool", "prefork",
                   "-n", f"bench{i}-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
                   "--loglevel", "INFO", *args]  # fmt: skip
        with open(log_path, "wb") as log:
            process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=log)
        process.log_path = log_path
        processes.append(process)
    deadline = time.monotonic() + 60
    for process in processes:
        while "ready" not in process.log_path.read_text(errors="replace"):
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(process.log_path.read_text(errors="replace"))
            time.sleep(0.2)
    return processes


def _wait(job: Job, timeout: float = 600) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return (job.finished_at - job.created_at).total_seconds()
        time.sleep(0.1)
    raise SystemExit(f"job {job.pk} did not finish: {job.status} {job.message}")


def _run(layout_name, layout, large, small, logs) -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    flooder = users.create_user(f"bench-flooder-{time.time_ns()}")
    other = users.create_user(f"bench-other-{time.time_ns()}")
    celery_app.control.purge()
    processes = _workers(layout, logs)
    try:
        accepted, refused = [], 0
        for _ in range(FLOOD):
            try:
                accepted.append(jobs.start_job(kind=JobKind.EXPORT_XLSX, plan=large, user=flooder))
            except jobs.JobLimitReached:
                refused += 1
        time.sleep(1.0)  # the first export is running
        validation = jobs.start_job(kind=JobKind.VALIDATE, plan=small, user=other)
        waited = _wait(validation)
        export_times = [_wait(job) for job in accepted]
        one_export = min(
            (j.finished_at - j.started_at).total_seconds()
            for j in Job.objects.filter(pk__in=[j.pk for j in accepted])
        )
        ok = validation.status == JobStatus.SUCCEEDED
        print(f"[{layout_name}] exports asked {FLOOD}, accepted {len(accepted)}, refused {refused}")
        print(f"[{layout_name}] validation of the other team: {waited:.1f} s from queued to "
              f"finished ({'succeeded' if ok else validation.message})")  # fmt: skip
        print(f"[{layout_name}] one export runs {one_export:.1f} s; the last of the flood "
              f"finished {max(export_times):.1f} s after it was queued")  # fmt: skip
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        Job.objects.filter(created_by__in=[flooder, other]).delete()
        flooder.delete()
        other.delete()


def main() -> None:
    if not (settings.CELERY_BROKER_URL or "").startswith("redis://"):
        raise SystemExit("set CELERY_BROKER_URL=redis://... (a real broker and workers)")
    ensure_database()
    large = generate_enterprise_plan(
        types=10, fields_per_type=100, type_mappings=10, field_mappings=800, enum_pairs=4000,
        users=1000, user_map_entries=1000,
    )  # fmt: skip
    small = generate_enterprise_plan(
        types=2, fields_per_type=10, type_mappings=1, field_mappings=5, enum_pairs=10, users=3,
        user_map_entries=3,
    )  # fmt: skip
    print(f"caps: {settings.JOB_MAX_ACTIVE_PER_USER} jobs per user, "
          f"{settings.JOB_MAX_ACTIVE_PER_PLAN} per plan")  # fmt: skip
    try:
        with tempfile.TemporaryDirectory() as logs:
            for name, layout in LAYOUTS.items():
                _run(name, layout, large, small, Path(logs))
    finally:
        from connections.models import Connection

        for plan in (large, small):
            Connection.objects.filter(plan=plan).delete()  # connections protect endpoints
            server = plan.sync_server
            Plan.objects.filter(pk=plan.pk).delete()
            if server:
                server.delete()
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
