"""RHR: what the rehearsal saw on the sample items (issue 17, "Where the results go").

The rules read ``ctx.rehearsal``: the stored result of the plan's last rehearsal of the
validated revision (``planner/rehearsal/results.py`` made it; ``planner/rehearsal/loading.py``
hands it to the validation only when it rehearsed that revision). So a
rehearsal's findings are findings like any other: stored for the validated revision, counted
by the finding status, acknowledged with a reason, gone after an edit until the plan is
rehearsed again. Pure: no ORM, only the stored result and the snapshot.
"""

from __future__ import annotations

from collections import Counter

from facts import subjects
from facts.enums import other

from ..findings import ERROR, WARNING, FindingResult, users_subject

SHOWN = 3  # values, users, reasons or items named in one message before "and N more"


def _items(n: int, word: str = "item") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _listed(counts, shown=SHOWN) -> str:
    """``'Major' (7 items), 'Blocker' (2 items) and 3 more`` from (text, items) pairs."""
    counts = list(counts)
    text = ", ".join(f"{what} ({_items(n)})" for what, n in counts[:shown])
    more = len(counts) - shown
    return f"{text} and {more} more" if more > 0 else text


def _keys(keys, shown=SHOWN) -> str:
    keys = list(keys)
    text = ", ".join(keys[:shown])
    return f"{text} and {len(keys) - shown} more" if len(keys) > shown else text


def _views(ctx) -> dict:
    return {(tmv.connection.key, tmv.tm.key): tmv for tmv in ctx.type_mappings}


def _source_side(tmv, endpoint_key: str) -> str:
    return "left" if tmv.connection.left == endpoint_key else "right"


def _mapping_into(ctx, tmv, side: str, field_key: str):
    """The live field mapping of ``tmv`` that writes ``field_key`` of ``side``."""
    for mv in ctx.views_of(tmv):
        if not mv.stale and mv.side(side).field_key == field_key:
            return mv
    return None


def _mapping_from(ctx, tmv, side: str, label: str):
    """The live field mapping of ``tmv`` whose ``side`` field is labelled ``label``."""
    for mv in ctx.views_of(tmv):
        f = mv.side(side).field
        if not mv.stale and f is not None and label in (f.label, f.key):
            return mv
    return None


def _field_keys(run) -> dict[str, str]:
    """A run's target field labels -> keys (its summaries name fields by label)."""
    return {f["label"]: f["field"] for f in run["fields"]}


def _rehearsed_runs(ctx):
    """(run, type mapping view, source side, target side) of the runs whose type mapping is
    still in the plan."""
    views = _views(ctx)
    for run in (ctx.rehearsal or {}).get("runs", ()):
        tmv = views.get((run["connection"], run["type_mapping"]))
        if tmv is not None:
            source = _source_side(tmv, run["source"])
            yield run, tmv, source, other(source)


def refused_items(snapshot, ctx):
    """RHR-001: items the target would refuse."""
    parts: dict[str, tuple] = {}
    for run, tmv, source, target in _rehearsed_runs(ctx):
        if not run["refused"]:
            continue
        reasons = Counter(
            why for i in run["item_outcomes"] if i["outcome"] == "refused" for why in i["refusals"]
        )
        mode = "on creation" if run["mode"] == "create" else "on update"
        text = (
            f"{run['refused']} of {_items(run['items'])} of {tmv.where(source)} would be refused "
            f"by {tmv.where(target)} {mode}: {_listed(reasons.most_common())}"
        )
        parts.setdefault(tmv.subject, (tmv, []))[1].append(text)
    for subject, (tmv, texts) in parts.items():
        yield FindingResult(
            "RHR-001",
            ERROR,
            subject,
            f"Rehearsed on the sample items, {tmv.name}: {'; '.join(texts)}.",
            "Open the refused items on the rehearsal page: map the required fields (or give "
            "them a calculated value or relationship rule), or correct the values the target "
            "refuses; then rehearse again.",
        )


def _is_conversion(mv, source: str, target: str) -> bool:
    """Losses of a plain conversion: enum values without pair are RHR-003, users RHR-004."""
    into, out_of = mv.side(target).field, mv.side(source).field
    if into is None or into.is_user:
        return False
    return not (out_of is not None and out_of.is_enum and into.is_enum)


