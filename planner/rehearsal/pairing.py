"""The pairing rehearsal: which existing items of two sample sets the plan's matching rule pairs.

For a type mapping with an existing-item matching rule (a left field and a right field whose
values must be equal), compare the two sides' items: the pairs, the ambiguous matches (one to
many, many to one), and the items with no counterpart, which the first run would create on the
other side (duplicates if the other side already holds them under another value). Values are
compared as names (facts.names.normalize_name: case, accents, spaces, punctuation).
Pure Python over the snapshot and the readers' sample sets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from facts.names import normalize_name

from .engine import as_text, type_matches
from .readers import SampleSet, resolve_fields


@dataclass
class Pairing:
    connection: str
    type_mapping: str
    rule: tuple[str, str]  # (left field key, right field key)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (left key, right key)
    one_to_many: dict[str, list[str]] = field(default_factory=dict)  # left key -> right keys
    many_to_one: dict[str, list[str]] = field(default_factory=dict)  # right key -> left keys
    unmatched_left: list[str] = field(default_factory=list)
    unmatched_right: list[str] = field(default_factory=list)
    # items whose matching field is empty, on each side
    no_value_left: list[str] = field(default_factory=list)
    no_value_right: list[str] = field(default_factory=list)

    @property
    def no_value(self) -> list[str]:
        return [*self.no_value_left, *self.no_value_right]

    def counts(self) -> dict[str, int]:
        return {
            "pairs": len(self.pairs),
            "one_to_many": len(self.one_to_many),
            "many_to_one": len(self.many_to_one),
            "unmatched_left": len(self.unmatched_left),
            "unmatched_right": len(self.unmatched_right),
            "no_value": len(self.no_value),
        }


def _keyed(sets: list[SampleSet], item_type, field_key: str, no_value: list) -> dict:
    """{normalized value of ``field_key``: [item keys]} over the items of ``item_type``."""
    by_value: dict[str, list] = defaultdict(list)
    for sample in sets:
        if sample.type_hint and not type_matches(sample.type_hint, item_type):
            continue
        raw_key = resolve_fields(sample, item_type).by_field.get(field_key)
        for item in sample.items:
            if not sample.type_hint and not type_matches(item.type, item_type):
                continue
            raw = item.fields.get(raw_key) if raw_key else None
            value = sample.value(raw) if raw is not None else None
            key = normalize_name(as_text(value)) if value not in (None, "", ()) else ""
            if key:
                by_value[key].append(item.key)
            else:
                no_value.append(item.key)
    return dict(by_value)


def collect(snapshot, samples: dict[str, list[SampleSet]]) -> list[dict]:
    """What pairing reads of the items, per type mapping and matching rule whose two endpoints
    have samples: each side's {normalized value: [item keys]} and the items without a value.
    Parts of a split rehearsal (planner.rehearsal.chunks) collect their items; ``match`` pairs
    the concatenation, so every item of both sides is seen."""
    collected = []
    for connection in snapshot.connections:
        left_sets, right_sets = samples.get(connection.left), samples.get(connection.right)
        if not left_sets or not right_sets:
            continue
        left_ep, right_ep = snapshot.endpoint(connection.left), snapshot.endpoint(connection.right)
        for tm in connection.type_mappings:
            left_type, right_type = left_ep.type(tm.left_type), right_ep.type(tm.right_type)
            if left_type is None or right_type is None:
                continue
            for rule in tm.existing_item_matchings:
                left_no_value, right_no_value = [], []
                collected.append(
                    {
                        "connection": connection.key,
                        "type_mapping": tm.key,
                        "rule": [rule.left_field, rule.right_field],
                        "left": _keyed(left_sets, left_type, rule.left_field, left_no_value),
                        "right": _keyed(right_sets, right_type, rule.right_field, right_no_value),
                        "left_no_value": left_no_value,
                        "right_no_value": right_no_value,
                    }
                )
    return collected


def match(collected: dict) -> Pairing:
    """The pairs, ambiguous matches and unmatched items of one rule's collected values."""
    result = Pairing(collected["connection"], collected["type_mapping"], tuple(collected["rule"]))
    result.no_value_left = list(collected["left_no_value"])
    result.no_value_right = list(collected["right_no_value"])
    lefts, rights = collected["left"], collected["right"]
    for value, left_keys in lefts.items():
        right_keys = rights.get(value, [])
        if not right_keys:
            result.unmatched_left.extend(left_keys)
        elif len(left_keys) == 1 and len(right_keys) == 1:
            result.pairs.append((left_keys[0], right_keys[0]))
        else:
            for left_key in left_keys:
                if len(right_keys) > 1:
                    result.one_to_many[left_key] = list(right_keys)
            for right_key in right_keys:
                if len(left_keys) > 1:
                    result.many_to_one[right_key] = list(left_keys)
    result.unmatched_right = [
        key for value, keys in rights.items() if value not in lefts for key in keys
    ]
    return result


def pair(snapshot, samples: dict[str, list[SampleSet]]) -> list[Pairing]:
    """One ``Pairing`` per type mapping and matching rule whose two endpoints have samples."""
    return [match(c) for c in collect(snapshot, samples)]
