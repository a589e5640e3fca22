"""The rehearsal job and its stored results (issue 17, "Where the results go").

A result is the plan rehearsed on every sample set stored for it, kept as JSON through the
storage API (web and workers may run on different hosts) and bound to the plan revision and the
sets' SHA-256: the page says when it is from an older revision or other sample sets."""

from __future__ import annotations

import json
import tempfile

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage

from core.jobs import ACTIVE, JobFailed, JobOutcome
from core.models import Job, JobKind, JobStatus
from planner.document.snapshot import build_snapshot
from planner.models import SampleSet
from planner.rehearsal.results import rehearsal_result
from planner.services.samples import SampleSetError, load_sample_set


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


def run_rehearsal_job(job, progress) -> JobOutcome:
    plan = job.plan
    # Read before the snapshot: an edit in between makes the result look older, never newer.
    revision = plan.revision
    stored = list(sample_sets_of(plan))
    if not stored:
        raise JobFailed("This plan has no sample sets yet: upload an endpoint's items first.")
    sets: dict[str, list] = {}
    for done, sample_set in enumerate(stored):
        progress(5 + 45 * done // len(stored), f"Reading {sample_set.name}")
        try:
            sets.setdefault(sample_set.endpoint.key, []).append(load_sample_set(sample_set))
        except SampleSetError as exc:
            raise JobFailed(str(exc)) from None
    progress(50, "Rehearsing")
    snapshot = build_snapshot(plan)
    prefix = f"rehearsals/plan-{plan.pk}/job-{job.pk}-r{revision}"
    with tempfile.TemporaryFile() as lines:

        def detail(run_index, row, fields):
            # One JSON line per item; the row keeps where it is, so the side-by-side view
            # reads one line, not the whole file.
            line = json.dumps([run_index, row["item"], fields], ensure_ascii=False).encode()
            row["at"] = [lines.tell(), len(line)]
            lines.write(line + b"\n")

        result, _pairings, _reports = rehearsal_result(snapshot, sets, details=detail)
        progress(90, "Storing the result")
        lines.seek(0)
        result["details"] = default_storage.save(f"{prefix}-items.jsonl", File(lines))
    bound = binding(stored)
    result["revision"] = revision
    result["sample_sets"] = bound
    name = default_storage.save(
        f"{prefix}.json", ContentFile(json.dumps(result, ensure_ascii=False).encode())
    )
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
        result={"revision": revision, "sample_sets": bound, "path": name, "counts": counts},
    )


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


def last_rehearsal(plan) -> Rehearsed | None:
    job = (
        Job.objects.filter(plan=plan, kind=JobKind.REHEARSE, status=JobStatus.SUCCEEDED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if job is None or "path" not in job.result:
        return None
    try:
        with default_storage.open(job.result["path"], "rb") as handle:
            data = json.loads(handle.read())
    except (FileNotFoundError, ValueError):
        return None
    return Rehearsed(job, data, binding(sample_sets_of(plan)), plan.revision)