def field_losses(snapshot, ctx):
    """RHR-002: a field mapping loses data on the sample items (time part, precision, markup,
    several values into one, truncation, a relationship without a rule)."""
    found: dict[str, tuple] = {}
    for run, tmv, source, target in _rehearsed_runs(ctx):
        known = _field_keys(run)
        # Each loss reads "<target label>: <reason>"; labels holding ": " are tried first.
        tricky = sorted((la for la in known if ": " in la), key=len, reverse=True)
        losses = Counter(loss for item in run["item_outcomes"] for loss in item["losses"])
        reasons: dict[str, Counter] = {}
        for loss, n in losses.items():
            label = next((la for la in tricky if loss.startswith(f"{la}: ")), None)
            label = label or loss.partition(": ")[0]
            if label in known:
                reasons.setdefault(label, Counter())[loss[len(label) + 2 :]] += n
        for summary in run["fields"]:
            lost = summary["counts"].get("lossy", 0)
            mv = _mapping_into(ctx, tmv, target, summary["field"])
            if not lost or mv is None or not _is_conversion(mv, source, target):
                continue
            why = _listed(reasons.get(summary["label"], Counter()).most_common())
            text = (
                f"{lost} of {_items(run['items'])} of {tmv.where(source)} lose data in "
                f"{mv.describe(target)}: {why}"
            )
            found.setdefault(mv.subject, (mv, []))[1].append(text)
    for subject, (_mv, texts) in found.items():
        yield FindingResult(
            "RHR-002",
            WARNING,
            subject,
            f"Rehearsed on the sample items, {'; '.join(texts)}.",
            "Check that the loss is acceptable (acknowledge it with the reason) or change the "
            "mapping: a target field that keeps the value (a date/time, more decimals, rich "
            "text, a longer or multi-valued field, a relationship rule).",
        )


def unpaired_values(snapshot, ctx):
    """RHR-003: enum values seen in the data that have no pair (and no catch-all)."""
    found: dict[str, tuple] = {}
    for run, tmv, source, target in _rehearsed_runs(ctx):
        keys = _field_keys(run)
        by_field: dict[str, list] = {}
        for row in run["unpaired_values"]:
            by_field.setdefault(row["field"], []).append((f"'{row['value']}'", row["items"]))
        for label, values in by_field.items():
            mv = _mapping_into(ctx, tmv, target, keys.get(label, label))
            if mv is None:
                continue
            values.sort(key=lambda v: (-v[1], v[0]))
            text = (
                f"{tmv.where(source)} items carry values of {mv.describe(source)} with no pair "
                f"into {mv.describe(target)}: {_listed(values)}"
            )
            found.setdefault(mv.subject, (mv, []))[1].append(text)
    for subject, (_mv, texts) in found.items():
        yield FindingResult(
            "RHR-003",
            WARNING,
            subject,
            f"Rehearsed on the sample items, {'; '.join(texts)}: they are not written.",
            "Pair the values seen in the data (or set a catch-all value on the receiving "
            "side), then rehearse again.",
        )


def _has_connection(snapshot, key: str) -> bool:
    return any(c.key == key for c in snapshot.connections)


def _endpoint_name(snapshot, key: str) -> str:
    endpoint = snapshot.endpoint(key)
    return endpoint.name if endpoint is not None else key


def unresolved_users(snapshot, ctx):
    """RHR-004: users seen in the items who do not resolve through the user map, the strategy
    and the target's directory (or only land on the default user)."""
    found: dict[str, list] = {}
    for report in (ctx.rehearsal or {}).get("identity", ()):
        if not report["unresolved"] or not _has_connection(snapshot, report["connection"]):
            continue
        users = sorted(
            ((f"'{u['user']}'", u["items"]) for u in report["unresolved"]),
            key=lambda u: (-u[1], u[0]),
        )
        source = _endpoint_name(snapshot, report["source"])
        target = _endpoint_name(snapshot, report["target"])
        found.setdefault(report["connection"], []).append(
            f"{_items(len(users), 'user')} named by {source} items "
            f"{'does' if len(users) == 1 else 'do'} not resolve in {target}: "
            f"{_listed(users)} ({report['covered_items']} of {_items(report['items'])} resolve "
            "all their users)"
        )
    for connection, texts in found.items():
        yield FindingResult(
            "RHR-004",
            WARNING,
            users_subject(connection),
            f"Rehearsed on the sample items, {'; '.join(texts)}.",
            "Add user-map entries for them, a matching strategy that bridges them, or a "
            "default user; decide what happens to people who left. Then rehearse again.",
        )


def user_collisions(snapshot, ctx):
    """RHR-005: several users of the items land on one user of the other side."""
    found: dict[str, list] = {}
    for report in (ctx.rehearsal or {}).get("identity", ()):
        if not report["collisions"] or not _has_connection(snapshot, report["connection"]):
            continue
        source = _endpoint_name(snapshot, report["source"])
        target = _endpoint_name(snapshot, report["target"])
        landings = [
            f"{', '.join(repr(u) for u in users)} → '{counterpart}'"
            for counterpart, users in sorted(report["collisions"].items())
        ]
        found.setdefault(report["connection"], []).append(
            f"several {source} users land on one {target} user: {'; '.join(landings)}"
        )
    for connection, texts in found.items():
        yield FindingResult(
            "RHR-005",
            WARNING,
            users_subject(connection),
            f"Rehearsed on the sample items, {'; '.join(texts)}: their changes would be "
            "written under one person.",
            "Give each of them their own user-map entry, or check that they really are one "
            "person (an old and a new account).",
        )


