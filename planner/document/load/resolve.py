"""Stage 2 of reading a plan document: the snapshot it describes, references still by key.

Built from the attribute declarations (attributes.py): every declared member is read with its
declared default, positions are the array indexes. The write stage resolves the keys to rows.
"""

from __future__ import annotations

from planner.document.attributes import ENTITIES, PLAN, TOP, Entity
from planner.document.snapshot import PlanSnapshot


def snapshot_from_document(doc: dict) -> PlanSnapshot:
    """The snapshot a (valid) document describes; positions are the array indexes."""
    return PlanSnapshot(
        **_attributes(PLAN, doc["plan"]),
        **{child.attribute: _children(child, doc) for child in TOP},
    )


def _attributes(entity: Entity, element: dict) -> dict:
    values = {}
    for attr in entity.attrs:
        given = element[attr.name] if attr.required else element.get(attr.name, attr.default)
        values[attr.name] = attr.from_doc(given)
    return values


def _children(child, element: dict):
    entity = ENTITIES[child.entity]
    if not child.many:
        found = element.get(child.member)
        return None if found is None else _snapshot(entity, found, 0)
    return tuple(_snapshot(entity, item, i) for i, item in enumerate(element.get(child.member, ())))


def _snapshot(entity: Entity, element: dict, position: int):
    values = _attributes(entity, element)
    if entity.snap is None:  # a plain tuple of the attributes (project pairs)
        return tuple(values.values())
    if entity.ordered:
        values["position"] = position
    for child in entity.children:
        values[child.attribute] = _children(child, element)
    return entity.snap(**values)
