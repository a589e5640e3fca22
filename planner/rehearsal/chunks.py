"""A rehearsal split into parts that several workers share, merged into the one result the
whole run gives (issue 17, point 7).

The items of every sample set, taken in order (endpoint, set, item), are cut into ranges; a part
holds every set with only its range's items, and the whole set's field keys in order
(``readers.key_order``), so each part resolves fields as the whole set does. Per item, a part
computes what the target gets; what needs every item of both sides (pairing, the identity
report's one count per item, the items no type mapping takes) is carried as the values it is
computed from and decided by ``merge`` over all parts:

- runs: counts add up, each field's reasons and the items concatenate in part order (the
  order of the whole run), unpaired values and unresolved users add up;
- pairing: each side's {value: item keys} concatenates, then ``pairing.match`` pairs them;
- round trip: the checked counts add up, each flip's items concatenate;
- identity: every part's (type mapping, item, users) in order, each item counted once;
- the items no type mapping takes: those no run of any part took.

``rehearsal_result`` (planner.rehearsal.results) is the merge of a single part, so a split
rehearsal and a whole one are the same code. Pure Python, no Django.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .engine import as_dict, rehearse, sentences
from .identity import named_users, reports
from .pairing import collect, match
from .readers import SampleSet, key_order
from .roundtrip import round_trip


def ranges(total: int, size: int) -> list[tuple[int, int]]:
    """[start, stop) of each part of ``total`` items, ``size`` items a part (at least one part;
    the last one runs to the end, whatever the count)."""
    size = max(1, size)
    starts = list(range(0, max(total, 1), size))
    return [(start, stop) for start, stop in zip(starts, [*starts[1:], None], strict=True)]


def split(samples: dict[str, list[SampleSet]], start: int, stop: int | None) -> dict:
    """The part of ``samples`` holding items [start, stop) of all sets in order (endpoint, set,
    item). Every set stays, possibly with no items, so every part lists the same runs."""
    part: dict[str, list[SampleSet]] = {}
    offset = 0
    for endpoint, sets in samples.items():
        for sample in sets:
            count = len(sample.items)
            low = min(max(start - offset, 0), count)
            high = count if stop is None else min(max(stop - offset, 0), count)
            order = sample.key_order if sample.key_order is not None else key_order(sample)
            part.setdefault(endpoint, []).append(
                replace(sample, items=sample.items[low:high], key_order=order)
            )
            offset += count
    return part


def rehearse_part(snapshot, samples: dict, *, details=None) -> dict:
    """One part as plain data (JSON-able). ``details(run_index, row, fields)`` receives each
    item's side-by-side fields (run_index: the run's place among all the part's runs, empty
    ones included; ``merge`` says where it lands)."""
    from .results import side_by_side

    rehearsal = rehearse(snapshot, samples, keep_empty=True)
    data = as_dict(rehearsal)
    if details is not None:
        for index, (run, row) in enumerate(zip(rehearsal.runs, data["runs"], strict=True)):
            for item, outcome in zip(run.items, row["item_outcomes"], strict=True):
                details(index, outcome, side_by_side(item))
    return {
        "runs": data["runs"],
        "untaken": [list(u) for u in rehearsal.untaken],
        "pairing": collect(snapshot, samples),
        "round_trip": [
            {
                "connection": r.connection,
                "type_mapping": r.type_mapping,
                "source": r.source,
                "checked": r.checked,
                "flips": r.flips,
            }
            for r in round_trip(snapshot, samples, keep_empty=True)
        ],
        "identity": named_users(snapshot, samples),
    }


def _same(parts: list[dict], member: str, keys: tuple[str, ...]) -> list[tuple]:
    """The entries of ``member`` in every part, side by side; every part lists the same ones."""
    rows = [p[member] for p in parts]
    shape = [tuple(e[k] for k in keys) for e in rows[0]]
    for other in rows[1:]:
        if [tuple(e[k] for k in keys) for e in other] != shape:
            raise ValueError(f"the parts do not list the same {member}: they are not one run")
    return list(zip(*rows, strict=True))


def _merge_run(runs: tuple[dict, ...]) -> dict:
    first = runs[0]
    total = sum(r["items"] for r in runs)
    fields = []
    for column in zip(*(r["fields"] for r in runs), strict=True):
        counts: Counter = Counter()
        reasons: dict[str, list] = {}
        for f in column:
            counts.update(f["counts"])
            for reason, keys in f["reasons"].items():
                reasons.setdefault(reason, []).extend(keys)
        fields.append(
            {
                "field": column[0]["field"],
                "label": column[0]["label"],
                "counts": dict(counts),
                "reasons": reasons,
            }
        )
    unpaired: Counter = Counter()
    users: Counter = Counter()
    for r in runs:
        unpaired.update({(v["field"], v["value"]): v["items"] for v in r["unpaired_values"]})
        users.update({(v["field"], v["user"]): v["items"] for v in r["unresolved_users"]})
    return {
        "connection": first["connection"],
        "type_mapping": first["type_mapping"],
        "source": first["source"],
        "target": first["target"],
        "mode": first["mode"],
        "items": total,
        "clean": sum(r["clean"] for r in runs),
        "with_losses": sum(r["with_losses"] for r in runs),
        "refused": sum(r["refused"] for r in runs),
        "fields": fields,
        "unpaired_values": [
            {"field": label, "value": value, "items": n}
            for (label, value), n in sorted(unpaired.items())
        ],
        "unresolved_users": [
            {"field": label, "user": user, "items": n} for (label, user), n in sorted(users.items())
        ],
        # Resolved on the whole sets' field keys: the same in every part.
        "unresolved_fields": list(first["unresolved_fields"]),
        "summary": sentences(((f["label"], f["reasons"]) for f in fields), total),
        "item_outcomes": [row for r in runs for row in r["item_outcomes"]],
    }


def merge(snapshot, parts: list[dict], *, relocate=None):
    """The result of the whole rehearsal from its parts, in order. ``relocate(part, run_index,
    row, final_index)`` is called for every item row as it lands in the merged result (the job
    moves each item's details line there). Returns (result, pairings, identity reports), as
    ``rehearsal_result``."""
    keys = ("connection", "type_mapping", "source", "target", "mode")
    runs = []
    for index, column in enumerate(_same(parts, "runs", keys)):
        merged = _merge_run(column)
        if not merged["items"]:
            continue
        if relocate is not None:
            for part, run in enumerate(column):
                for row in run["item_outcomes"]:
                    relocate(part, index, row, len(runs))
        runs.append(merged)
    taken = {(r["source"], row["item"]) for r in runs for row in r["item_outcomes"]}
    unmatched = Counter(
        (endpoint, item_type)
        for p in parts
        for endpoint, item_type, key in p["untaken"]
        if (endpoint, key) not in taken
    )
    result = {
        "runs": runs,
        "refused": sum(r["refused"] for r in runs),
        "unmatched_items": [
            {"endpoint": endpoint, "type": item_type, "items": n}
            for (endpoint, item_type), n in sorted(unmatched.items())
        ],
    }
    pairings = []
    for column in _same(parts, "pairing", ("connection", "type_mapping", "rule")):
        combined = {**column[0], "left": {}, "right": {}, "left_no_value": [], "right_no_value": []}
        for c in column:
            for side in ("left", "right"):
                for value, item_keys in c[side].items():
                    combined[side].setdefault(value, []).extend(item_keys)
                combined[f"{side}_no_value"].extend(c[f"{side}_no_value"])
        pairings.append(match(combined))
    result["pairing"] = [
        {
            "connection": p.connection,
            "type_mapping": p.type_mapping,
            "rule": list(p.rule),
            **p.counts(),
            # The rows of the pair list (planner.rehearsal.lists), each counted above.
            "pair_items": [list(pair) for pair in p.pairs],
            "one_to_many_items": p.one_to_many,
            "many_to_one_items": p.many_to_one,
            "unmatched_left_items": p.unmatched_left,
            "unmatched_right_items": p.unmatched_right,
            "no_value_left_items": p.no_value_left,
            "no_value_right_items": p.no_value_right,
        }
        for p in pairings
    ]
    result["round_trip"] = []
    for column in _same(parts, "round_trip", ("connection", "type_mapping", "source")):
        checked: Counter = Counter()
        flips: dict[str, dict] = {}
        for r in column:
            checked.update(r["checked"])
            for label, paths in r["flips"].items():
                for path, item_keys in paths.items():
                    flips.setdefault(label, {}).setdefault(path, []).extend(item_keys)
        if checked:
            result["round_trip"].append(
                {**{k: column[0][k] for k in ("connection", "type_mapping", "source")},
                 "checked": dict(checked), "flips": flips}
            )  # fmt: skip
    shells = [
        {**column[0], "seen": [row for shell in column for row in shell["seen"]]}
        for column in _same(parts, "identity", ("connection", "side"))
    ]
    identity = reports(snapshot, shells)
    result["identity"] = [
        {
            "connection": r.connection,
            "source": r.source,
            "target": r.target,
            "items": r.items,
            "covered_items": r.covered_items,
            "unresolved": [{"user": u.shown, "items": n} for u, n in r.unresolved],
            "collisions": r.collisions,
            # The rows of the user map (planner.rehearsal.lists): every user, heaviest first.
            "users": [
                {
                    "user": u.shown,
                    "username": u.username,
                    "email": u.email,
                    "items": n,
                    "outcome": r.outcomes[u][0],
                    "counterpart": r.outcomes[u][1] or "",
                }
                for u, n in r.weights.most_common()
            ],
        }
        for r in identity
    ]
    return result, pairings, identity
