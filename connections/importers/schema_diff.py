"""What a (re-)import would change in an endpoint's schema, computed before anything is applied.

Pure: takes the endpoint's current schema (as an ``ImportedSchema`` plus what is already marked
removed), the imported schema and what the plan's mappings refer to, and returns a
``SchemaDiff``. The import service shows it as the preview and applies exactly it.

Rules (the merge policy, docs/importers.md):
- A document updates what it states; a fact it does not state (``ImportedField.stated``) keeps
  its value. A type listed without its fields (``fields_known=False``) keeps its fields; states
  and transitions change only when the import carries them.
- A type not listed is removed only when the documents list all the project's types
  (``types_complete``); a field only when they list all its type's fields (``fields_complete``);
  an enum value only when the document states the field's value list.
- Removals and weakenings (a fact lowered: read-only → writable, system-generated → settable,
  set by the sync tool → not, a typed field → add-on, a value list or relationship targets
  emptied) are *held back*: listed in ``SchemaDiff.held`` with their consequences and applied
  only when the removal confirmation is given (``confirm_removals=True``).
- A confirmed removal of a type, field or enum value is *kept and marked removed* while a
  mapping, enum pair, relationship rule or existing-item matching refers to it (FLD-012 /
  ENM-003 then report it), and deleted otherwise.
- A field mapping goes stale when one of its fields disappears or changes data type; an enum
  pair when one of its values disappears.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from facts.datatypes import ENUM_TYPES, DataType

from .schema import ImportedField, ImportedSchema, ImportedType

FIELD_ATTRIBUTES = (
    "label",
    "data_type",
    "required",
    "read_only",
    "create_only",
    "system_generated",
    "set_by_sync_tool",
    "has_default",
    "default_value",
    "relationship_targets",
    "max_length",
    "addon_type",
    "values_unknown",
)
# Facts whose True is the stronger statement: an import lowering one is a weakening.
STRONG_WHEN_TRUE = ("read_only", "create_only", "system_generated", "set_by_sync_tool")


@dataclass(frozen=True)
class Change:
    subject: str  # "Bug", "Bug / System.State", "Bug / System.State = Active", "user fred"
    attribute: str
    before: object
    after: object

    def __str__(self):
        return f"{self.subject}: {self.attribute} {_show(self.before)} → {_show(self.after)}"


@dataclass(frozen=True)
class Removal:
    subject: str
    key: tuple[str, ...]  # (type,), (type, field) or (type, field, value label)
    kept: bool  # kept and marked removed because something refers to it
    referenced_by: tuple[str, ...] = ()

    def __str__(self):
        if self.kept:
            return f"{self.subject} (kept, marked removed: {'; '.join(self.referenced_by)})"
        return self.subject


@dataclass(frozen=True)
class References:
    """What the plan's mappings refer to in this endpoint, as descriptions people can read."""

    types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fields: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    values: dict[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)
    # Field mappings per field, for the stale list: (type, field) -> descriptions.
    field_mappings: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    enum_pairs: dict[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class CurrentState:
    schema: ImportedSchema
    removed_types: frozenset[str] = frozenset()
    removed_fields: frozenset[tuple[str, str]] = frozenset()
    removed_values: frozenset[tuple[str, str, str]] = frozenset()


@dataclass
class SchemaDiff:
    types_added: list[str] = field(default_factory=list)
    types_removed: list[Removal] = field(default_factory=list)
    types_changed: list[Change] = field(default_factory=list)
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[Removal] = field(default_factory=list)
    fields_changed: list[Change] = field(default_factory=list)
    values_added: list[str] = field(default_factory=list)
    values_removed: list[Removal] = field(default_factory=list)
    values_changed: list[Change] = field(default_factory=list)
    users_added: list[str] = field(default_factory=list)
    users_removed: list[str] = field(default_factory=list)
    users_changed: list[Change] = field(default_factory=list)
    stale_field_mappings: list[str] = field(default_factory=list)
    stale_enum_pairs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Values of added fields are not listed one by one (see _added_field) but counted here.
    values_of_added_fields: int = 0
    # Removals and weakenings held back until the removal confirmation (a SchemaDiff of them;
    # its fields_changed are the weakenings). None when there are none or they were applied.
    held: SchemaDiff | None = None
    # The imported types as they are applied: stated facts merged over the current ones.
    effective: dict[str, ImportedType] = field(default_factory=dict, repr=False)

    SECTIONS = (
        ("types_added", "Item types added"),
        ("types_removed", "Item types removed"),
        ("types_changed", "Item types changed"),
        ("fields_added", "Fields added"),
        ("fields_removed", "Fields removed"),
        ("fields_changed", "Fields changed"),
        ("values_added", "Enum values added"),
        ("values_removed", "Enum values removed"),
        ("values_changed", "Enum values changed"),
        ("users_added", "Users added"),
        ("users_removed", "Users removed"),
        ("users_changed", "Users changed"),
        ("stale_field_mappings", "Field mappings that go stale"),
        ("stale_enum_pairs", "Enum pairs that go stale"),
    )

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name, _ in self.SECTIONS)

    def summary(self) -> dict[str, int]:
        counts = {name: len(getattr(self, name)) for name, _ in self.SECTIONS}
        counts["values_added"] += self.values_of_added_fields
        return counts

    def sections(self):
        """(title, [line, ...]) for each non-empty section, for the preview and the command."""
        return [
            (title, [str(item) for item in getattr(self, name)])
            for name, title in self.SECTIONS
            if getattr(self, name)
        ]

    def headline(self) -> str:
        """The counts of what changed, naming only what did ("3 users added")."""
        counts = self.summary()
        parts = [
            _count(counts[name], noun) + " " + verb
            for name, noun, verb in (
                ("types_added", "item type", "added"),
                ("fields_added", "field", "added"),
                ("values_added", "enum value", "added"),
                ("users_added", "user", "added"),
                ("types_changed", "item type change", ""),
                ("fields_changed", "field change", ""),
                ("values_changed", "enum value change", ""),
                ("users_changed", "user change", ""),
                ("types_removed", "item type", "removed"),
                ("fields_removed", "field", "removed"),
                ("values_removed", "enum value", "removed"),
                ("users_removed", "user", "removed"),
            )
            if counts[name]
        ]
        return ", ".join(p.strip() for p in parts) or "no changes"

    def consequences(self) -> list[str]:
        """What held-back removals and weakenings would do, one sentence each ("92 fields would
        be marked removed; 3 field mappings use them")."""
        lines = []
        for name, noun in (
            ("types_removed", "item type"),
            ("fields_removed", "field"),
            ("values_removed", "enum value"),
        ):
            removals = getattr(self, name)
            if removals:
                users = sum(1 for r in removals if r.kept)
                line = f"{_count(len(removals), noun)} would be marked removed"
                lines.append(
                    f"{line}; {_count(users, noun)} of them still used by the plan"
                    if users
                    else f"{line}; nothing in the plan uses them"
                )
        if self.users_removed:
            lines.append(f"{_count(len(self.users_removed), 'user')} would be removed")
        if self.fields_changed:
            fields = {c.subject for c in self.fields_changed}
            lines.append(
                f"{_count(len(self.fields_changed), 'fact')} of {_count(len(fields), 'field')} would be weakened"
            )
        for items, noun in (
            (self.stale_field_mappings, "field mapping"),
            (self.stale_enum_pairs, "enum pair"),
        ):
            if items:
                lines.append(
                    f"{_count(len(items), noun)} {'uses' if len(items) == 1 else 'use'} them"
                )
        return lines

    def held_sections(self):
        """``sections()`` of a held-back diff, whose field changes are weakened facts."""
        return [
            ("Facts weakened" if title == "Fields changed" else title, items)
            for title, items in self.sections()
        ]

    def as_text(self, limit: int = 50) -> str:
        lines = []
        if self.is_empty and self.held is None:
            lines.append("No changes: the endpoint's schema already matches the documents.")
        for title, items in self.sections():
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {item}" for item in items[:limit])
            if len(items) > limit:
                lines.append(f"  … and {len(items) - limit} more")
        if self.held is not None:
            lines.append(
                "Held back until the removal confirmation ("
                + "; ".join(self.held.consequences())
                + "):"
            )
            for title, items in self.held.held_sections():
                lines.append(f"  {title} ({len(items)}):")
                lines.extend(f"    {item}" for item in items[:limit])
                if len(items) > limit:
                    lines.append(f"    … and {len(items) - limit} more")
        lines.extend(f"Warning: {w}" for w in self.warnings)
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _show(value) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    if value is None or value == "":
        return "–"
    return repr(value) if isinstance(value, str) else str(value)


