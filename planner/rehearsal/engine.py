"""The rehearsal: for every sample item, the item the plan would write on the other side.

Per type mapping and per direction that creates or updates, field by field: which fields flow
(facts.direction; on creation every field mapping fills the new item, whatever its
direction: facts.coverage), the value after the data-type conversion (exact, converted
or lossy), enum values through the pairs (facts.enums: the default per direction, the
catch-all), users through the user map and strategy (facts.users), calculated values,
relationship rules, and the target's required fields (facts.coverage). Each item is
clean, written with losses, or refused by the target, and each field gets a summary.

Pure Python over the snapshot and the readers' sample sets: no ORM.
"""

from __future__ import annotations

import datetime
import gc
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from facts import compat as compat_facts
from facts import coverage as coverage_facts
from facts import direction as direction_facts
from facts import enums as enum_facts
from facts import users as user_facts
from facts.datatypes import Compat, DataType
from facts.names import normalize_name

from .readers import Ref, SampleSet, UserValue, resolve_fields, user_from_text

EXACT, CONVERTED, LOSSY, REFUSED, EMPTY = "exact", "converted", "lossy", "refused", "empty"
CALCULATED = "calculated"
UNPAIRED, UNRESOLVED = "unpaired", "unresolved"
_EMPTY = (EMPTY, None, "", ())
_NOT_IN_SAMPLE = (EMPTY, None, "the field is not in the sample", ())
_RAW_OBJECT = object()  # tags a cache key made of a raw object's items
_SCALARS = frozenset({bool, int, float})
CLEAN, WITH_LOSSES = "clean", "with losses"
CREATE, UPDATE = "create", "update"

_TEXT = frozenset({DataType.STRING, DataType.TEXT, DataType.RICH_TEXT})
_NUMBERS = frozenset({DataType.INTEGER, DataType.FLOAT})
_TAG = re.compile(r"<[^>]+>")
_MARKUP_CHARS = re.compile(r"[<&]")


class FieldResult(NamedTuple):  # a tuple: one is made per item and mapped field
    target: str  # the target field's label
    kind: str  # EXACT | CONVERTED | LOSSY | REFUSED | EMPTY | CALCULATED
    source_value: object
    written: object
    reason: str = ""


@dataclass
class ItemResult:
    item: str  # the item's key
    outcome: str  # CLEAN | WITH_LOSSES | REFUSED
    results: list  # (kind, written, reason, notes) per column, shared with the converters' memory
    refusals: list[str]
    columns: tuple  # (target label, the item's field key | None, normalizer) per result
    source: object  # the sample's item: the side-by-side view reads its values

    @property
    def fields(self) -> list[FieldResult]:
        """The target's fields as the plan would write them, with the source value of each."""
        out = []
        for (label, raw_key, normalize), (kind, written, reason, _notes) in zip(
            self.columns, self.results, strict=True
        ):
            raw = self.source.fields.get(raw_key) if raw_key is not None else None
            value = normalize(raw) if raw is not None else None
            out.append(FieldResult(label, kind, value, written, reason))
        return out

    @property
    def losses(self) -> list[FieldResult]:
        return [f for f in self.fields if f.kind == LOSSY]


@dataclass
class FieldSummary:
    label: str
    counts: Counter = field(default_factory=Counter)  # kind -> items
    reasons: dict = field(default_factory=lambda: defaultdict(list))  # reason -> item keys


@dataclass
class DirectionRun:
    """One type mapping rehearsed in one direction on one endpoint's items."""

    connection: str
    type_mapping: str
    source: str  # endpoint key the items come from
    target: str
    mode: str  # CREATE | UPDATE
    items: list[ItemResult] = field(default_factory=list)
    fields: dict[str, FieldSummary] = field(default_factory=dict)  # target field key -> summary
    unpaired: Counter = field(default_factory=Counter)  # (field label, value) -> items
    unresolved_users: Counter = field(default_factory=Counter)  # (field label, user) -> items
    unresolved_fields: tuple[str, ...] = ()

    def outcomes(self) -> Counter:
        return Counter(i.outcome for i in self.items)

    def sentences(self) -> list[str]:
        """The per-field summaries in words."""
        return sentences(((s.label, s.reasons) for s in self.fields.values()), len(self.items))


def sentences(fields, total: int) -> list[str]:
    """``fields``: (label, {reason: item keys}) per target field, in words."""
    return [
        f"{len(keys)} of {total} items: {label}: {reason}"
        for label, reasons in fields
        for reason, keys in reasons.items()
    ]


