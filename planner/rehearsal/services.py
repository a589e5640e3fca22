"""The rehearsal job and its stored results (issue 17, "Where the results go").

A result is the plan rehearsed on every sample set stored for it, kept as JSON through the
storage API (web and workers may run on different hosts) and bound to the plan revision and the
sets' SHA-256: the page says when it is from an older revision or other sample sets."""

from __future__ import annotations

import json
import logging
import tempfile

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import jobs
from core.jobs import ACTIVE, JobFailed, JobOutcome
from core.models import Job, JobKind, JobStatus
from planner.document.dump import plan_document
from planner.document.load import snapshot_from_document
from planner.document.snapshot import build_snapshot
from planner.models import RehearsalChunk, SampleSet
from planner.rehearsal.chunks import merge, ranges, rehearse_part, split
from planner.rehearsal.loading import last_job
from planner.rehearsal.samples import SampleSetError, load_sample_set

log = logging.getLogger(__name__)
Chunk = RehearsalChunk.Status


def sample_sets_of(plan):
    return (
        SampleSet.objects.filter(plan=plan)
        .select_related("endpoint")
        .order_by("endpoint__key", "created_at", "pk")
    )


def binding(sample_sets) -> list[dict]:
    """What a result is bound to besides the revision: each set's endpoint, name and hash."""
    return [
        {"endpoint": s.endpoint.key, "name": s.name, "sha256": s.sha256, "items": s.item_count}
        for s in sample_sets
    ]


def _read_sets(stored, progress=None) -> dict[str, list]:
    """endpoint key -> the sets read again (hashes checked), in the order of ``stored``."""
    sets: dict[str, list] = {}
    for done, sample_set in enumerate(stored):
        if progress is not None:
            progress(5 + 40 * done // len(stored), f"Reading {sample_set.name}")
        try:
            sets.setdefault(sample_set.endpoint.key, []).append(load_sample_set(sample_set))
        except SampleSetError as exc:
            raise JobFailed(str(exc)) from None
    return sets


def _rehearse_part(snapshot, sets, lines) -> dict:
    """One part, each item's side-by-side fields written to ``lines`` as a JSON line, the row
    keeping where (the merge moves the lines to the result's own file)."""

    def detail(run_index, row, fields):
        line = json.dumps([run_index, row["item"], fields], ensure_ascii=False).encode()
        row["at"] = [lines.tell(), len(line)]
        lines.write(line + b"\n")

    return rehearse_part(snapshot, sets, details=detail)


def _store_result(
    plan, snapshot, parts, details_files, prefix, revision, bound, progress
) -> JobOutcome:
    """Merge the parts (their detail lines in ``details_files``, open, by part) and store the
    result and its details file through the storage API."""
    with tempfile.TemporaryFile() as lines:

        def relocate(part, run_index, row, final_index):
            # The item's line, moved to the result's file under its run's place in the result.
            source = details_files[part]
            offset, length = row["at"]
            source.seek(offset)
            old = source.read(length)
            line = b"[%d%s" % (final_index, old[old.index(b",") :])
            row["at"] = [lines.tell(), len(line)]
            lines.write(line + b"\n")

        result, _pairings, _reports = merge(snapshot, parts, relocate=relocate)
        lines.seek(0)
        result["details"] = default_storage.save(f"{prefix}-items.jsonl", File(lines))
    result["revision"] = revision
    result["sample_sets"] = bound
    name = default_storage.save(
        f"{prefix}.json", ContentFile(json.dumps(result, ensure_ascii=False).encode())
    )
    # The findings (RHR) are the validator's: validate now with this result, so the findings
    # pages show them (only when the plan is still at the revision rehearsed).
    from planner.validation.services import validate_and_store

    progress(95, "Validating with the rehearsal's findings")
    validated, _findings = validate_and_store(plan, rehearsal=result)
    runs = result["runs"]
    counts = {
        "items": sum(r["items"] for r in runs),
        "clean": sum(r["clean"] for r in runs),
        "with_losses": sum(r["with_losses"] for r in runs),
        "refused": result["refused"],
    }
    return JobOutcome(
        message=(
            f"Rehearsed {counts['items']} items: {counts['refused']} refused, "
            f"{counts['with_losses']} with losses."
        ),
        result={
            "revision": revision,
            "sample_sets": bound,
            "path": name,
            "counts": counts,
            # the revision its validation judged (planner/validation/status.py)
            "validated_revision": validated,
        },
    )


def run_rehearsal_job(job, progress) -> JobOutcome:
    plan = job.plan
    # Read before the snapshot: an edit in between makes the result look older, never newer.
    revision = plan.revision
    stored = list(sample_sets_of(plan))
    if not stored:
        raise JobFailed("This plan has no sample sets yet: upload an endpoint's items first.")
    snapshot = build_snapshot(plan)
    prefix = f"rehearsals/plan-{plan.pk}/job-{job.pk}-r{revision}"
    total = sum(s.item_count for s in stored)
    if total > settings.REHEARSAL_CHUNK_ITEMS:
        return _split(job, snapshot, stored, total, prefix, revision, progress)
    sets = _read_sets(stored, progress)
    progress(50, "Rehearsing")
    with tempfile.TemporaryFile() as lines:
        part = _rehearse_part(snapshot, sets, lines)
        progress(90, "Storing the result")
        return _store_result(
            plan, snapshot, [part], [lines], prefix, revision, binding(stored), progress
        )


# ---------------------------------------------------------------------------------------------
# Split over several workers: a group of rehearse_chunk tasks, their state in RehearsalChunk
# rows; the one that finishes the last part merges them (a chord whose join is in PostgreSQL,
# not in a result backend). The plan is read once, as its document, so every part rehearses
# the same plan whatever is edited meanwhile.


def _split(job, snapshot, stored, total, prefix, revision, progress) -> JobOutcome:
    from celery import group

    from planner.tasks import rehearse_chunk

    cuts = ranges(total, settings.REHEARSAL_CHUNK_ITEMS)
    progress(5, f"Splitting {total} items into {len(cuts)} parts")
    document = default_storage.save(
        f"{prefix}-a{job.attempts}-plan.json",
        ContentFile(json.dumps(plan_document(snapshot), ensure_ascii=False).encode()),
    )
    split_state = {
        "plan": document,
        "prefix": prefix,
        "attempt": job.attempts,
        "parts": len(cuts),
        "sample_set_ids": [s.pk for s in stored],
    }
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            result={"revision": revision, "sample_sets": binding(stored), "split": split_state}
        )
        chunks = RehearsalChunk.objects.bulk_create(
            RehearsalChunk(job=job, attempt=job.attempts, index=i, start=start, stop=stop)
            for i, (start, stop) in enumerate(cuts)
        )
    group(rehearse_chunk.s(c.pk) for c in chunks).apply_async(
        queue=settings.CELERY_TASK_DEFAULT_QUEUE
    )
    return JobOutcome(deferred=True)


