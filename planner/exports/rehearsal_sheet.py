"""The worksheet's Rehearsal sheet: the plan's last rehearsal of the current revision (issue 17,
"Where the results go"), or a visible "not rehearsed at revision N".

Its first row is the rehearsal status (``planner/rehearsal/status.py``, the line the review
page, the print view and the Overview give). Then, only for a rehearsal of the current
revision, read from its stored result (``planner/rehearsal/results.py``): the sample sets with
their SHA-256, per type mapping and direction the items, clean, with losses and refused, the
per-field summaries, the values without pair, the users who do not resolve, the pairing of
existing items with the items that would be created (would-be duplicates), the round-trip
flips and the identity coverage. Values from the items (enum values, users, item keys) go
through the same cell writers as every sheet: inert as formulas (``planner/exports/cells.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

from .sheets import Column, Sheet

SHOWN_KEYS = 10  # item keys named in one Detail cell before "and N more"

REHEARSAL_COLUMNS = [
    Column("Section", 16), Column("Connection", 16), Column("Type mapping", 22),
    Column("Direction", 22), Column("Field", 22), Column("What", 50), Column("Items", 8),
    Column("Detail", 60),
]  # fmt: skip


def _keys(keys) -> str:
    keys = list(keys)
    text = ", ".join(keys[:SHOWN_KEYS])
    more = len(keys) - SHOWN_KEYS
    return f"{text} and {more} more" if more > 0 else text


def rehearsal_sheet(data) -> Sheet:
    return Sheet("Rehearsal", REHEARSAL_COLUMNS, _rows(data))


def _rows(data) -> Iterator[list]:
    status = data.rehearsal_status
    if status is None:
        return
    hint = "" if status.current else f"rehearse the plan for revision {status.revision}"
    yield ["Status", "", "", "", "", status.line, "", hint]
    rehearsal = data.rehearsal
    if not status.current or rehearsal is None:
        if status.changed_since:
            yield ["Status", "", "", "", "", f"not rehearsed at revision {status.revision}", "",
                   ""]  # fmt: skip
        return
    s = data.snapshot

    def name(key):
        endpoint = s.endpoint(key)
        return endpoint.name if endpoint is not None else key

    for sample in rehearsal.get("sample_sets", ()):
        yield ["Sample set", "", "", "", "", f"{name(sample['endpoint'])}: {sample['name']}",
               sample["items"], f"SHA-256 {sample['sha256']}"]  # fmt: skip
    for run in rehearsal["runs"]:
        where = [run["connection"], run["type_mapping"],
                 f"{name(run['source'])} → {name(run['target'])} ({run['mode']})"]  # fmt: skip
        yield ["Run", *where, "",
               f"{run['clean']} clean, {run['with_losses']} with losses, {run['refused']} refused",
               run["items"], ""]  # fmt: skip
        for summary in run["fields"]:
            for reason, keys in summary["reasons"].items():
                yield ["Field", *where, summary["label"], reason, len(keys), _keys(keys)]
        for row in run["unpaired_values"]:
            yield ["Unpaired value", *where, row["field"], f"'{row['value']}' has no pair",
                   row["items"], ""]  # fmt: skip
        for row in run["unresolved_users"]:
            yield ["Unresolved user", *where, row["field"], f"'{row['user']}' does not resolve",
                   row["items"], ""]  # fmt: skip
        refused = [i["item"] for i in run["item_outcomes"] if i["outcome"] == "refused"]
        if refused:
            yield ["Refused", *where, "", "items the target would refuse", len(refused),
                   _keys(refused)]  # fmt: skip
    for p in rehearsal.get("pairing", ()):
        where = [p["connection"], p["type_mapping"], "existing items"]
        rule = f"{p['rule'][0]} = {p['rule'][1]}"
        yield ["Pairing", *where, rule,
               f"{p['pairs']} pairs, {p['one_to_many']} one to many, {p['many_to_one']} many to "
               f"one, {p['no_value']} without a value to match", p["pairs"], ""]  # fmt: skip
        for side, keys in (("left", p["unmatched_left_items"]),
                           ("right", p["unmatched_right_items"])):  # fmt: skip
            if keys:
                yield ["Duplicates", *where, rule,
                       f"{side} items without counterpart: created on the other side, "
                       "duplicates if it already holds them", len(keys), _keys(keys)]  # fmt: skip
        ambiguous = [*p["one_to_many_items"], *p["many_to_one_items"]]
        if ambiguous:
            yield ["Ambiguous", *where, rule, "items matching several", len(ambiguous),
                   _keys(ambiguous)]  # fmt: skip
    for r in rehearsal.get("round_trip", ()):
        where = [r["connection"], r["type_mapping"], f"{name(r['source'])} and back"]
        for label, paths in r["flips"].items():
            for path, keys in paths.items():
                yield ["Round trip", *where, label, path, len(keys), _keys(keys)]
    for r in rehearsal.get("identity", ()):
        where = [r["connection"], "", f"{name(r['source'])} → {name(r['target'])}"]
        yield ["Users", *where, "",
               f"{r['covered_items']} of {r['items']} items resolve all their users",
               r["items"], ""]  # fmt: skip
        for u in r["unresolved"]:
            yield ["Unresolved user", *where, "", f"'{u['user']}' does not resolve", u["items"],
                   ""]  # fmt: skip
        for counterpart, users in r["collisions"].items():
            yield ["User collision", *where, "", f"{', '.join(users)} → {counterpart}",
                   len(users), ""]  # fmt: skip
