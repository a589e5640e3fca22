"""Cloning a plan: its document imported as a new plan (so a clone is exactly what an export and
an import elsewhere would give)."""

from __future__ import annotations

from planner.document.dump import plan_document
from planner.document.load import import_document


def clone_plan(plan, *, name: str, user):
    """A new draft plan with ``plan``'s content, named ``name``, owned by ``user``."""
    return import_document(plan_document(plan), user=user, name=name)