def field_attributes(f: ImportedField) -> dict:
    attrs = {name: getattr(f, name) for name in FIELD_ATTRIBUTES}
    attrs["data_type"] = str(f.data_type)  # a DataType member or the database's plain text
    attrs["relationship_targets"] = tuple(f.relationship_targets)
    return attrs


def compute_diff(
    current: CurrentState,
    incoming: ImportedSchema,
    refs: References,
    *,
    confirm_removals: bool = False,
) -> SchemaDiff:
    diff = SchemaDiff(warnings=list(incoming.warnings))
    # Removals and weakenings land in ``held`` unless confirmed; ``held`` is shown apart.
    held = diff if confirm_removals else SchemaDiff()
    if incoming.types:
        _diff_types(diff, held, current, incoming, refs)
    if incoming.users:
        _diff_users(diff, held, current.schema, incoming)
    if held is not diff and not held.is_empty:
        diff.held = held
    return diff


def _weakens(name: str, before, after) -> bool:
    """True when ``after`` says less than ``before`` about fact ``name``."""
    if name in STRONG_WHEN_TRUE:
        return bool(before) and not after
    if name == "data_type":
        return str(before) != DataType.ADDON and str(after) == DataType.ADDON
    if name == "relationship_targets":
        return bool(before) and not after
    return False