@dataclass
class Rehearsal:
    runs: list[DirectionRun]
    unmatched_types: Counter  # (endpoint, item type) -> items no type mapping takes
    untaken: list = field(default_factory=list)  # (endpoint, item type, key) of those items

    @property
    def refused(self) -> int:
        return sum(r.outcomes()[REFUSED] for r in self.runs)


# ---------------------------------------------------------------------------------------------
# Value conversion, one compiled converter per field mapping and direction.


def parse_datetime(text: str):
    text = text.strip()
    if len(text) == 10:
        return datetime.date.fromisoformat(text)
    # Jira writes +0100, ADO Z, ServiceNow a space between date and time.
    text = text.replace(" ", "T", 1).replace("Z", "+00:00")
    if len(text) >= 5 and text[-5] in "+-" and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"
    return datetime.datetime.fromisoformat(text)


def as_text(value) -> str:
    if isinstance(value, Ref):
        return value.label
    if isinstance(value, UserValue):
        return value.shown
    if type(value) is tuple:
        return ", ".join(as_text(v) for v in value)
    return str(value)


class Converter:
    """Writes one source field's values into one target field, in one direction."""

    def __init__(self, run_ctx, mapping, source, target, source_side, target_side):
        self.ctx = run_ctx
        self.source, self.target = source, target
        self.label = target.label or target.key
        self.cache: dict = {}
        self.compat = compat_facts.of_types(source.data_type, target.data_type)
        self.pairs = None
        if source.is_enum and target.is_enum:
            self.pairs = {}
            for pair in mapping.enum_pairs:
                self.pairs.setdefault(getattr(pair, source_side), getattr(pair, target_side))
            for value, (written, _rest) in enum_facts.written_values(
                mapping.enum_pairs, target_side
            ).items():
                self.pairs[value] = written
            self.catch_all = getattr(mapping, f"{target_side}_catch_all")
        self.rule = run_ctx.rules.get(target.key)

        # Values repeat (enum values, users, references, days, estimates): their results are
        # remembered in ``cache`` (the run's loop reads it). Text is mostly unique:
        # remembering it would only cost memory.
        self.cached = target.data_type not in _TEXT or self.pairs is not None
        self.single_valued = not target.multi_valued and target.data_type not in _TEXT
        self.refusal = (
            (REFUSED, None, self.compat.reason, ())
            if self.compat.level is Compat.INCOMPATIBLE
            else None
        )
        rich = source.data_type == DataType.RICH_TEXT, target.data_type == DataType.RICH_TEXT
        self.strips_markup = rich == (True, False)
        self.escapes_markup = rich == (False, True)
        self.write = self._writer()
        # A text target takes a string value the short way (no emptiness or refusal to check).
        self.text_str = self._text if self.write == self._text and self.refusal is None else None

    def _convert(self, value):
        """(kind, written value, reason, notes): notes are (UNPAIRED | UNRESOLVED, value seen)."""
        if value is None or value == () or value == "":
            return _EMPTY
        if self.refusal is not None:
            return self.refusal
        if type(value) is tuple and self.single_valued:
            if len(value) > 1:
                kind, written, reason, notes = self._convert(value[0])
                why = f"{len(value)} values into a single-valued field: only the first is kept"
                return (LOSSY if kind != REFUSED else REFUSED, written, why, notes)
            value = value[0]
        result = self.write(value)
        return result if len(result) == 4 else (*result, ())

    def _writer(self):
        """How this target takes one value: decided once per converter, not once per value."""
        target = self.target
        if self.pairs is not None:
            return self._enum
        if target.is_user:
            return self._user
        if target.is_relationship:
            return self._relationship
        if self.compat.level is Compat.AS_TEXT:
            return self._as_text
        if target.data_type in _TEXT:
            return self._text
        if target.data_type in (DataType.DATE, DataType.DATETIME):
            return self._date
        if target.data_type in _NUMBERS:
            return self._number
        if target.data_type == DataType.BOOLEAN:
            return self._boolean
        return self._exact

    @staticmethod
    def _as_text(value):
        return (CONVERTED, as_text(value), "the linked item is carried as its display text")

    @staticmethod
    def _boolean(value):
        text = as_text(value).strip().casefold()
        if text in ("true", "1", "yes", "y"):
            return (EXACT if value is True else CONVERTED, True, "")
        if text in ("false", "0", "no", "n"):
            return (EXACT if value is False else CONVERTED, False, "")
        return (REFUSED, None, f"'{text}' is not a yes/no value")

    @staticmethod
    def _exact(value):
        return (EXACT, value, "")

    def _enum(self, value):
        values = value if type(value) is tuple else (value,)
        written, kind, reasons, notes = [], EXACT, [], []
        for v in values:
            label = as_text(v)
            if label in self.pairs:
                written.append(self.pairs[label])
            elif self.catch_all:
                written.append(self.catch_all)
                kind = LOSSY
                reasons.append(
                    f"'{label}' has no pair: written as the catch-all '{self.catch_all}'"
                )
            else:
                notes.append((UNPAIRED, label))
                kind = LOSSY
                reasons.append(f"'{label}' has no pair: not written")
        if len(written) > 1 and not self.target.multi_valued:
            kind = LOSSY
            reasons.append(f"{len(written)} values into a single-valued field")
        out = (tuple(written) if self.target.multi_valued else written[0]) if written else None
        return (kind, out, "; ".join(reasons), tuple(notes))

    def _user(self, value):
        values = value if type(value) is tuple else (value,)
        written, kind, reasons, notes = [], EXACT, [], []
        for v in values:
            user = v if isinstance(v, UserValue) else user_from_text(as_text(v))
            outcome, counterpart = self.ctx.resolve_user(user)
            if outcome in user_facts.RESOLVED:
                written.append(counterpart)
            elif outcome == user_facts.DEFAULT:
                written.append(counterpart)
                kind = LOSSY
                notes.append((UNRESOLVED, user.shown))
                reasons.append(f"'{user.shown}' does not resolve: written as the default user")
            else:
                notes.append((UNRESOLVED, user.shown))
                kind = LOSSY
                why = (
                    "resolves to several users"
                    if outcome == user_facts.AMBIGUOUS
                    else ("does not resolve")
                )
                reasons.append(f"'{user.shown}' {why}: not written")
        if len(written) > 1 and not self.target.multi_valued:
            kind = LOSSY
            reasons.append(f"{len(written)} users into a single-user field: only one survives")
            written = written[:1]
        out = (tuple(written) if self.target.multi_valued else written[0]) if written else None
        return (kind, out, "; ".join(reasons), tuple(notes))

    def _relationship(self, value):
        text = as_text(value)
        if self.rule is not None:
            return (CONVERTED, text, f"resolved by the relationship rule: {self.rule}")
        return (
            LOSSY,
            None,
            f"no relationship rule says which {self.target.label} '{text}' links to: not written",
        )

    def _text(self, value):
        kind, reason = EXACT, ""
        if not isinstance(value, str):
            text, kind = as_text(value), CONVERTED
            reason = "written as text"
        else:
            text = str(value)
        if self.strips_markup:
            stripped = _TAG.sub("", text)
            if stripped != text:
                text, kind, reason = stripped, LOSSY, "markup stripped"
        elif self.escapes_markup and _MARKUP_CHARS.search(text):
            kind, reason = CONVERTED, "markup characters arrive literally (escaped)"
        max_length = self.target.max_length
        if max_length and len(text) > max_length:
            return (LOSSY, text[:max_length], f"truncated to {max_length} characters", ())
        return (kind, text, reason, ())

    def _date(self, value):
        try:
            parsed = parse_datetime(as_text(value))
        except ValueError:
            return (REFUSED, None, f"'{as_text(value)}' does not read as a date")
        if self.target.data_type == DataType.DATE:
            if isinstance(parsed, datetime.datetime):
                if parsed.time() != datetime.time(0, 0):
                    return (LOSSY, parsed.date(), "the time part is dropped")
                return (CONVERTED, parsed.date(), "")
            return (EXACT, parsed, "")
        if isinstance(parsed, datetime.datetime):
            return (EXACT, parsed, "")
        return (CONVERTED, parsed, "a date becomes a date/time at midnight")

    def _number(self, value):
        if isinstance(value, bool):
            return (REFUSED, None, "a yes/no value is not a number")
        try:
            number = value if isinstance(value, (int, float)) else float(as_text(value))
        except ValueError:
            return (REFUSED, None, f"'{as_text(value)}' is not a number")
        kind = EXACT if isinstance(value, (int, float)) else CONVERTED
        if self.target.data_type == DataType.INTEGER and number != int(number):
            return (LOSSY, round(number), "decimals dropped (precision)")
        if self.target.data_type == DataType.INTEGER:
            number = int(number)
        precision = self.target.precision
        if precision is not None and round(number, precision) != number:
            return (LOSSY, round(number, precision), f"rounded to {precision} decimals")
        return (kind, number, "")


