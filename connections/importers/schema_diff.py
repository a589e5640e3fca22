"""What a (re-)import would change in an endpoint's schema, computed before anything is applied.

Pure: takes the endpoint's current schema (as an ``ImportedSchema`` plus what is already marked
removed), the imported schema and what the plan's mappings refer to, and returns a
``SchemaDiff``. The import service shows it as the preview and applies exactly it.

Rules:
- An import replaces the parts it carries: item types when it has any, users when it has any.
  A type listed without its fields (``fields_known=False``) keeps its fields; states and
  transitions change only when the import carries them.
- A type, field or enum value that disappeared is *kept and marked removed* while a mapping,
  enum pair, relationship rule or existing-item matching refers to it (FLD-012 / ENM-003 then
  report it), and deleted otherwise.
- A field mapping goes stale when one of its fields disappears or changes data type; an enum
  pair when one of its values disappears.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .schema import ImportedField, ImportedSchema, ImportedType

FIELD_ATTRIBUTES = (
    "label",
    "data_type",
    "required",
    "read_only",
    "system_generated",
    "has_default",
    "default_value",
    "relationship_targets",
    "max_length",
    "addon_type",
)


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

    def as_text(self, limit: int = 50) -> str:
        if self.is_empty:
            return "No changes: the endpoint's schema already matches the documents."
        lines = []
        for title, items in self.sections():
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {item}" for item in items[:limit])
            if len(items) > limit:
                lines.append(f"  … and {len(items) - limit} more")
        lines.extend(f"Warning: {w}" for w in self.warnings)
        return "\n".join(lines)


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


def compute_diff(current: CurrentState, incoming: ImportedSchema, refs: References) -> SchemaDiff:
    diff = SchemaDiff(warnings=list(incoming.warnings))
    if incoming.types:
        _diff_types(diff, current, incoming, refs)
    if incoming.users:
        _diff_users(diff, current.schema, incoming)
    return diff


def _diff_types(diff: SchemaDiff, current: CurrentState, incoming: ImportedSchema, refs):
    before = {t.key: t for t in current.schema.types}
    after = {t.key: t for t in incoming.types}
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            diff.types_added.append(key)
            for f in new.fields:
                diff.fields_added.append(_added_field(key, f))
                diff.values_of_added_fields += len(f.values)
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
        if new.fields_known:
            _diff_fields(diff, current, key, old, new, refs)
    for key, old in before.items():
        if key in after:
            continue
        kept_fields = [_remove_field(diff, current, key, f, refs) for f in old.fields]
        users = refs.types.get(key, ())
        if key in current.removed_types and not users and not any(kept_fields):
            diff.types_removed.append(Removal(key, (key,), kept=False))
            continue
        if key in current.removed_types:
            continue  # already marked removed and still referred to: nothing changes
        kept = bool(users) or any(kept_fields)
        diff.types_removed.append(
            Removal(
                key,
                (key,),
                kept=kept,
                referenced_by=users or (("fields still mapped",) if kept else ()),
            )
        )


def _diff_fields(
    diff, current: CurrentState, type_key: str, old: ImportedType, new: ImportedType, refs
):
    before = {f.key: f for f in old.fields}
    after = {f.key: f for f in new.fields}
    for key, f in after.items():
        subject = f"{type_key} / {key}"
        previous = before.get(key)
        if previous is None:
            diff.fields_added.append(_added_field(type_key, f))
            diff.values_of_added_fields += len(f.values)
            continue
        if (type_key, key) in current.removed_fields:
            diff.fields_changed.append(Change(subject, "removed", True, False))
        old_attrs, new_attrs = field_attributes(previous), field_attributes(f)
        for name in FIELD_ATTRIBUTES:
            if old_attrs[name] != new_attrs[name]:
                diff.fields_changed.append(Change(subject, name, old_attrs[name], new_attrs[name]))
        if previous.data_type != f.data_type:
            for mapping in refs.field_mappings.get((type_key, key), ()):
                diff.stale_field_mappings.append(
                    f"{mapping} (data type {previous.data_type.value} → {f.data_type.value})"
                )
        _diff_values(diff, current, type_key, previous, f, refs)
    for key, f in before.items():
        if key not in after:
            _remove_field(diff, current, type_key, f, refs)


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
    diff, current: CurrentState, type_key: str, old: ImportedField, new: ImportedField, refs
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
    for label in before.keys() - after.keys():
        _remove_value(diff, current, type_key, new.key, label, refs)


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


def _diff_users(diff: SchemaDiff, current: ImportedSchema, incoming: ImportedSchema):
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
    diff.users_removed.extend(name for name in before if name not in after)