def waiting_parts(job, attempt, since=None):
    """The parts of a split rehearsal still queued for the job's current run (registered with
    the kernel's reaper: a job waiting for them is not lost). ``since``: only parts queued after
    then (JOB_QUEUED_MAX_SECONDS bounds the wait)."""
    parts = RehearsalChunk.objects.filter(
        job=job, attempt=attempt, status=RehearsalChunk.Status.QUEUED
    )
    return parts if since is None else parts.filter(created_at__gte=since)


def _progress(job_id, attempt, percent, message) -> bool:
    return bool(
        Job.objects.filter(pk=job_id, attempts=attempt, status=JobStatus.RUNNING).update(
            progress=percent, message=message, heartbeat_at=timezone.now()
        )
    )


def run_chunk(chunk_id: int, worker: str = "") -> None:
    """Rehearse one part and store it; the part that completes the set merges all of them."""
    claimed = RehearsalChunk.objects.filter(
        pk=chunk_id,
        status=Chunk.QUEUED,
        job__status=JobStatus.RUNNING,
        job__attempts=F("attempt"),
    ).update(status=Chunk.RUNNING, worker=worker[:255], started_at=timezone.now())
    if not claimed:
        log.info("rehearsal part %s not run: taken, or its job is over", chunk_id)
        return
    chunk = RehearsalChunk.objects.select_related("job", "job__plan").get(pk=chunk_id)
    job = chunk.job
    state = job.result["split"]
    try:
        with jobs.heartbeat(job.pk):
            _rehearse_chunk(chunk, state)
    except JobFailed as refused:
        _chunk_failed(chunk, str(refused))
        return
    except Exception as exc:
        _chunk_failed(chunk, f"{exc.__class__.__name__}: {exc}")
        raise
    with transaction.atomic():
        # The job's row serializes the parts' last steps: exactly one of them sees all done.
        locked = Job.objects.select_for_update().get(pk=job.pk)
        RehearsalChunk.objects.filter(pk=chunk.pk).update(
            status=Chunk.DONE, finished_at=timezone.now()
        )
        done = RehearsalChunk.objects.filter(
            job=job, attempt=chunk.attempt, status=Chunk.DONE
        ).count()
        last = done == state["parts"] and locked.status == JobStatus.RUNNING
    _progress(
        job.pk,
        chunk.attempt,
        10 + 80 * done // state["parts"],
        f"Rehearsed part {done} of {state['parts']}",
    )
    if last:
        with jobs.heartbeat(job.pk):
            _merge_chunks(job, state)


