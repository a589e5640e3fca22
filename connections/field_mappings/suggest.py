"""Suggestions the user accepts or rejects: field pairs for a type mapping, value pairs for an
enum field mapping.

Pure functions over plain data (anything with the attributes named below: model instances,
snapshot objects, or simple records), so they are cheap to test and to run on big types.
Similarity comes from rapidfuzz on normalized names; type compatibility from the one matrix in
facts.datatypes.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from rapidfuzz import fuzz, process

from facts import compat as facts_compat
from facts.datatypes import Compat
from facts.direction import NOWHERE, effective_direction, writable
from facts.names import normalize_name

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# Prefixes products put on custom field keys (Jira customfield_10010, ALM user_01, Octane
# udf suffixes, ServiceNow u_): they say nothing about what a field means.
_KEY_NOISE = re.compile(r"^(customfield|cf|user|udf|u|x)\s+|\s+udf$")
# "1-Low", "P2 - High", "S3 Major": a rank in front of the label.
_RANK = re.compile(r"^[a-z]?\d+\s+")


def normalize_key(key: str) -> str:
    """A field key as words: camelCase and snake_case split, custom-field prefixes dropped."""
    words = normalize_name(_CAMEL.sub(" ", key or ""))
    return _KEY_NOISE.sub("", words).strip() or words


# Names ALM products give the same information (both directions are looked up).
_SYNONYMS = [
    {"summary", "name", "title", "short description"},
    {"description", "details", "detail"},
    {"assignee", "assigned to", "owner"},
    {"reporter", "detected by", "author", "created by", "opened by"},
    {"status", "state", "phase"},
    {"created", "creation time", "created on", "detected on date", "creation date"},
    {"updated", "last modified", "modified", "updated on", "last update"},
    {"fix version", "target release", "release"},
    {"due date", "due"},
    {"labels", "tags"},
    {"severity", "urgency"},
]
_SYNONYM_OF = {word: frozenset(group) for group in _SYNONYMS for word in group}
SYNONYM_SCORE = 90.0


# Penalties for pairs that work with a named risk, so clean pairs rank first.
_COMPAT_PENALTY = {Compat.OK: 0.0, Compat.FRAGILE: 10.0, Compat.AS_TEXT: 15.0}
SAME_TYPE_BONUS = 5.0


# A suggestion this good (a compatible pair with the same or a synonym name) is ticked in
# advance in the bulk list; the others wait for the user to tick them.
CONFIDENT_SCORE = 90


@dataclass(frozen=True)
class FieldSuggestion:
    left_key: str
    right_key: str
    score: int  # 0..100, higher first
    compatibility: Compat
    reason: str  # why the pair is proposed (and its risk, if any)

    @property
    def confident(self) -> bool:
        return self.compatibility is Compat.OK and self.score >= CONFIDENT_SCORE


def _names(field) -> tuple[str, str]:
    return normalize_name(getattr(field, "label", "")), normalize_key(field.key)


# Only the best few counterparts of each name are weighed: enough for a one-to-one choice, and
# a type full of look-alike names ("Custom 1" … "Custom 300") stays fast.
CANDIDATES_PER_NAME = 8


def _name_scores(
    left_names, right_names, cutoff: float
) -> dict[tuple[int, int], tuple[float, bool]]:
    """{(left index, right index): (name score, by synonym)} for pairs scoring at least
    ``cutoff``: label or key against label or key; rapidfuzz loops over the candidates in C."""
    scores: dict[tuple[int, int], tuple[float, bool]] = {}
    for side in (0, 1):
        choices = [names[side] for names in right_names]
        for i, names in enumerate(left_names):
            for query in set(names):
                for _, score, j in process.extract(
                    query,
                    choices,
                    scorer=fuzz.token_sort_ratio,
                    limit=CANDIDATES_PER_NAME,
                    score_cutoff=cutoff,
                ):
                    if score > scores.get((i, j), (0.0, False))[0]:
                        scores[(i, j)] = (score, False)
    by_name: dict[str, list[int]] = {}
    for j, names in enumerate(right_names):
        for name in set(names):
            by_name.setdefault(name, []).append(j)
    for i, names in enumerate(left_names):
        for name in set(names):
            for synonym in _SYNONYM_OF.get(name, ()):
                for j in by_name.get(synonym, ()) if synonym != name else ():
                    if scores.get((i, j), (0.0, False))[0] < SYNONYM_SCORE:
                        scores[(i, j)] = (SYNONYM_SCORE, True)
    return scores


def suggest_field_pairs(
    left_fields,
    right_fields,
    *,
    direction: str,
    mapped_left=(),
    mapped_right=(),
    threshold: float = 75.0,
) -> list[FieldSuggestion]:
    """Field pairs a type mapping flowing ``direction`` could map, best first.

    Excludes fields already mapped (keys in ``mapped_left``/``mapped_right``), removed fields,
    pairs that could write nothing (both sides read-only/system-generated in the directions the
    type mapping flows) and incompatible pairs. Each field is proposed at most once.
    """
    mapped_left, mapped_right = set(mapped_left), set(mapped_right)
    lefts = [
        f for f in left_fields if f.key not in mapped_left and not getattr(f, "removed", False)
    ]
    rights = [
        f for f in right_fields if f.key not in mapped_right and not getattr(f, "removed", False)
    ]
    left_names = [_names(f) for f in lefts]
    right_names = [_names(f) for f in rights]
    type_mapping = SimpleNamespace(direction=direction)

    checked = {}  # the verdict depends only on the data types and writability of the pair

    def verdict(left, right):
        key = (left.data_type, right.data_type, writable(left), writable(right))
        if key not in checked:
            effective, _ = effective_direction(type_mapping, left, right, "")
            checked[key] = (
                None
                if effective == NOWHERE
                else facts_compat.of_pair(left.data_type, right.data_type, effective)
            )
        return checked[key]

    candidates = []
    for (i, j), (name_score, synonym) in _name_scores(
        left_names, right_names, threshold - SAME_TYPE_BONUS
    ).items():
        left, right = lefts[i], rights[j]
        compat = verdict(left, right)
        if compat is None:
            continue
        if compat.level is Compat.INCOMPATIBLE:
            continue
        score = name_score - _COMPAT_PENALTY[compat.level]
        if left.data_type == right.data_type:
            score += SAME_TYPE_BONUS
        score = min(score, 100.0)
        if score < threshold:
            continue
        why = "known synonym" if synonym else "similar name"
        if compat.level is not Compat.OK:
            why = f"{why}; {compat.level.value.replace('_', ' ')}: {compat.reason}"
        candidates.append((score, i, j, compat.level, why))

    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_left, used_right, suggestions = set(), set(), []
    for score, i, j, level, why in candidates:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        suggestions.append(FieldSuggestion(lefts[i].key, rights[j].key, round(score), level, why))
    return suggestions


@dataclass(frozen=True)
class EnumSuggestion:
    left: str  # value labels
    right: str
    score: int
    identical: bool  # same label once case, accents and punctuation are ignored
    reason: str = ""  # why the pair is proposed, in words the editor shows


_VALUE_SYNONYMS = Path(__file__).parents[1] / "catalog" / "synonyms" / "enum_values.json"
RANK_SCORE = 95.0
VALUE_SYNONYM_SCORE = 90.0


def _unranked(normalized: str) -> str:
    return _RANK.sub("", normalized) or normalized


@functools.cache
def value_meanings() -> dict[str, frozenset[str]]:
    """{normalised label without its rank: the meanings (synonym groups) it belongs to}, from
    the data file, so the vocabulary grows without code."""
    document = json.loads(_VALUE_SYNONYMS.read_text(encoding="utf-8"))
    meanings: dict[str, set[str]] = {}
    for group in document["groups"]:
        for label in group["labels"]:
            meanings.setdefault(_unranked(normalize_name(label)), set()).add(group["meaning"])
    return {label: frozenset(found) for label, found in meanings.items()}


def _value_similarity(a: str, b: str) -> tuple[float, str]:
    """(score, reason) of two normalised labels."""
    if a == b:
        return 100.0, "identical"
    ranked_a, ranked_b = _unranked(a), _unranked(b)
    if ranked_a == ranked_b:
        return RANK_SCORE, "same label after the rank"  # "1-Low" and "Low"
    meanings = value_meanings()
    shared = meanings.get(ranked_a, frozenset()) & meanings.get(ranked_b, frozenset())
    if shared:
        return VALUE_SYNONYM_SCORE, f"synonyms ({', '.join(sorted(shared))})"
    return fuzz.ratio(ranked_a, ranked_b), "similar label"


def suggest_enum_pairs(
    left_labels, right_labels, existing_pairs=(), *, threshold: float = 85.0
) -> list[EnumSuggestion]:
    """Value pairs with identical, rank-stripped, synonym (connections/catalog/synonyms) or
    near-identical labels, best first.

    A pair is proposed when it does not exist yet and at least one of its two values has no pair
    (it would otherwise only add a competing pair); each value is proposed at most once.
    """
    existing = set(existing_pairs)
    paired_left = {left for left, _ in existing}
    paired_right = {right for _, right in existing}
    left_norm = [(label, normalize_name(label)) for label in left_labels]
    right_norm = [(label, normalize_name(label)) for label in right_labels]
    candidates = []
    for i, (left, left_n) in enumerate(left_norm):
        for j, (right, right_n) in enumerate(right_norm):
            if (left, right) in existing or (left in paired_left and right in paired_right):
                continue
            score, reason = _value_similarity(left_n, right_n)
            if score >= threshold:
                candidates.append((score, i, j, reason))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_left, used_right, suggestions = set(), set(), []
    for score, i, j, reason in candidates:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        suggestions.append(
            EnumSuggestion(
                left_norm[i][0], right_norm[j][0], round(score), reason == "identical", reason
            )
        )
    return suggestions


def identical_enum_pairs(left_labels, right_labels, existing_pairs=()) -> list[EnumSuggestion]:
    """The value pairs "Pair all identical" makes: labels equal once normalised, chosen as
    ``suggest_enum_pairs`` would (same rules, each value once) without scoring every couple."""
    existing = set(existing_pairs)
    paired_left = {left for left, _ in existing}
    paired_right = {right for _, right in existing}
    rights_by_name: dict[str, list[str]] = {}
    for right in right_labels:
        rights_by_name.setdefault(normalize_name(right), []).append(right)
    used, found = set(), []
    for left in dict.fromkeys(left_labels):
        for right in rights_by_name.get(normalize_name(left), ()):
            if right in used or (left, right) in existing:
                continue
            if left in paired_left and right in paired_right:
                continue
            used.add(right)
            found.append(EnumSuggestion(left, right, 100, True, "identical"))
            break
    return found
