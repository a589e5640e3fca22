"""ENM: enum fields ("Enum fields")."""

from __future__ import annotations

from rapidfuzz import fuzz

from connections.models import flows
from facts import enums
from facts.datatypes import DataType
from facts.names import normalize_name as normalized_name

from ..context import names
from ..findings import ERROR, INFO, WARNING, FindingResult, enum_pair_subject

_NEAR_SAME = 90  # rapidfuzz ratio of normalized labels that counts as "near-same"
_FUZZY_LIMIT = 200  # above this many unpaired values per side, only exact normalized matches


def _enum_mappings(ctx):
    return ctx.enum_mappings


def _unpaired(ctx, mv) -> dict[str, list[str]]:
    """Active values of each side that no pair names (computed once per mapping). Pairs naming
    a vanished value still count as pairs: ENM-003 reports them."""
    found = ctx.memo.get(("unpaired", id(mv)))
    if found is None:
        paired = {"left": {p.left for p in mv.fm.enum_pairs},
                  "right": {p.right for p in mv.fm.enum_pairs}}  # fmt: skip
        found = {
            side: enums.unpaired(mv.side(side).field.values, paired[side])
            for side in ("left", "right")
        }
        ctx.memo[("unpaired", id(mv))] = found
    return found


def missing_values(snapshot, ctx):
    """ENM-003: an enum pair names a value that the field does not have (any more)."""
    for mv in _enum_mappings(ctx):
        known = {"left": ctx.labels_of(mv.left.field), "right": ctx.labels_of(mv.right.field)}
        for pair in mv.fm.enum_pairs:
            if pair.left in known["left"] and pair.right in known["right"]:
                continue
            gone = [
                f'"{label}" of {mv.describe(side)}'
                for side, label in (("left", pair.left), ("right", pair.right))
                if label not in known[side]
            ]
            yield FindingResult(
                "ENM-003",
                ERROR,
                enum_pair_subject(mv.connection.key, mv.tm, mv.fm, pair),
                f"The enum pair {pair.left} → {pair.right} names {' and '.join(gone)}, which "
                "does not exist (any more).",
                "Remove the pair, or pair the value that replaced it.",
            )


def unpaired_values(snapshot, ctx):
    """ENM-001: active values of a sending side with no pair and no catch-all on the receiver."""
    for mv in _enum_mappings(ctx):
        unpaired_by_side = _unpaired(ctx, mv)
        problems = []
        for flowing, sender, catch_all, receiver in (
            (mv.l2r, "left", mv.fm.right_catch_all, "right"),
            (mv.r2l, "right", mv.fm.left_catch_all, "left"),
        ):
            if not flowing or catch_all:
                continue
            unpaired = unpaired_by_side[sender]
            if unpaired:
                problems.append(
                    f"{len(unpaired)} value{'s' if len(unpaired) > 1 else ''} of "
                    f"{mv.describe(sender)} ({names(unpaired)}) cannot be carried into "
                    f"{mv.describe(receiver)}"
                )
        if problems:
            yield FindingResult(
                "ENM-001",
                ERROR,
                mv.subject,
                "Unmapped enum values: " + "; ".join(problems) + ".",
                "Always map all enums on each side: pair every active value, or set a catch-all "
                "value on the receiving side.",
            )


def default_values(snapshot, ctx):
    """ENM-002: several values of A share one value of B and values flow B → A: the pair lowest
    in the list decides what A receives."""
    for mv in _enum_mappings(ctx):
        l2r, r2l = flows(mv.effective)
        notes = []
        for flowing, a_side in ((r2l, "left"), (l2r, "right")):  # (flows into A, A)
            if not flowing:
                continue  # "one-way FROM that product": values never flow into A
            in_order = sorted(mv.fm.enum_pairs, key=lambda p: p.position)  # list order
            for b_value, (default, others) in enums.written_values(in_order, a_side).items():
                notes.append(
                    f'"{b_value}" is written into {mv.describe(a_side)} as "{default}" (not '
                    f"{names(others)})"
                )
        if notes:
            yield FindingResult(
                "ENM-002",
                INFO,
                mv.subject,
                "Several values share one counterpart: " + "; ".join(notes) + ".",
                "To write another value, move its pair to the end of that value's pairs in the "
                "pair list (it becomes the default, shown bold).",
            )


def multi_single(snapshot, ctx):
    """ENM-004: multi-select into single-select keeps only one value."""
    for mv in _enum_mappings(ctx):
        for sender, receiver in (("left", "right"), ("right", "left")):
            if not mv.flows_into(receiver):
                continue
            if (
                mv.side(sender).field.data_type == DataType.MULTI_ENUM
                and mv.side(receiver).field.data_type == DataType.ENUM
            ):
                yield FindingResult(
                    "ENM-004",
                    WARNING,
                    mv.subject,
                    f"{mv.describe(sender)} is multi-select and {mv.describe(receiver)} is "
                    "single-select: only one of several selected values can survive.",
                    "Map a multi-select field on both sides, or make the mapping one-way from "
                    "the single-select side.",
                )
                break


def pairing_suggestions(snapshot, ctx):
    """ENM-005: unpaired values with the same or a near-same label on the other side."""
    for mv in _enum_mappings(ctx):
        unpaired = _unpaired(ctx, mv)
        left, right = unpaired["left"], unpaired["right"]
        if not left or not right:
            continue
        right_by_norm = {}
        for label in right:
            right_by_norm.setdefault(normalized_name(label), label)
        suggestions = []
        unmatched = []
        for label in left:
            match = right_by_norm.get(normalized_name(label))
            if match is not None:
                suggestions.append((label, match))
            else:
                unmatched.append(label)
        if unmatched and len(unmatched) <= _FUZZY_LIMIT and len(right) <= _FUZZY_LIMIT:
            taken = {r for _, r in suggestions}
            for label in unmatched:
                norm = normalized_name(label)
                best = max(
                    (r for r in right if r not in taken),
                    key=lambda r: fuzz.ratio(norm, normalized_name(r)),
                    default=None,
                )
                if best is not None and fuzz.ratio(norm, normalized_name(best)) >= _NEAR_SAME:
                    suggestions.append((label, best))
                    taken.add(best)
        if suggestions:
            shown = ", ".join(f'"{a}" → "{b}"' for a, b in suggestions[:8])
            more = f" and {len(suggestions) - 8} more" if len(suggestions) > 8 else ""
            yield FindingResult(
                "ENM-005",
                INFO,
                mv.subject,
                f"Values of {mv.describe('left')} and {mv.describe('right')} could be paired "
                f"automatically: {shown}{more}.",
                "Add these pairs (the enum pair editor can add the suggestions in one step).",
            )


RULES = (missing_values, unpaired_values, default_values, multi_single, pairing_suggestions)
