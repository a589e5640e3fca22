"""What changed between two plan documents, in words a reviewer reads.

Both documents are flattened into items (an endpoint, a type, a field, a type mapping, a field
mapping, an enum pair, an answer, an operations item, ...), each with a readable subject built
from names (``connection jira-octane / type mapping Bug->defect / field mapping
priority->severity``) and its own scalar attributes. Items present on one side only are added or
removed; items on both sides whose attributes differ are changed, with the attributes listed.
Array positions are not attributes, except where the order is content (enum pairs: the order
decides defaults). What an item is, its key and its nested items come from the attribute
declarations (attributes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.document.attributes import ENTITIES, TOP, Child


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed
    area: str  # "type", "field mapping", "enum pair", "operations item", ...
    subject: str  # readable path of names
    # For "changed": attribute -> (before, after). For added/removed: the item's attributes.
    details: dict = field(default_factory=dict, hash=False, compare=False)

    def __str__(self) -> str:
        if self.kind == "changed":
            parts = ", ".join(
                f"{name}: {_short(before)} → {_short(after)}"
                for name, (before, after) in self.details.items()
            )
            return f"{self.area} {self.subject} changed ({parts})"
        return f"{self.area} {self.subject} {self.kind}"


def _short(value) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "..."


def diff_documents(old: dict, new: dict) -> list[Change]:
    """The changes that turn document ``old`` into document ``new``, in document order."""
    before = dict(_items(old))
    after = dict(_items(new))
    changes: list[Change] = []
    for ident, (area, subject, attrs) in before.items():
        if ident not in after:
            changes.append(Change("removed", area, subject, attrs))
            continue
        new_attrs = after[ident][2]
        changed = {
            name: (attrs.get(name), new_attrs.get(name))
            for name in sorted(set(attrs) | set(new_attrs))
            if attrs.get(name) != new_attrs.get(name)
        }
        if changed:
            changes.append(Change("changed", area, subject, changed))
    for ident, (area, subject, attrs) in after.items():
        if ident not in before:
            changes.append(Change("added", area, subject, attrs))
    return changes


def _items(doc: dict):
    """(identity, (area, subject, attributes)) for every item of a document."""
    yield ("plan",), ("plan", "", dict(doc.get("plan") or {}))
    for child in TOP:
        yield from _child_items(child, doc, (), "")


def _flattened(child: Child) -> bool:
    """A one-to-one part without a name or parts of its own (a calculated value) is read as
    attributes of its owner."""
    entity = ENTITIES[child.entity]
    return not child.many and not entity.key and not entity.children


def _child_items(child: Child, parent: dict, ident: tuple, prefix: str):
    entity = ENTITIES[child.entity]
    found = parent.get(child.member)
    elements = (found or []) if child.many else ([found] if found else [])
    nested = {c.member for c in entity.children}
    for position, element in enumerate(elements):
        key = entity.key_text(element)
        subject = " / ".join(part for part in (prefix, key) if part)
        attrs = {name: value for name, value in element.items() if name not in nested}
        if entity.order_is_content:
            attrs["position"] = position
        for sub in filter(_flattened, entity.children):
            label = ENTITIES[sub.entity].label
            for name, value in (element.get(sub.member) or {}).items():
                attrs[f"{label} {name}"] = value
        own = (*ident, entity.name, *(element.get(name) for name in entity.key))
        yield own, (entity.label, subject, attrs)
        below = prefix
        if entity.names_children:
            word = f"{entity.prefix} {key}" if entity.prefix else key
            below = " / ".join(part for part in (prefix, word) if part)
        for sub in entity.children:
            if not _flattened(sub):
                yield from _child_items(sub, element, own, below)
