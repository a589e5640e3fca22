"""Run every rule over a snapshot, apply "one finding per cause", give each finding its
fingerprint, and sort."""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import date

from .context import Context
from .findings import FindingResult, fingerprint
from .rules import RULES

# "One finding per cause" (rules.md): on one subject, the more specific finding hides these.
# The rules already avoid most overlaps themselves; this table is the safety net.
SUPPRESSES: dict[str, frozenset[str]] = {
    "FLD-006": frozenset({"FLD-005", "FLD-009"}),
    "USR-003": frozenset({"FLD-005", "FLD-006"}),
    # A string written into a relationship (or a constant for one) is fixed by choosing the
    # right field or a lookup; REL-001's "map the target type" would be the opposite advice.
    "FLD-001": frozenset({"REL-004", "FLD-002", "REL-001"}),
    "FLD-011": frozenset({"REL-001"}),
    "FLD-012": frozenset({"FLD-001", "FLD-002", "FLD-005", "FLD-006", "FLD-009",
                          "ENM-001", "ENM-004", "ENM-005", "REL-004"}),
}  # fmt: skip


def validate(
    snapshot,
    today: date | None = None,
    warning_days: int | None = None,
    rehearsal: dict | None = None,
):
    """All findings for ``snapshot``: one per (code, subject), stably sorted by severity, code
    and subject. ``rehearsal``: the stored result of the plan's rehearsal of this revision
    (``planner/rehearsal/loading.py``), which the RHR rules read; None raises none."""
    enabled = gc.isenabled()
    gc.disable()  # the rules allocate much and free little: no point in collecting meanwhile
    try:
        return _validate(snapshot, today, warning_days, rehearsal)
    finally:
        if enabled:
            gc.enable()


def _validate(snapshot, today, warning_days, rehearsal=None):
    ctx = Context(snapshot, today=today, warning_days=warning_days, rehearsal=rehearsal)
    found: dict[tuple[str, str], FindingResult] = {}
    for rule in RULES:
        for result in rule(snapshot, ctx):
            found.setdefault((result.code, result.subject), result)
    codes_by_subject: dict[str, set[str]] = {}
    for code, subject in found:
        codes_by_subject.setdefault(subject, set()).add(code)
    results = []
    prints: dict[str, str] = {}
    for (code, subject), result in found.items():
        hidden = any(code in SUPPRESSES.get(other, ()) for other in codes_by_subject[subject])
        if hidden:
            continue
        if subject not in prints:
            prints[subject] = fingerprint(snapshot, subject)
        results.append(replace(result, fingerprint=prints[subject]))
    results.sort(key=FindingResult.sort_key)
    return results