# ---------------------------------------------------------------------------------------------
# A run: one type mapping, one direction, one endpoint's sample sets.


class RunContext:
    def __init__(self, run: DirectionRun, connection, source_side, target_side, snapshot, tm):
        self.run = run
        target = snapshot.endpoint(run.target)
        source = snapshot.endpoint(run.source)
        user_map = connection.user_map
        entries = [(e.left, e.right) for e in user_map.entries] if user_map else []
        same = (
            source.user_representation
            if source.user_representation == target.user_representation
            else ""
        )
        self.strategy = user_facts.effective_strategy(
            user_map.strategy if user_map else None, bool(entries), same
        )
        self.entries = entries if source_side == "left" else [(r, left) for left, r in entries]
        self.resolve_one = user_facts.resolver(
            target.users,
            self.strategy,
            self.entries,
            getattr(user_map, f"{target_side}_default_user", "") if user_map else "",
        )
        self.users: dict = {}
        self.rules = {
            r.field: f"{r.resolution} {r.rule}".strip()
            for r in tm.relationship_rules
            if r.side == target_side
        }

    def resolve_user(self, user: UserValue):
        known = self.users.get(user)
        if known is None:
            resolution = self.resolve_one(user)
            counterpart = resolution.counterparts[0] if resolution.counterparts else None
            if counterpart is not None and not isinstance(counterpart, str):
                counterpart = counterpart.username
            known = self.users[user] = (resolution.outcome, counterpart)
        return known