def _rehearse_chunk(chunk, state) -> None:
    with default_storage.open(state["plan"], "rb") as handle:
        snapshot = snapshot_from_document(json.loads(handle.read()))
    by_id = {
        s.pk: s
        for s in SampleSet.objects.filter(pk__in=state["sample_set_ids"]).select_related("endpoint")
    }
    missing = [pk for pk in state["sample_set_ids"] if pk not in by_id]
    if missing:
        raise JobFailed("A sample set was deleted during the rehearsal; start it again.")
    sets = _read_sets([by_id[pk] for pk in state["sample_set_ids"]])
    part_sets = split(sets, chunk.start, chunk.stop)
    del sets
    base = f"{state['prefix']}-a{chunk.attempt}-part-{chunk.index}"
    with tempfile.TemporaryFile() as lines:
        part = _rehearse_part(snapshot, part_sets, lines)
        lines.seek(0)
        details = default_storage.save(f"{base}-items.jsonl", File(lines))
    name = default_storage.save(
        f"{base}.json", ContentFile(json.dumps(part, ensure_ascii=False).encode())
    )
    RehearsalChunk.objects.filter(pk=chunk.pk).update(part=name, details=details)


def _chunk_failed(chunk, message: str) -> None:
    RehearsalChunk.objects.filter(pk=chunk.pk).update(
        status=Chunk.FAILED, finished_at=timezone.now()
    )
    if chunk.job.attempts == chunk.attempt:
        jobs.fail(chunk.job_id, f"Part {chunk.index + 1} of the rehearsal failed: {message}")


def _merge_chunks(job, state) -> None:
    attempt = state["attempt"]
    _progress(job.pk, attempt, 90, f"Merging the {state['parts']} parts")
    chunks = list(RehearsalChunk.objects.filter(job=job, attempt=attempt).order_by("index"))
    try:
        with default_storage.open(state["plan"], "rb") as handle:
            snapshot = snapshot_from_document(json.loads(handle.read()))
        parts = []
        for chunk in chunks:
            with default_storage.open(chunk.part, "rb") as handle:
                parts.append(json.loads(handle.read()))
        details = [default_storage.open(c.details, "rb") for c in chunks]
        try:
            outcome = _store_result(
                job.plan,
                snapshot,
                parts,
                details,
                state["prefix"],
                job.result["revision"],
                job.result["sample_sets"],
                lambda percent, message: _progress(job.pk, attempt, percent, message),
            )
        finally:
            for handle in details:
                handle.close()
        outcome.result["parts"] = [
            {"index": c.index, "start": c.start, "stop": c.stop, "worker": c.worker} for c in chunks
        ]
    except Exception as exc:
        jobs.fail(job.pk, f"The rehearsal's parts could not be merged: {exc}")
        raise
    if not jobs.succeed(job.pk, outcome, attempt=attempt):
        log.warning("job %s was queued again while its parts ran; merged result dropped", job.pk)
    # The parts served their purpose: the result and its details file hold everything.
    for path in [state["plan"], *(c.part for c in chunks), *(c.details for c in chunks)]:
        default_storage.delete(path)


class Rehearsed:
    """The plan's last finished rehearsal, read back from storage, with what it is bound to."""

    def __init__(self, job: Job, data: dict, current_sets: list[dict], revision: int):
        self.job = job
        self.data = data
        self.revision = job.result["revision"]
        self.older_revision = self.revision != revision
        ours = sorted(s["sha256"] for s in job.result["sample_sets"])
        self.other_sample_sets = ours != sorted(s["sha256"] for s in current_sets)

    @property
    def runs(self) -> list[dict]:
        return self.data["runs"]

    def run(self, index: int) -> dict | None:
        return self.runs[index] if 0 <= index < len(self.runs) else None

    def fields(self, row: dict) -> list[dict] | None:
        """The item's fields side by side, read from its line of the details file (None when
        that file is gone)."""
        offset, length = row["at"]
        try:
            with default_storage.open(self.data["details"], "rb") as handle:
                handle.seek(offset)
                _run, _item, fields = json.loads(handle.read(length))
        except (FileNotFoundError, ValueError):
            return None
        return fields


def running_rehearsal(plan) -> Job | None:
    """A rehearsal queued or running, for the page to link to its progress."""
    return (
        Job.objects.filter(plan=plan, kind=JobKind.REHEARSE, status__in=ACTIVE)
        .order_by("-pk")
        .first()
    )


def last_rehearsal(plan, job: Job | None = None) -> Rehearsed | None:
    """The stored result of the plan's last finished rehearsal (``job``, when the caller has
    already looked it up with ``loading.last_job``)."""
    if job is None:
        job = last_job(plan)
    if job is None or "path" not in job.result:
        return None
    try:
        with default_storage.open(job.result["path"], "rb") as handle:
            data = json.loads(handle.read())
    except (FileNotFoundError, ValueError):
        return None
    return Rehearsed(job, data, binding(sample_sets_of(plan)), plan.revision)