def _pairings(snapshot, ctx):
    """(pairing, type mapping view, matching subject) of the pairing rehearsal's results."""
    views = _views(ctx)
    for p in (ctx.rehearsal or {}).get("pairing", ()):
        tmv = views.get((p["connection"], p["type_mapping"]))
        if tmv is None:
            continue
        left, right = p["rule"]
        subject = subjects.matching(tmv.connection.key, tmv.tm.left_type, tmv.tm.right_type,
                                    left, right)  # fmt: skip
        yield p, tmv, subject


def _field_label(tmv, side: str, key: str) -> str:
    item_type = tmv.item_type(side)
    f = item_type.field(key) if item_type is not None else None
    return f.label if f is not None and f.label else key


def _rule_text(tmv, p) -> str:
    left, right = p["rule"]
    return (
        f"the existing-item matching {tmv.where('left')} {_field_label(tmv, 'left', left)} = "
        f"{tmv.where('right')} {_field_label(tmv, 'right', right)}"
    )


def ambiguous_matches(snapshot, ctx):
    """RHR-006: the existing-item matching pairs one item with several on the sample items."""
    for p, tmv, subject in _pairings(snapshot, ctx):
        parts = []
        if p["one_to_many"]:
            shown = [f"{k} → {', '.join(v)}" for k, v in p["one_to_many_items"].items()]
            parts.append(
                f"{_items(p['one_to_many'])} of {tmv.where('left')} match several "
                f"{tmv.where('right')} items ({_keys(shown)})"
            )
        if p["many_to_one"]:
            shown = [f"{k} ← {', '.join(v)}" for k, v in p["many_to_one_items"].items()]
            parts.append(
                f"{_items(p['many_to_one'])} of {tmv.where('right')} matched by several "
                f"{tmv.where('left')} items ({_keys(shown)})"
            )
        if parts:
            yield FindingResult(
                "RHR-006",
                ERROR,
                subject,
                f"Rehearsed on the sample items, {_rule_text(tmv, p)} is ambiguous: "
                f"{'; '.join(parts)}.",
                "Match on a field whose values are unique on both sides, or clean up the "
                "duplicates before the first run.",
            )


def would_be_duplicates(snapshot, ctx):
    """RHR-007: items of one side with no counterpart by the matching, which the first run
    would create on the other side: duplicates if that side holds them under another value."""
    for p, tmv, subject in _pairings(snapshot, ctx):
        parts = []
        for side, rows in (("left", p["unmatched_left_items"]),
                           ("right", p["unmatched_right_items"])):  # fmt: skip
            receiver = other(side)
            if rows and tmv.creates(receiver):
                parts.append(
                    f"{_items(len(rows))} of {tmv.where(side)} ({_keys(rows)}) without "
                    f"counterpart would be created in {tmv.where(receiver)}"
                )
        if parts:
            yield FindingResult(
                "RHR-007",
                WARNING,
                subject,
                f"Rehearsed on the sample items with {_rule_text(tmv, p)}: {'; '.join(parts)}; "
                "they become duplicates wherever the other side already holds them under "
                "another value.",
                "Check the items named: fill the matching field on both sides (or match on "
                "another field) for those that exist on both; the rest are created as planned.",
            )


def round_trip_flips(snapshot, ctx):
    """RHR-008: a two-way field does not come back the same (A → B → A) on the sample items."""
    views = _views(ctx)
    found: dict[str, tuple] = {}
    for r in (ctx.rehearsal or {}).get("round_trip", ()):
        tmv = views.get((r["connection"], r["type_mapping"]))
        if tmv is None:
            continue
        source = _source_side(tmv, r["source"])
        for label, paths in r["flips"].items():
            mv = _mapping_from(ctx, tmv, source, label)
            if mv is None:
                continue
            flipped = sorted(((path, len(keys)) for path, keys in paths.items()),
                             key=lambda p: (-p[1], p[0]))  # fmt: skip
            total = sum(n for _path, n in flipped)
            text = (
                f"{total} of {_items(r['checked'].get(label, total))} of {tmv.where(source)} "
                f"do not come back the same through {mv.describe(source)}: {_listed(flipped)}"
            )
            found.setdefault(mv.subject, (mv, []))[1].append(text)
    for subject, (_mv, texts) in found.items():
        yield FindingResult(
            "RHR-008",
            WARNING,
            subject,
            f"Rehearsed there and back on the sample items, {'; '.join(texts)}: each sync "
            "cycle would flip them.",
            "Make the field flow one way, pair the values one to one (or make the original "
            "value the default of its pair), or use a target field that keeps the value.",
        )


RULES = (
    refused_items,
    field_losses,
    unpaired_values,
    unresolved_users,
    user_collisions,
    ambiguous_matches,
    would_be_duplicates,
    round_trip_flips,
)