def type_matches(item_type: str, type_snap) -> bool:
    return normalize_name(item_type) in (
        normalize_name(type_snap.key),
        normalize_name(type_snap.label),
    )


def _rehearse_direction(snapshot, connection, tm, source_side, samples):
    target_side = enum_facts.other(source_side)
    source_ep = snapshot.endpoint(getattr(connection, source_side))
    target_ep = snapshot.endpoint(getattr(connection, target_side))
    source_type = source_ep.type(getattr(tm, f"{source_side}_type"))
    target_type = target_ep.type(getattr(tm, f"{target_side}_type"))
    if source_type is None or target_type is None:
        return None
    creating = target_side in coverage_facts.creating_sides(tm.direction)
    run = DirectionRun(
        connection.key,
        tm.key,
        source_ep.key,
        target_ep.key,
        CREATE if creating else UPDATE,
    )
    ctx = RunContext(run, connection, source_side, target_side, snapshot, tm)
    flows_index = 0 if source_side == "left" else 1

    # Which mappings write into the target in this mode.
    writes = []  # (mapping, source field | None, target field)
    for m in tm.field_mappings:
        src_key, dst_key = getattr(m, f"{source_side}_field"), getattr(m, f"{target_side}_field")
        if dst_key is None:
            continue
        target_field = target_type.field(dst_key)
        source_field = source_type.field(src_key) if src_key is not None else None
        if target_field is None or (src_key is not None and source_field is None):
            continue  # stale: FLD-012 reports it
        if creating:
            if not direction_facts.writable(target_field) and not target_field.create_only:
                continue
        else:
            by_side = {source_side: source_field, target_side: target_field}
            _declared, effective = direction_facts.of_mapping(
                tm.direction, m, by_side["left"], by_side["right"]
            )
            if not direction_facts.flows(effective)[flows_index] or m.on_creation_only:
                continue
        writes.append((m, source_field, target_field))
    if not writes:
        return None

    required = []
    if creating:
        left_type = source_type if source_side == "left" else target_type
        right_type = target_type if source_side == "left" else source_type
        required = [
            r
            for r in coverage_facts.required_fields(
                tm.direction,
                left_type,
                right_type,
                left_type.fields,
                right_type.fields,
                [(m.left_field, m.right_field) for m in tm.field_mappings],
                [(r.side, r.field) for r in tm.relationship_rules],
            )
            if r.side == target_side
        ]
    missing_everywhere = [
        f"{r.field.label} is required and nothing sets it" for r in required if not r.covered
    ]
    # A data-model constraint (an Octane sprint's release) needs a relationship rule to say
    # which item it lands in (REL-002); without one the target refuses the item.
    missing_everywhere += [
        f"{r.field.label} is required and no relationship rule says which one"
        for r in required
        if r.covered_by == coverage_facts.CONSTRAINT
        and r.field.key not in ctx.rules
        and target_type.field(r.field.key).is_relationship
    ]
    mapped_required = {r.field.key for r in required if r.covered_by == coverage_facts.MAPPED}

    for sample in samples:
        if sample.type_hint and not type_matches(sample.type_hint, source_type):
            continue
        resolution = resolve_fields(sample, source_type)
        run.unresolved_fields += tuple(
            u for u in resolution.unresolved if u not in run.unresolved_fields
        )
        compiled = []
        for m, source_field, target_field in writes:
            summary = run.fields.setdefault(
                target_field.key, FieldSummary(target_field.label or target_field.key)
            )
            required_here = target_field.key in mapped_required
            if source_field is None:
                cv = m.calculated_value
                what = f"{cv.kind} '{cv.value}'" if cv else "a calculated value"
                constant = (CALCULATED, cv.value if cv else None, what, ())
                compiled.append(
                    (
                        None,
                        constant,
                        summary.counts,
                        summary.reasons,
                        summary.label,
                        required_here,
                        None,
                        None,
                    )
                )
                continue
            raw_key = resolution.by_field.get(source_field.key)
            converter = Converter(ctx, m, source_field, target_field, source_side, target_side)
            compiled.append(
                (
                    raw_key,
                    converter._convert,
                    summary.counts,
                    summary.reasons,
                    summary.label,
                    required_here,
                    converter.cache if converter.cached else None,
                    converter.text_str,
                )
            )
        value_of = sample.normalizer
        columns = tuple((c[4], c[0], value_of) for c in compiled)
        if sample.type_hint:
            items = sample.items
        else:
            type_ok: dict[str, bool] = {}
            for item_type in {item.type for item in sample.items}:
                type_ok[item_type] = type_matches(item_type, source_type)
            items = [item for item in sample.items if type_ok[item.type]]
        if not items:
            continue
        # Column by column (one mapped field over all items): the inner loops stay small and
        # their names local, which is most of the cost at items x mappings.
        all_fields = [item.fields for item in items]
        keys = [item.key for item in items]
        n = len(items)
        columns_results = []
        refusals: dict[int, list] = defaultdict(list)
        empty_required: dict[int, list] = defaultdict(list)
        noted: dict[int, set] = defaultdict(set)
        lossy: set = set()
        for raw_key, convert, counts, reasons, label, required_here, cache, text in compiled:
            if raw_key is None:
                result = convert if type(convert) is tuple else _NOT_IN_SAMPLE
                columns_results.append([result] * n)
                counts[result[0]] += n
                if required_here and result is _NOT_IN_SAMPLE:
                    for i in range(n):
                        empty_required[i].append(label)
                continue
            # Per column: the results first (most are shared tuples from ``cache``), then what
            # is not plainly exact, item by item; both loops stay small.
            column = []
            append = column.append
            flat_objects = True
            for raw in [fields.get(raw_key) for fields in all_fields]:
                # A raw string is its own cache key (its reading is the same every time); so
                # is a flat raw object by its items, tagged so that no reading equals it
                # (reading an option or a user costs more than hashing it).
                if type(raw) is str:
                    if not raw:
                        append(_EMPTY)
                    elif cache is None:
                        value = value_of(raw)
                        append(
                            text(value) if text is not None and type(value) is str else
                            convert(value)
                        )  # fmt: skip
                    else:
                        try:
                            append(cache[raw])
                        except KeyError:
                            result = cache[raw] = convert(value_of(raw))
                            append(result)
                elif raw is None or raw == "" or raw == []:
                    append(_EMPTY)
                elif cache is None:
                    append(convert(value_of(raw)))
                else:
                    if flat_objects and type(raw) is dict:
                        key = (_RAW_OBJECT, *raw.items())
                    elif type(raw) in _SCALARS:
                        key = (type(raw), raw)  # True == 1 == 1.0: each is read on its own
                    else:
                        key = value_of(raw)
                    try:
                        result = cache[key]
                    except KeyError:
                        result = cache[key] = convert(value_of(raw))
                    except TypeError:  # an unhashable raw value the reader left as is
                        result = convert(value_of(raw))
                        # Nested objects (a Jira user's avatar URLs): key this column's
                        # objects by their reading from now on.
                        flat_objects = flat_objects and type(raw) is not dict
                    append(result)
            if required_here:  # empty, or nothing written (refused, unpaired, ...)
                for i, result in enumerate(column):
                    if result[1] is None:
                        empty_required[i].append(label)
            for i in [
                i for i, r in enumerate(column) if r is not _EMPTY and (r[2] or r[0] is not EXACT)
            ]:
                kind, _written, reason, notes = column[i]
                if kind is REFUSED:
                    refusals[i].append(f"{label}: {reason}")
                elif kind is LOSSY:
                    lossy.add(i)
                if reason:
                    reasons[reason].append(keys[i])
                for note, seen in notes:
                    noted[i].add((note, label, seen))
            columns_results.append(column)
            counts.update([r[0] for r in column])
        for i, (item, results) in enumerate(
            zip(items, zip(*columns_results, strict=True), strict=True)
        ):
            item_refusals = list(missing_everywhere)
            item_refusals += refusals.get(i, ())
            for name in sorted(empty_required.get(i, ())):
                item_refusals.append(f"{name} is required and this item leaves it empty")
            for note, label, seen in noted.get(i, ()):
                (run.unpaired if note == UNPAIRED else run.unresolved_users)[(label, seen)] += 1
            outcome = REFUSED if item_refusals else WITH_LOSSES if i in lossy else CLEAN
            run.items.append(ItemResult(item.key, outcome, results, item_refusals, columns, item))
    return run


