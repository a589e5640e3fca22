"""The plan document: a plan as versioned, portable JSON (``"format": "syncplan/1"``).

``plan_document(plan_or_snapshot)`` turns a snapshot into plain JSON data. Everything is named by
stable keys (endpoint keys, type keys, field keys, value labels, usernames as text), never by
database ids, so the document moves between installations. Arrays keep the plan's order (the
order *is* content: the last enum pair of a value is its default); positions are not written,
the array index is the position. Fields, types and values removed by a schema re-import stay in
the document with ``"removed": true``.

The document holds content only: no review data (comments, approvals, versions), no timestamps
and no ids, so ``hashing.content_sha256`` of it is the plan's content hash. Which members each
element has is declared once in ``attributes.py``; its shape is ``schema.json`` (generated from
the same declarations); ``load`` reads it back.
"""

from __future__ import annotations

from planner.document.attributes import ENTITIES, PLAN, TOP, Entity
from planner.document.schema import FORMAT
from planner.document.snapshot import PlanSnapshot, build_snapshot

__all__ = ["FORMAT", "plan_document"]


def plan_document(plan_or_snapshot) -> dict:
    """The plan document of a Plan (read through its snapshot) or of a PlanSnapshot."""
    snapshot = (
        plan_or_snapshot
        if isinstance(plan_or_snapshot, PlanSnapshot)
        else build_snapshot(plan_or_snapshot)
    )
    doc = {"format": FORMAT, "plan": _members(PLAN, snapshot)}
    for child in TOP:
        doc[child.member] = _children(child, getattr(snapshot, child.attribute))
    return doc


def _children(child, value):
    entity = ENTITIES[child.entity]
    if child.many:
        return [_element(entity, item) for item in value]
    return None if value is None else _element(entity, value)


def _element(entity: Entity, snap) -> dict:
    doc = _members(entity, snap)
    for child in entity.children:
        doc[child.member] = _children(child, getattr(snap, child.attribute))
    return doc


def _members(entity: Entity, snap) -> dict:
    if entity.snap is None:  # a plain tuple of the attributes (project pairs)
        return {
            attr.name: attr.to_doc(value) for attr, value in zip(entity.attrs, snap, strict=True)
        }
    members = {}
    for attr in entity.attrs:
        value = getattr(snap, attr.name)
        if not (attr.omit_default and value == attr.default):
            members[attr.name] = attr.to_doc(value)
    return members
