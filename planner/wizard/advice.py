"""The wizard's live advice: the validator's own findings for the step at hand.

The validator owns the rules; the wizard builds the plan's snapshot as it is now (the answers
autosave, so "now" includes the choice just made), runs the engine, and shows the findings of
this connection whose rules belong to the step's question.
"""

from __future__ import annotations

from dataclasses import dataclass

from facts import subjects
from planner.document.snapshot import build_snapshot
from planner.validation.engine import validate

# Which rules speak to which question of the guidelines.
STEP_CODES: dict[str, frozenset[str]] = {
    "product-roles": frozenset({"USE-002"}),
    "information-to-share": frozenset({"USE-003"}),
    "data-subsets": frozenset({"USE-003", "USE-006"}),
    "permissions": frozenset({"USE-007"}),
    "relationships": frozenset({"REL-001", "REL-002", "REL-003"}),
    "direction": frozenset({"TYP-001", "TYP-002", "TYP-004"}),
    "existing-items": frozenset({"USE-004", "USE-005"}),
}


@dataclass(frozen=True)
class Advice:
    code: str
    severity: str  # error | warning | info
    message: str


def connection_findings(connection) -> list:
    """The engine's findings about ``connection`` and everything in it."""
    prefix = subjects.connection(connection.key)
    snapshot = build_snapshot(connection.plan)
    return [
        f for f in validate(snapshot) if f.subject == prefix or f.subject.startswith(prefix + "/")
    ]


def advice_for(step_key: str, findings: list) -> list[Advice]:
    codes = STEP_CODES.get(step_key, frozenset())
    return [Advice(f.code, f.severity, f.message) for f in findings if f.code in codes]
