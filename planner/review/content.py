"""The plan's content as the review sees it: its canonical document and content hash."""

from __future__ import annotations

from planner.document.dump import plan_document
from planner.document.hashing import content_sha256


def current_document(plan) -> dict:
    return plan_document(plan)


def current_hash(plan) -> str:
    return content_sha256(current_document(plan))
