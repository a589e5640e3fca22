"""Cloning a plan: its document imported as a new plan (so a clone is exactly what an export and
an import elsewhere would give)."""

from __future__ import annotations

from planner.document.dump import plan_document
from planner.document.gcpause import cyclic_gc_paused
from planner.document.load import import_document


def clone_plan(plan, *, name: str, user):
    """A new draft plan with ``plan``'s content, named ``name``, owned by ``user``."""
    with cyclic_gc_paused():
        doc = plan_document(plan)
    return import_document(doc, user=user, name=name, own_export=True)