def rehearse(snapshot, samples: dict[str, list[SampleSet]], *, keep_empty=False) -> Rehearsal:
    """Rehearse every type mapping on the sample sets of its endpoints. ``samples``: endpoint
    key -> the sample sets read from that endpoint's exports (a set's ``type_hint`` names the
    item type of responses that do not, such as a sprint list). ``keep_empty`` keeps the runs
    no item reached: the parts of a split rehearsal (planner.rehearsal.chunks) then all list
    the same runs, in the same order."""
    # Rehearsing allocates millions of small objects and frees none until the end: the cyclic
    # garbage collector would walk the growing heap again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _rehearse(snapshot, samples, keep_empty)
    finally:
        if enabled:
            gc.enable()


def _rehearse(snapshot, samples, keep_empty=False) -> Rehearsal:
    runs = []
    taken: set = set()
    for connection in snapshot.connections:
        for tm in connection.type_mappings:
            for source_side in ("left", "right"):
                endpoint_key = getattr(connection, source_side)
                sets = samples.get(endpoint_key)
                if not sets:
                    continue
                run = _rehearse_direction(snapshot, connection, tm, source_side, sets)
                if run is not None and (run.items or keep_empty):
                    runs.append(run)
                    taken |= {(endpoint_key, i.item) for i in run.items}
    untaken = [
        (endpoint_key, sample.type_hint or item.type, item.key)
        for endpoint_key, sets in samples.items()
        for sample in sets
        for item in sample.items
        if (endpoint_key, item.key) not in taken
    ]
    unmatched = Counter((endpoint, item_type) for endpoint, item_type, _key in untaken)
    return Rehearsal(runs, unmatched, untaken)


