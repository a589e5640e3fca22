"""Compatibility of a field mapping: the one question FLD-001 / FLD-002 / REL-004, the
workspace's pair check and the field suggestions ask.

The matrix itself is data (facts/datatypes.py); this answers it for a mapping, in the
directions values flow.
"""

from __future__ import annotations

from functools import lru_cache

from facts.datatypes import Compatibility, compatibility, pair_compatibility

from .direction import flows


@lru_cache(maxsize=4096)
def of_types(source: str, target: str) -> Compatibility:
    """How well values of data type ``source`` can be written into a ``target`` field."""
    return compatibility(source, target)


@lru_cache(maxsize=4096)
def of_pair(left: str, right: str, direction: str) -> Compatibility:
    """The worst compatibility of a left/right pair of data types over the flows of
    ``direction`` (an effective direction; nothing flowing is compatible)."""
    return pair_compatibility(left, right, *flows(direction))
