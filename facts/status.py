"""Finding status: is a finding still open?

A finding is open unless it is acknowledged for its CURRENT fingerprint: an acknowledgement
given for another state of the subject is stale and leaves the finding open (rule catalog,
"Subjects and identity"). The database form of the same predicate is
``planner.validation.services.current_acknowledgement`` (an Exists on code, subject and
fingerprint), used where findings are counted in SQL.
"""

from __future__ import annotations


def is_acknowledged(fingerprint: str, acknowledged_fingerprint: str | None) -> bool:
    """Acknowledged for this very state of the subject."""
    return acknowledged_fingerprint is not None and acknowledged_fingerprint == fingerprint


def is_stale(fingerprint: str, acknowledged_fingerprint: str | None) -> bool:
    """Acknowledged once, but the subject has changed since."""
    return acknowledged_fingerprint is not None and acknowledged_fingerprint != fingerprint


def is_open(fingerprint: str, acknowledged_fingerprint: str | None) -> bool:
    """Not acknowledged for the current fingerprint. ``acknowledged_fingerprint``: the
    fingerprint of the finding's acknowledgement (same code and subject), None without one."""
    return not is_acknowledged(fingerprint, acknowledged_fingerprint)
