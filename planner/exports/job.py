"""The export job runner: the worksheet (XLSX, CSV zip) or the plan document (JSON) as a file
stored with the job (core.jobs saves it through the storage API and sets its expiry)."""

from __future__ import annotations

import io
import re

from django.utils import timezone

from core.jobs import JobOutcome
from core.models import JobKind
from planner.document.dump import plan_document
from planner.document.gcpause import cyclic_gc_paused
from planner.document.hashing import canonical_json
from planner.exports.csvzip import write_zip
from planner.exports.sheets import ExportOptions, build_sheets, gather
from planner.exports.worksheet import write_workbook

EXTENSIONS = {JobKind.EXPORT_XLSX: "xlsx", JobKind.EXPORT_CSV: "zip", JobKind.EXPORT_JSON: "json"}


def file_slug(text: str, default: str = "plan") -> str:
    """``text`` as a part of a download's file name (ASCII letters, digits and dashes)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or default


def export_file_name(plan, kind: str) -> str:
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return f"{file_slug(plan.name)}-r{plan.revision}-{stamp}.{EXTENSIONS[kind]}"


def render_export(plan, kind: str, options: ExportOptions, progress=None) -> bytes:
    """The export's bytes; ``progress(percent, message)`` is told how far it got."""
    with cyclic_gc_paused():
        return _render(plan, kind, options, progress)


def _render(plan, kind: str, options: ExportOptions, progress=None) -> bytes:

    def report(percent, message):
        if progress:
            progress(percent, message)

    report(5, "Reading the plan")
    if kind == JobKind.EXPORT_JSON:
        data = canonical_json(plan_document(plan))
        report(90, "Plan document written")
        return data
    data = gather(plan)
    report(20, "Plan read")
    sheets = build_sheets(data, options)

    def sheet_done(done, total, title):
        report(20 + int(75 * done / total), f"Sheet {title} written")

    buffer = io.BytesIO()
    if kind == JobKind.EXPORT_XLSX:
        write_workbook(sheets, buffer, sheet_done)
    elif kind == JobKind.EXPORT_CSV:
        write_zip(sheets, buffer, sheet_done)
    else:
        raise ValueError(f"not an export job kind: {kind}")
    return buffer.getvalue()


def run_export_job(job, progress) -> JobOutcome:
    options = ExportOptions.from_dict(job.options)
    content = render_export(job.plan, job.kind, options, progress)
    name = export_file_name(job.plan, job.kind)
    return JobOutcome(
        message=f"{name} is ready ({len(content) // 1024 + 1} KB).",
        result={"size": len(content), "options": options.as_dict()},
        file_name=name,
        file_content=content,
    )