def merge_field(old: ImportedField, new: ImportedField, confirm: bool):
    """(the field as applied, [(fact, before, after) weakenings]): the facts ``new`` states win,
    except a weakening, which keeps the old fact unless ``confirm``."""
    attrs, weakenings = {}, []
    old_attrs, new_attrs = field_attributes(old), field_attributes(new)
    # An enum with values, restated as plain text or number by a document that lists no values
    # (Azure DevOps types its picklists "string"), loses its values: a weakening too.
    unlisted_enum = (
        old.data_type in ENUM_TYPES
        and bool(old.values)
        and not (new.says("values") and new.values)
        and new.data_type not in ENUM_TYPES
    )
    for name in FIELD_ATTRIBUTES:
        value = old_attrs[name]
        if new.says(name):
            weakens = _weakens(name, old_attrs[name], new_attrs[name])
            if weakens or (name == "data_type" and unlisted_enum):
                weakenings.append((name, old_attrs[name], new_attrs[name]))
                if confirm:
                    value = new_attrs[name]
            else:
                value = new_attrs[name]
        attrs[name] = value
    if not confirm and any(name == "data_type" for name, _, _ in weakenings):
        attrs["addon_type"] = old_attrs["addon_type"]  # goes with the data type it names
    values = old.values
    if new.says("values"):
        if old.values and not new.values:
            weakenings.append(("values", len(old.values), 0))
            values = () if confirm else old.values
        else:
            values = new.values
            if not confirm:
                # Values the document no longer lists are held back: kept after the listed ones.
                listed = {v.label for v in new.values}
                values += tuple(v for v in old.values if v.label not in listed)
    attrs["data_type"] = DataType(attrs["data_type"])
    return replace(new, values=values, stated=None, **attrs), weakenings


def _diff_types(diff: SchemaDiff, held: SchemaDiff, current: CurrentState, incoming, refs):
    before = {t.key: t for t in current.schema.types}
    after = {t.key: t for t in incoming.types}
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            diff.types_added.append(key)
            for f in new.fields:
                diff.fields_added.append(_added_field(key, f))
                diff.values_of_added_fields += len(f.values)
            diff.effective[key] = replace(
                new, fields=tuple(replace(f, stated=None) for f in new.fields)
            )
            continue
        if key in current.removed_types:
            diff.types_changed.append(Change(key, "removed", True, False))
        if new.label != old.label:
            diff.types_changed.append(Change(key, "label", old.label, new.label))
        if new.states and new.states != old.states:
            diff.types_changed.append(Change(key, "states", old.states, new.states))
        if new.transitions and new.transitions != old.transitions:
            diff.types_changed.append(
                Change(key, "transitions", len(old.transitions), len(new.transitions))
            )
        fields = ()
        if new.fields_known:
            fields = _diff_fields(diff, held, current, key, old, new, refs)
        diff.effective[key] = replace(new, fields=fields)
    if not incoming.types_complete:
        return  # the documents do not list every type: the others stay as they are
    for key, old in before.items():
        if key in after:
            continue
        kept_fields = [_remove_field(held, current, key, f, refs) for f in old.fields]
        users = refs.types.get(key, ())
        if key in current.removed_types and not users and not any(kept_fields):
            held.types_removed.append(Removal(key, (key,), kept=False))
            continue
        if key in current.removed_types:
            continue  # already marked removed and still referred to: nothing changes
        kept = bool(users) or any(kept_fields)
        held.types_removed.append(
            Removal(
                key,
                (key,),
                kept=kept,
                referenced_by=users or (("fields still mapped",) if kept else ()),
            )
        )


