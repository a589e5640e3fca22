"""A short-lived Undo for a deleted field mapping.

The deleted row's data (its fields, settings, enum pairs in order and catch-alls) is kept in the
editor's session for ``UNDO_SECONDS``; Undo puts it back through the ordinary write services
(``connections.restore``). Only field-to-field mappings are kept: a calculated value is
one line to type again. A deleted enum pair is kept the same way, with its place in the list.
"""

from __future__ import annotations

import secrets
import time

UNDO_SECONDS = 300
_KEY = "syncplan.undo"


def snapshot(mapping) -> dict | None:
    if mapping.left_field_id is None or mapping.right_field_id is None:
        return None
    return {
        "type_mapping": mapping.type_mapping_id,
        "label": f"{mapping.left_field.label} → {mapping.right_field.label}",
        "left_field": mapping.left_field_id,
        "right_field": mapping.right_field_id,
        "direction": mapping.direction,
        "conflict_policy": mapping.conflict_policy,
        "on_creation_only": mapping.on_creation_only,
        "notes": mapping.notes,
        "pairs": list(
            mapping.enum_pairs.order_by("position", "id").values_list("left_value", "right_value")
        ),
        "left_catch_all": mapping.left_catch_all_id,
        "right_catch_all": mapping.right_catch_all_id,
    }


def snapshot_pair(pair) -> dict:
    pairs = list(
        pair.field_mapping.enum_pairs.order_by("position", "id").values_list("pk", flat=True)
    )
    return {
        "type_mapping": pair.field_mapping.type_mapping_id,
        "field_mapping": pair.field_mapping_id,
        "label": f"{pair.left_value.label} ↔ {pair.right_value.label}",
        "left": pair.left_value_id,
        "right": pair.right_value_id,
        "index": pairs.index(pair.pk),
    }


def keep(session, data: dict, now: float | None = None) -> str:
    """Keep ``data`` for Undo; returns its token. Expired entries are dropped on the way."""
    now = time.time() if now is None else now
    kept = {t: e for t, e in session.get(_KEY, {}).items() if now - e["at"] < UNDO_SECONDS}
    token = secrets.token_urlsafe(8)
    kept[token] = {**data, "at": now}
    session[_KEY] = kept
    return token


def take(session, token: str, type_mapping_id: int, now: float | None = None) -> dict | None:
    """The kept data for ``token`` (removed from the session), or None once expired or used.
    ``type_mapping_id``: the page asking, so a token only undoes on its own page."""
    now = time.time() if now is None else now
    kept = dict(session.get(_KEY, {}))
    entry = kept.pop(token or "", None)
    session[_KEY] = kept
    if entry is None or entry["type_mapping"] != type_mapping_id:
        return None
    if now - entry["at"] >= UNDO_SECONDS:
        return None
    return entry