# ---------------------------------------------------------------------------------------------
# The results as plain data: what the command prints as JSON (and a page will read).


def as_dict(rehearsal: Rehearsal) -> dict:
    runs = []
    for run in rehearsal.runs:
        outcomes = run.outcomes()
        runs.append(
            {
                "connection": run.connection,
                "type_mapping": run.type_mapping,
                "source": run.source,
                "target": run.target,
                "mode": run.mode,
                "items": len(run.items),
                "clean": outcomes[CLEAN],
                "with_losses": outcomes[WITH_LOSSES],
                "refused": outcomes[REFUSED],
                "fields": [
                    {
                        "field": key,
                        "label": s.label,
                        "counts": dict(s.counts),
                        "reasons": dict(s.reasons),
                    }
                    for key, s in run.fields.items()
                ],
                "unpaired_values": [
                    {"field": label, "value": value, "items": n}
                    for (label, value), n in sorted(run.unpaired.items())
                ],
                "unresolved_users": [
                    {"field": label, "user": user, "items": n}
                    for (label, user), n in sorted(run.unresolved_users.items())
                ],
                "unresolved_fields": list(run.unresolved_fields),
                "summary": run.sentences(),
                "item_outcomes": [
                    {
                        "item": i.item,
                        "outcome": i.outcome,
                        "refusals": i.refusals,
                        "losses": [f"{f.target}: {f.reason}" for f in i.losses],
                    }
                    for i in run.items
                ],
            }
        )
    return {
        "runs": runs,
        "refused": rehearsal.refused,
        "unmatched_items": [
            {"endpoint": endpoint, "type": item_type, "items": n}
            for (endpoint, item_type), n in sorted(rehearsal.unmatched_types.items())
        ],
    }
