"""The rehearsal status, once: for a plan at a revision, what its last rehearsal says.

The review page, the print view, the worksheet (Overview and Rehearsal sheet) and the rehearsal
page all state it with ``RehearsalStatus.line``, so they cannot disagree: "rehearsed on 200 Jira
items and 150 Octane items: 0 refused, 14 with losses" for a rehearsal of the current revision,
"rehearsed at revision 3; changed since" for an older one, "not rehearsed at revision 5" when
there is none. A rehearsal's results (and its RHR findings) belong to the revision it rehearsed;
an acknowledgement changes no rehearsal result and carries it to the revision it makes
(``planner/rehearsal/loading.py``). Pure: the loading is there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RehearsalRecord:
    """What the plan's last rehearsal left: the revision it rehearsed, the items read per
    endpoint (endpoint name, items, in the sample sets' order) and the outcomes summed over its
    runs (type mapping x direction)."""

    revision: int
    items_by_endpoint: tuple[tuple[str, int], ...] = ()
    items: int = 0
    clean: int = 0
    with_losses: int = 0
    refused: int = 0


def items_by_endpoint(sample_sets, names: dict[str, str]) -> tuple[tuple[str, int], ...]:
    """``((endpoint name, items), ...)`` of a rehearsal's sample sets (``{"endpoint", "items"}``
    rows, as the job records them), summed per endpoint in the order they come."""
    counts: dict[str, int] = {}
    for s in sample_sets:
        counts[s["endpoint"]] = counts.get(s["endpoint"], 0) + int(s.get("items") or 0)
    return tuple((names.get(key, key), n) for key, n in counts.items())


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


@dataclass(frozen=True)
class RehearsalStatus:
    revision: int  # the plan's current revision
    record: RehearsalRecord | None  # its last rehearsal, of whatever revision

    @property
    def rehearsed(self) -> bool:
        return self.record is not None

    @property
    def current(self) -> bool:
        """Rehearsed at the plan's current revision."""
        return self.record is not None and self.record.revision == self.revision

    @property
    def changed_since(self) -> bool:
        return self.record is not None and self.record.revision != self.revision

    @property
    def line(self) -> str:
        record = self.record
        if record is None:
            return f"not rehearsed at revision {self.revision}"
        if self.changed_since:
            return f"rehearsed at revision {record.revision}; changed since"
        read = _and([f"{n} {name} items" for name, n in record.items_by_endpoint]) or "no items"
        return f"rehearsed on {read}: {record.refused} refused, {record.with_losses} with losses"


def rehearsal_status(revision: int, record: RehearsalRecord | None) -> RehearsalStatus:
    return RehearsalStatus(revision, record)
