"""The round trip: for every two-way field, does A → B → A give back A on the sample data?

Two known ways it breaks: several values of A paired with one value of B, whose default on the
way back (facts.enums) is not the original; and lossy conversions (a time part, decimals,
markup, truncation). Users are the identity rehearsal's question and are not judged here.
Pure Python over the snapshot and the readers' sample sets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from facts import direction as direction_facts
from facts.enums import other
from facts.names import normalize_name

from .engine import (
    EMPTY,
    LOSSY,
    REFUSED,
    Converter,
    DirectionRun,
    RunContext,
    as_text,
    parse_datetime,
    type_matches,
)
from .readers import SampleSet, resolve_fields

_DATES = ("date", "datetime")


@dataclass
class RoundTrip:
    connection: str
    type_mapping: str
    source: str  # the endpoint whose items went there and back
    checked: dict[str, int] = field(default_factory=dict)  # field label -> items with a value
    # label -> {"A → B → C" or the lossy conversion's reason: [item keys]}
    flips: dict[str, dict] = field(default_factory=dict)


def _comparable(value, data_type):
    if value is None:
        return None
    text = as_text(value)
    if data_type in _DATES:
        try:
            parsed = parse_datetime(text)
        except ValueError:
            return normalize_name(text)
        # A date/time at midnight is the date itself (what a date field gives back).
        if hasattr(parsed, "hour") and (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0):
            return parsed.date().isoformat()
        return parsed.isoformat()
    if data_type in ("integer", "float"):
        try:
            return float(text)
        except ValueError:
            return normalize_name(text)
    return normalize_name(text)


def round_trip(snapshot, samples: dict[str, list[SampleSet]], *, keep_empty=False):
    """The round trips per type mapping and source side; ``keep_empty`` keeps those no item
    reached (the parts of a split rehearsal then all list the same ones, in the same order)."""
    results = []
    for connection in snapshot.connections:
        for tm in connection.type_mappings:
            for source_side in ("left", "right"):
                sets = samples.get(getattr(connection, source_side))
                if sets:
                    result = _round_trip(snapshot, connection, tm, source_side, sets)
                    if result is not None and (result.checked or keep_empty):
                        results.append(result)
    return results


def _round_trip(snapshot, connection, tm, source_side, sets):
    target_side = other(source_side)
    source_ep = snapshot.endpoint(getattr(connection, source_side))
    target_ep = snapshot.endpoint(getattr(connection, target_side))
    source_type = source_ep.type(getattr(tm, f"{source_side}_type"))
    target_type = target_ep.type(getattr(tm, f"{target_side}_type"))
    if source_type is None or target_type is None:
        return None
    there = RunContext(
        DirectionRun(connection.key, tm.key, source_ep.key, target_ep.key, "update"),
        connection,
        source_side,
        target_side,
        snapshot,
        tm,
    )
    back = RunContext(
        DirectionRun(connection.key, tm.key, target_ep.key, source_ep.key, "update"),
        connection,
        target_side,
        source_side,
        snapshot,
        tm,
    )
    pairs = []
    for m in tm.field_mappings:
        fields = {"left": None, "right": None}
        if m.left_field is None or m.right_field is None:
            continue
        fields[source_side] = source_type.field(getattr(m, f"{source_side}_field"))
        fields[target_side] = target_type.field(getattr(m, f"{target_side}_field"))
        if None in fields.values() or fields[source_side].is_user:
            continue
        _declared, effective = direction_facts.of_mapping(
            tm.direction, m, fields["left"], fields["right"]
        )
        if effective != direction_facts.BOTH:
            continue
        src, dst = fields[source_side], fields[target_side]
        pairs.append(
            (
                src,
                Converter(there, m, src, dst, source_side, target_side),
                Converter(back, m, dst, src, target_side, source_side),
            )
        )
    result = RoundTrip(connection.key, tm.key, source_ep.key)
    flips = defaultdict(lambda: defaultdict(list))
    for sample in sets:
        if sample.type_hint and not type_matches(sample.type_hint, source_type):
            continue
        resolution = resolve_fields(sample, source_type)
        for item in sample.items:
            if not sample.type_hint and not type_matches(item.type, source_type):
                continue
            for src, forth, back_again in pairs:
                raw_key = resolution.by_field.get(src.key)
                raw = item.fields.get(raw_key) if raw_key else None
                value = sample.value(raw) if raw is not None else None
                if value in (None, "", ()):
                    continue
                label = src.label or src.key
                result.checked[label] = result.checked.get(label, 0) + 1
                kind, written, reason, _notes = forth._convert(value)
                if kind in (EMPTY, REFUSED) or written is None:
                    continue  # not written: the rehearsal reports it, nothing comes back
                _kind, returned, _reason, _notes = back_again._convert(written)
                if _comparable(returned, src.data_type) != _comparable(value, src.data_type):
                    # A lossy conversion flips every value the same way: named by its reason.
                    # Otherwise (an enum default) the path itself says what happens.
                    path = (
                        reason
                        if kind == LOSSY and reason
                        else f"{as_text(value)} → {as_text(written)} → {as_text(returned)}"
                    )
                    flips[label][path].append(item.key)
    result.flips = {label: dict(paths) for label, paths in flips.items()}
    return result
