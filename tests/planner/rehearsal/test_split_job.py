"""A rehearsal on more items than REHEARSAL_CHUNK_ITEMS is split into parts that several Celery
workers share, merged into one result bound to the plan revision and the sample sets' hashes
(issue 17, point 7). Correctness only, on small data: timings belong in bench/rehearse.py."""

import datetime
import json
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from connections.models import Field, TypeMapping
from core import jobs
from core.models import Job, JobKind, JobStatus
from planner.demo import load_demo_plan
from planner.document.snapshot import build_snapshot
from planner.models import RehearsalChunk
from planner.rehearsal.results import rehearsal_result
from planner.rehearsal.samples import load_sample_set, store_sample_set
from planner.rehearsal.services import last_rehearsal, sample_sets_of
from tests.core.test_job_faults import _start_worker, _stop, broker  # noqa: F401
from tests.factories import ExistingItemMatchingFactory, UserFactory
from tests.planner.rehearsal.test_chunks import ALM, BUGS, SPRINTS, TASKS
from tests.planner.rehearsal.test_rehearse_plan_command import fit_demo

TOTAL = 4 + 7 + 12 + 6  # ALM/QC defects, Jira bugs, Jira tasks, Jira sprints


def demo_with_sample_sets():
    plan = load_demo_plan(today=datetime.date(2026, 3, 2)).plan
    fit_demo(plan)
    defects = TypeMapping.objects.get(connection__plan=plan, connection__key="alm-jira")
    ExistingItemMatchingFactory(
        type_mapping=defects,
        left_field=Field.objects.get(item_type=defects.left_type, key="name"),
        right_field=Field.objects.get(item_type=defects.right_type, key="summary"),
    )
    user = UserFactory()
    for endpoint, name, content, hint in [
        ("alm", "defects.json", ALM, ""),
        ("jira", BUGS.name, BUGS.read_bytes(), ""),
        ("jira", TASKS.name, TASKS.read_bytes(), ""),
        ("jira", SPRINTS.name, SPRINTS.read_bytes(), "sprint"),
    ]:
        store_sample_set(
            plan=plan,
            endpoint=plan.endpoints.get(key=endpoint),
            name=name,
            content=content,
            user=user,
            type_hint=hint,
        )
    plan.refresh_from_db()
    return plan


def summary(result: dict) -> dict:
    """A stored result without where its files and item lines happen to be."""
    result = {k: v for k, v in result.items() if k not in ("details", "revision", "sample_sets")}
    for run in result["runs"]:
        run["item_outcomes"] = [
            {k: v for k, v in row.items() if k != "at"} for row in run["item_outcomes"]
        ]
    return result


def whole_rehearsal(plan) -> dict:
    """The same plan and sets rehearsed in this process, in one piece."""
    sets = {}
    for sample_set in sample_sets_of(plan):
        sets.setdefault(sample_set.endpoint.key, []).append(load_sample_set(sample_set))
    result, _pairings, _reports = rehearsal_result(build_snapshot(plan), sets)
    return result