def _diff_fields(
    diff, held, current: CurrentState, type_key: str, old: ImportedType, new: ImportedType, refs
) -> tuple[ImportedField, ...]:
    """Record the field changes of one listed type; returns its fields as applied."""
    confirm = held is diff
    before = {f.key: f for f in old.fields}
    after = {f.key: f for f in new.fields}
    effective = []
    for key, incoming in after.items():
        subject = f"{type_key} / {key}"
        previous = before.get(key)
        if previous is None:
            diff.fields_added.append(_added_field(type_key, incoming))
            diff.values_of_added_fields += len(incoming.values)
            effective.append(replace(incoming, stated=None))
            continue
        f, weakenings = merge_field(previous, incoming, confirm)
        effective.append(f)
        for name, was, now in weakenings:
            held.fields_changed.append(Change(subject, name, was, now))
        if (type_key, key) in current.removed_fields:
            diff.fields_changed.append(Change(subject, "removed", True, False))
        old_attrs, new_attrs = field_attributes(previous), field_attributes(f)
        weakened = {name for name, _, _ in weakenings}
        for name in FIELD_ATTRIBUTES:
            if old_attrs[name] != new_attrs[name] and name not in weakened:
                diff.fields_changed.append(Change(subject, name, old_attrs[name], new_attrs[name]))
        if previous.data_type != f.data_type:
            for mapping in refs.field_mappings.get((type_key, key), ()):
                diff.stale_field_mappings.append(
                    f"{mapping} (data type {previous.data_type} → {f.data_type})"
                )
        elif weakenings and not confirm:
            for mapping in refs.field_mappings.get((type_key, key), ()):
                held.stale_field_mappings.append(f"{mapping} (field {subject} weakened)")
        if incoming.says("values"):
            _diff_values(diff, held, current, type_key, previous, incoming, refs)
    if new.fields_complete:
        for key, f in before.items():
            if key not in after:
                _remove_field(held, current, type_key, f, refs)
    return tuple(effective)


def _added_field(type_key: str, f: ImportedField) -> str:
    # The values of an added field come with it: counted here rather than listed one by one.
    values = f", {len(f.values)} values" if f.values else ""
    return f"{type_key} / {f.key} ({f.data_type}{values})"


def _remove_field(diff, current: CurrentState, type_key: str, f: ImportedField, refs) -> bool:
    """Record that field ``f`` disappeared; True when it is kept (something refers to it)."""
    subject = f"{type_key} / {f.key}"
    users = refs.fields.get((type_key, f.key), ())
    already = (type_key, f.key) in current.removed_fields
    kept_values = [_remove_value(diff, current, type_key, f.key, v.label, refs) for v in f.values]
    kept = bool(users) or any(kept_values)
    if not already:
        diff.fields_removed.append(
            Removal(subject, (type_key, f.key), kept=kept, referenced_by=users)
        )
        for mapping in refs.field_mappings.get((type_key, f.key), ()):
            diff.stale_field_mappings.append(f"{mapping} (field {subject} removed)")
    elif not kept:
        diff.fields_removed.append(Removal(subject, (type_key, f.key), kept=False))
    return kept


def _diff_values(
    diff, held, current: CurrentState, type_key: str, old: ImportedField, new: ImportedField, refs
):
    before = {v.label: v for v in old.values}
    after = {v.label: v for v in new.values}
    for label, value in after.items():
        subject = f"{type_key} / {new.key} = {label}"
        previous = before.get(label)
        if previous is None:
            diff.values_added.append(subject)
            continue
        if (type_key, new.key, label) in current.removed_values:
            diff.values_changed.append(Change(subject, "removed", True, False))
        if previous.active != value.active:
            diff.values_changed.append(Change(subject, "active", previous.active, value.active))
    if not after and held is not diff:
        return  # an emptied value list is one weakening (merge_field), held as a whole
    for label in before.keys() - after.keys():
        _remove_value(held, current, type_key, new.key, label, refs)


def _remove_value(diff, current, type_key, field_key, label, refs) -> bool:
    subject = f"{type_key} / {field_key} = {label}"
    users = refs.values.get((type_key, field_key, label), ())
    already = (type_key, field_key, label) in current.removed_values
    if not already:
        diff.values_removed.append(
            Removal(subject, (type_key, field_key, label), kept=bool(users), referenced_by=users)
        )
        for pair in refs.enum_pairs.get((type_key, field_key, label), ()):
            diff.stale_enum_pairs.append(f"{pair} (value {subject} removed)")
    elif not users:
        diff.values_removed.append(Removal(subject, (type_key, field_key, label), kept=False))
    return bool(users)


def _diff_users(diff: SchemaDiff, held: SchemaDiff, current: ImportedSchema, incoming):
    before = {u.username: u for u in current.users}
    after = {u.username: u for u in incoming.users}
    for name, user in after.items():
        old = before.get(name)
        if old is None:
            diff.users_added.append(name)
            continue
        for attribute in ("full_name", "email", "account_id", "active"):
            if getattr(old, attribute) != getattr(user, attribute):
                diff.users_changed.append(
                    Change(
                        f"user {name}", attribute, getattr(old, attribute), getattr(user, attribute)
                    )
                )
    held.users_removed.extend(name for name in before if name not in after)