def every_item_side_by_side(plan) -> dict:
    rehearsed = last_rehearsal(plan)
    return {
        (index, row["item"]): rehearsed.fields(row)
        for index, run in enumerate(rehearsed.runs)
        for row in run["item_outcomes"]
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_without_a_broker_the_split_runs_in_process_and_equals_the_whole_run(db, media, settings):
    plan = demo_with_sample_sets()
    user = UserFactory()
    settings.REHEARSAL_CHUNK_ITEMS = 100
    whole_job = jobs.start_job(kind=JobKind.REHEARSE, plan=plan, user=user)
    assert whole_job.status == JobStatus.SUCCEEDED, whole_job.message
    assert not whole_job.chunks.exists()
    whole = json.loads(default_storage.open(whole_job.result["path"]).read())
    whole_items = every_item_side_by_side(plan)

    whole_rhr = sorted(
        plan.findings.filter(code__startswith="RHR-").values_list("code", "subject", "message")
    )
    plan.findings.all().delete()  # the split run must raise them again itself

    settings.REHEARSAL_CHUNK_ITEMS = 4
    job = jobs.start_job(kind=JobKind.REHEARSE, plan=plan, user=user)
    job.refresh_from_db()

    assert job.status == JobStatus.SUCCEEDED, job.message
    assert (job.progress, job.message) == (100, whole_job.message)
    chunks = list(job.chunks.order_by("index"))
    assert [(c.start, c.stop) for c in chunks] == [
        (0, 4), (4, 8), (8, 12), (12, 16), (16, 20), (20, 24), (24, 28), (28, None)
    ]  # fmt: skip
    assert {c.status for c in chunks} == {RehearsalChunk.Status.DONE}
    merged = json.loads(default_storage.open(job.result["path"]).read())
    assert summary(merged) == summary(whole) == summary(whole_rehearsal(plan))
    assert merged["revision"] == plan.revision
    assert merged["sample_sets"] == whole["sample_sets"]
    # Eager, every part ran in this process.
    assert len({p["worker"] for p in job.result["parts"]}) == 1
    # Every item's side-by-side view reads the same fields from the merged details file.
    assert every_item_side_by_side(plan) == whole_items
    assert len(whole_items) == len(default_storage.open(merged["details"]).read().splitlines())
    # The parts' own files are gone; the result and its details remain.
    for chunk in chunks:
        assert not default_storage.exists(chunk.part)
        assert not default_storage.exists(chunk.details)
    # The merge validates with the merged result, as the whole run does: the same RHR findings.
    assert job.result["validated_revision"] == whole_job.result["validated_revision"]
    rhr = sorted(
        plan.findings.filter(code__startswith="RHR-").values_list("code", "subject", "message")
    )
    assert rhr == whole_rhr
    assert any(code == "RHR-001" for code, _s, _m in rhr)


def test_a_part_that_cannot_read_its_sample_set_fails_the_job_in_words(db, media, settings):
    plan = demo_with_sample_sets()
    settings.REHEARSAL_CHUNK_ITEMS = 10
    broken = sample_sets_of(plan).last()
    with broken.file.open("wb") as handle:
        handle.write(b'{"changed": true}')

    job = jobs.start_job(kind=JobKind.REHEARSE, plan=plan, user=UserFactory())
    job.refresh_from_db()

    assert job.status == JobStatus.FAILED
    assert job.message.startswith("Part 1 of the rehearsal failed: ")
    assert "no longer matches its SHA-256" in job.message
    assert last_rehearsal(plan) is None


def _finished(job, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.3)
    return job


@pytest.mark.worker
def test_two_real_workers_share_the_parts_and_the_merge_equals_the_whole_run(
    broker,  # noqa: F811
    tmp_path,
    settings,
):
    plan = demo_with_sample_sets()
    env = {"REHEARSAL_CHUNK_ITEMS": "3"}
    workers = [_start_worker(tmp_path, name, env=env) for name in ("alpha", "beta")]
    try:
        job = jobs.start_job(kind=JobKind.REHEARSE, plan=plan, user=UserFactory())
        assert _finished(job, timeout=120).status == JobStatus.SUCCEEDED, job.message
    finally:
        for worker in workers:
            _stop(worker)

    chunks = list(RehearsalChunk.objects.filter(job=job).order_by("index"))
    assert len(chunks) == -(-TOTAL // 3)
    assert {c.status for c in chunks} == {RehearsalChunk.Status.DONE}
    names = {c.worker.split("-")[0] for c in chunks}
    assert names == {"alpha", "beta"}, [c.worker for c in chunks]
    assert job.result["revision"] == plan.revision
    stored = [s.sha256 for s in sample_sets_of(plan)]
    assert [s["sha256"] for s in job.result["sample_sets"]] == stored
    merged = json.loads(Path(settings.MEDIA_ROOT, job.result["path"]).read_text())
    whole = whole_rehearsal(plan)
    assert summary(merged) == summary(whole)
    rehearsed = sum(r["items"] for r in whole["runs"])
    assert Job.objects.get(pk=job.pk).message.startswith(f"Rehearsed {rehearsed} items")


def test_a_split_rehearsal_waiting_for_its_parts_is_not_taken_for_lost(db, settings, monkeypatch):
    """While its parts wait in the queue nothing beats the job's heart; it is waiting, not lost,
    for as long as JOB_QUEUED_MAX_SECONDS allows a job to wait."""
    settings.JOB_QUEUED_MAX_SECONDS = 3600
    monkeypatch.setattr(jobs, "_publish", lambda job: None)
    plan = load_demo_plan(today=datetime.date(2026, 3, 2)).plan
    long_ago = timezone.now() - timedelta(minutes=30)
    job = Job.objects.create(
        plan=plan, kind=JobKind.REHEARSE, status=JobStatus.RUNNING, heartbeat_at=long_ago
    )
    part = RehearsalChunk.objects.create(job=job, attempt=0, index=0, start=0)

    assert not job.worker_lost
    assert jobs.reap_stale_jobs() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING

    # Parts of an earlier run, or a part that has started, do not count as waiting.
    RehearsalChunk.objects.filter(pk=part.pk).update(status=RehearsalChunk.Status.RUNNING)
    RehearsalChunk.objects.create(job=job, attempt=1, index=0, start=0)
    assert job.worker_lost
    assert jobs.reap_stale_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 1)


def test_parts_queued_longer_than_a_job_may_wait_no_longer_hold_the_job(db, settings, monkeypatch):
    settings.JOB_QUEUED_MAX_SECONDS = 600
    monkeypatch.setattr(jobs, "_publish", lambda job: None)
    plan = load_demo_plan(today=datetime.date(2026, 3, 2)).plan
    long_ago = timezone.now() - timedelta(minutes=30)
    job = Job.objects.create(
        plan=plan, kind=JobKind.REHEARSE, status=JobStatus.RUNNING, heartbeat_at=long_ago
    )
    part = RehearsalChunk.objects.create(job=job, attempt=0, index=0, start=0)
    RehearsalChunk.objects.filter(pk=part.pk).update(created_at=long_ago)

    assert jobs.reap_stale_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
