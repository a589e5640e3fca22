"""Reading and saving the use-case wizard's answers for one connection.

Structured answers write the plan itself (type mappings, the connection, relationship rules);
open answers go into UseCaseAnswer rows. Every save is one change through the write boundary
(``content_change``: one revision, one audit event). The wizard never keeps answers of its own:
it reads the current plan on every request, so a change made in the workspace (or a second tab)
shows up at once.

Concurrent edits: every input carries the row's ``lock_version`` and the value the editor saw
("was"). A row changed meanwhile only conflicts when the *same* value was changed by someone
else; then nothing is saved and the editor is told what the other value is.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db import IntegrityError, transaction
from django.db.models import Max

from connections.models import (
    Connection,
    Direction,
    ExistingItemMatching,
    Field,
    FieldMapping,
    ItemType,
    RelationshipResolution,
    RelationshipRule,
    Side,
    TypeMapping,
    flows,
)
from core.changes import action_name, content_change, record_change
from core.concurrency import save_if_current
from facts import subjects
from facts.datatypes import RELATIONSHIP_TYPES
from planner.models import UseCaseAnswer

from . import advice as advice_rules
from .steps import ROLLOUT_KEYS, STEPS, Step, is_real_answer

MAX_TEXT = 5000
YES_NO = {"yes": True, "no": False, "": None}
CADENCE_UNITS = {"minutes": "Minutes", "hours": "Hours", "days": "Days"}
VOLUME_PERIODS = {"day": "per day", "week": "per week", "month": "per month", "year": "per year"}
INITIAL_LOAD_SCOPES = {
    "all": "All existing items",
    "open": "Open (unresolved) items only",
    "since": "Items changed since a cut-off date",
    "none": "No initial load: only items created from go-live",
}
CUTOVER_SOURCES = {
    "new": "Nothing to replace: a new synchronization",
    "previous_tool": "Moving from another synchronization tool",
    "double_entry": "Replacing manual double entry",
}


class InvalidAnswer(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


class ConflictingEdit(Exception):
    def __init__(self, what: str, current):
        self.what = what
        self.current = current
        shown = "(empty)" if current in ("", None) else current
        super().__init__(
            f"{what} was changed by someone else since you opened this step (it is now "
            f"“{shown}”). Your entries are still in the form: save again to keep yours."
        )


def form_value(value) -> str:
    """How a stored value appears in a form (and in the hidden "was" input)."""
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def answer_fingerprint(answer: UseCaseAnswer | None) -> str:
    if answer is None:
        return ""
    return json.dumps({"text": answer.text, "data": answer.data}, sort_keys=True)


# ---------------------------------------------------------------------------------------------
# The current state of one connection, as the wizard shows it.


@dataclass
class TypeRow:
    mapping: TypeMapping
    label: str
    shares: tuple[float, float] = (0.0, 0.0)


@dataclass
class RelationshipCandidate:
    """A relationship field of a receiving type the team may say how to set."""

    type_row: TypeRow
    field: Field
    side: str
    targets: list[ItemType]
    rule: RelationshipRule | None
    suggestion_resolution: str
    suggestion_rule: str

    @property
    def name(self) -> str:
        return f"rel-{self.type_row.mapping.pk}-{self.field.pk}"


@dataclass
class WizardState:
    connection: Connection
    types: list[TypeRow]
    answers: dict[str, UseCaseAnswer]
    left_types: list[ItemType]
    right_types: list[ItemType]
    matching_count: int
    candidates: list[RelationshipCandidate] = field(default_factory=list)

    def answer(self, key: str) -> UseCaseAnswer | None:
        return self.answers.get(key)

    @cached_property
    def findings(self) -> list:
        """The validator's findings about this connection as it is now (for the advice)."""
        return advice_rules.connection_findings(self.connection)


def load_state(connection: Connection) -> WizardState:
    """The connection's answers as they are now (a fixed number of queries)."""
    # Re-read the connection itself too: a save earlier in this request may have changed it.
    connection = Connection.objects.select_related("left", "right").get(pk=connection.pk)
    mappings = list(
        TypeMapping.objects.filter(connection=connection).select_related("left_type", "right_type")
    )
    item_types = list(
        ItemType.objects.filter(endpoint_id__in=[connection.left_id, connection.right_id])
    )
    type_ids = {m.left_type_id for m in mappings} | {m.right_type_id for m in mappings}
    # USE-003 counts the non-system fields of each type and how many of them are mapped.
    countable_ids = defaultdict(set)
    for field_id, type_id in Field.objects.filter(
        item_type_id__in=type_ids, system_generated=False, removed=False
    ).values_list("id", "item_type_id"):
        countable_ids[type_id].add(field_id)
    mapped = defaultdict(lambda: (set(), set()))
    for tm_id, left_id, right_id in FieldMapping.objects.filter(
        type_mapping__connection=connection
    ).values_list("type_mapping_id", "left_field_id", "right_field_id"):
        if left_id:
            mapped[tm_id][0].add(left_id)
        if right_id:
            mapped[tm_id][1].add(right_id)

    def share(mapped_ids, type_id):
        countable = countable_ids[type_id]
        return len(mapped_ids & countable) / len(countable) if countable else 0.0

    rows = []
    for m in mappings:
        left_ids, right_ids = mapped[m.pk]
        shares = (share(left_ids, m.left_type_id), share(right_ids, m.right_type_id))
        rows.append(TypeRow(m, f"{m.left_type.label} ↔ {m.right_type.label}", shares))

    answers = {a.question: a for a in UseCaseAnswer.objects.filter(connection=connection)}
    state = WizardState(
        connection=connection,
        types=rows,
        answers=answers,
        left_types=[t for t in item_types if t.endpoint_id == connection.left_id],
        right_types=[t for t in item_types if t.endpoint_id == connection.right_id],
        matching_count=ExistingItemMatching.objects.filter(
            type_mapping__connection=connection
        ).count(),
    )
    return state


def load_relationship_candidates(state: WizardState) -> None:
    """Relationship fields of the types that receive items or values (two more queries)."""
    by_id = {t.pk: t for t in state.left_types + state.right_types}
    receiving = {}  # type id -> [(row, side)]
    for row in state.types:
        to_right, to_left = flows(row.mapping.direction)
        if to_right:
            receiving.setdefault(row.mapping.right_type_id, []).append((row, Side.RIGHT))
        if to_left:
            receiving.setdefault(row.mapping.left_type_id, []).append((row, Side.LEFT))
    fields = Field.objects.filter(
        item_type_id__in=receiving, data_type__in=RELATIONSHIP_TYPES, removed=False
    ).order_by("item_type_id", "position", "key")
    rules = {
        (r.type_mapping_id, r.field_id): r
        for r in RelationshipRule.objects.filter(type_mapping__connection=state.connection)
    }
    candidates = []
    for f in fields:
        if f.read_only or f.system_generated:
            continue
        owner = by_id[f.item_type_id]
        targets = [
            t
            for t in by_id.values()
            if t.endpoint_id == owner.endpoint_id and t.key in f.relationship_targets
        ]
        is_parent = owner.parent_field == f.key and owner.parent_type
        target_label = targets[0].label if targets else "related item"
        if is_parent and owner.date_window_fields:
            resolution = RelationshipResolution.BY_DATES
            suggestion = (
                f"Set {f.label} to the {target_label} whose dates contain the "
                f"{owner.label}'s dates; the {target_label} must exist first."
            )
        else:
            resolution = RelationshipResolution.LOOKUP
            suggestion = f"Look up the {target_label} synchronized with the one on the other side."
        for row, side in receiving[f.item_type_id]:
            candidates.append(
                RelationshipCandidate(
                    type_row=row,
                    field=f,
                    side=side,
                    targets=targets,
                    rule=rules.get((row.mapping.pk, f.pk)),
                    suggestion_resolution=resolution,
                    suggestion_rule=suggestion,
                )
            )
    state.candidates = candidates


# ---------------------------------------------------------------------------------------------
# Which steps count as answered (read from the plan as it is now).


def _type_attribute_answered(state: WizardState, attribute: str) -> bool:
    if not state.types:
        return False
    for row in state.types:
        value = getattr(row.mapping, attribute)
        if attribute == "creators" and not is_real_answer(value):
            return False
        if attribute == "other_side_may_update" and value is None:
            return False
        if attribute == "system_of_record" and not value:
            return False
    return True


def is_answered(step: Step, state: WizardState) -> bool:
    answer = state.answer(step.key)
    text = answer.text if answer else ""
    if step.kind == "per_product":
        data = answer.data if answer else {}
        return is_real_answer(data.get("left")) and is_real_answer(data.get("right"))
    if step.kind in ("text", "subsets", "relationships"):
        return is_real_answer(text)
    if step.kind == "per_type":
        if step.attribute == "direction":
            return bool(state.types) and answer is not None and answer.data.get("confirmed", False)
        return _type_attribute_answered(state, step.attribute)
    if step.kind == "existing":
        return state.connection.items_exist_in_both is not None
    if step.kind == "rollout":
        return all(rollout_topic_answered(key, state) for key in ROLLOUT_KEYS)
    return False


def rollout_topic_answered(key: str, state: WizardState) -> bool:
    answer = state.answer(key)
    if answer is None:
        return False
    data = answer.data or {}
    if key == "rollout-cadence":
        return bool(data.get("every")) and data.get("unit") in CADENCE_UNITS
    if key == "rollout-volumes":
        volumes = data.get("types", {})
        return bool(state.types) and all(
            volumes.get(_type_key(row.mapping), {}).get("new") is not None for row in state.types
        )
    if key == "rollout-initial-load":
        scope = data.get("scope")
        return scope in INITIAL_LOAD_SCOPES and (scope != "since" or bool(data.get("cutoff")))
    if key == "rollout-cutover":
        source = data.get("from")
        return source in CUTOVER_SOURCES and (source == "new" or is_real_answer(answer.text))
    return is_real_answer(answer.text)


def progress(state: WizardState) -> list[tuple[Step, bool]]:
    return [(s, is_answered(s, state)) for s in STEPS]


def _type_key(mapping: TypeMapping) -> str:
    return f"{mapping.left_type.key}->{mapping.right_type.key}"


def _type_subject(connection, mapping: TypeMapping) -> str:
    return subjects.type_mapping(connection.key, mapping.left_type.key, mapping.right_type.key)


# ---------------------------------------------------------------------------------------------
# Saving one step.


@dataclass
class Writer:
    """Collects the changes of one step save and records them once committed."""

    plan: object
    user: object
    connection: Connection
    changes: list[tuple[str, str, dict, dict]] = field(default_factory=list)

    def update(self, model, pk, lock: str, was: dict, new: dict, what: str, subject: str):
        """Write ``new`` field values on one row, refusing a change someone else made first."""
        obj = model.objects.select_for_update().filter(pk=pk).first()
        if obj is None:
            raise ConflictingEdit(what, "deleted")
        changed = {name: v for name, v in new.items() if getattr(obj, name) != v}
        if not changed:
            return
        if lock != "" and str(obj.lock_version) != lock:
            for name in changed:
                if form_value(getattr(obj, name)) != was.get(name, ""):
                    raise ConflictingEdit(what, form_value(getattr(obj, name)))
        before = {name: getattr(obj, name) for name in changed}
        for name, value in changed.items():
            setattr(obj, name, value)
        save_if_current(obj, obj.lock_version, list(changed))
        self.changes.append((action_name(model, "update"), subject, before, changed))

    def answer(self, key: str, text: str, data: dict, lock: str, was: str):
        """Write one UseCaseAnswer (created on first save)."""
        try:
            with transaction.atomic():
                obj, created = UseCaseAnswer.objects.get_or_create(
                    connection=self.connection,
                    question=key,
                    defaults={"text": text, "data": data, "answered_by": self.user},
                )
        except IntegrityError:  # created by a second tab at the same moment
            obj, created = (
                UseCaseAnswer.objects.get(connection=self.connection, question=key),
                False,
            )
        subject = subjects.use_case(self.connection.key, key)
        if created:
            self.changes.append(
                ("use_case_answer.create", subject, None, {"text": text, "data": data})
            )
            return
        obj = UseCaseAnswer.objects.select_for_update().get(pk=obj.pk)
        if obj.text == text and obj.data == data:
            return
        expected = str(obj.lock_version)
        if lock != expected and answer_fingerprint(obj) != was:
            raise ConflictingEdit(f"The answer “{key}”", obj.text or json.dumps(obj.data))
        before = {"text": obj.text, "data": obj.data}
        obj.text, obj.data, obj.answered_by = text, data, self.user
        save_if_current(obj, obj.lock_version, ["text", "data", "answered_by"])
        self.changes.append(
            ("use_case_answer.update", subject, before, {"text": text, "data": data})
        )

    def record(self):
        for action, subject, before, after in self.changes:
            record_change(
                self.plan, self.user, action, subject, _jsonable(before), _jsonable(after)
            )


def _jsonable(value):
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str))


def _text(post, name, errors, label, limit=MAX_TEXT) -> str:
    value = (post.get(name) or "").strip()
    if len(value) > limit:
        errors[name] = f"{label} is too long ({len(value)} characters; at most {limit})."
    return value


def save_step(state: WizardState, step: Step, post, *, plan, user) -> bool:
    """Validate and save the posted answer of ``step``. Raises InvalidAnswer (nothing saved) or
    ConflictingEdit (nothing saved). Returns whether anything changed."""
    saver = _SAVERS[step.kind]
    writer = Writer(plan=plan, user=user, connection=state.connection)
    subject = f"connections/{state.connection.key}/use-case/{step.key}"
    # One step save is one change: one revision, one audit event listing the rows it wrote.
    with content_change(plan, user, summary=("use_case.answer", subject)):
        saver(state, step, post, writer)
        writer.record()
    return bool(writer.changes)


def _answer_args(post, key):
    return post.get(f"ans-{key}-lock", ""), post.get(f"ans-{key}-was", "")


def _save_text(state, step, post, writer):
    errors = {}
    text = _text(post, "text", errors, "The answer")
    if errors:
        raise InvalidAnswer(errors)
    writer.answer(step.key, text, {}, *_answer_args(post, step.key))


def _save_per_product(state, step, post, writer):
    errors = {}
    left = _text(post, "left", errors, f"The answer for {state.connection.left.name}")
    right = _text(post, "right", errors, f"The answer for {state.connection.right.name}")
    if errors:
        raise InvalidAnswer(errors)
    # The text only reads as an answer once both products are described (USE-001).
    text = (
        f"{state.connection.left.name}: {left}\n{state.connection.right.name}: {right}"
        if is_real_answer(left) and is_real_answer(right)
        else ""
    )
    writer.answer(step.key, text, {"left": left, "right": right}, *_answer_args(post, step.key))


def _parse_type_value(attribute, raw, row, errors, name):
    if attribute == "system_of_record":
        if raw not in ("", *Side.values):
            errors[name] = f"Choose left, right or nothing for {row.label}."
        return raw
    if attribute == "direction":
        if raw not in Direction.values:
            errors[name] = f"Choose a direction for {row.label}."
        return raw
    if attribute == "other_side_may_update":
        if raw not in YES_NO:
            errors[name] = f"Answer yes or no for {row.label}."
        return YES_NO.get(raw)
    value = (raw or "").strip()
    if len(value) > MAX_TEXT:
        errors[name] = f"The answer for {row.label} is too long (at most {MAX_TEXT} characters)."
    return value


def _save_type_values(state, step, post, writer, attribute, errors):
    pending = []
    for row in state.types:
        name = f"tm-{row.mapping.pk}"
        if name not in post:
            continue  # a type mapping added elsewhere since the form was shown
        value = _parse_type_value(attribute, post.get(name, ""), row, errors, name)
        pending.append((row, name, value))
    return pending


def _write_type_values(state, pending, post, writer, attribute):
    for row, name, value in pending:
        writer.update(
            TypeMapping,
            row.mapping.pk,
            post.get(f"{name}-lock", ""),
            {attribute: post.get(f"{name}-was", "")},
            {attribute: value},
            f"{attribute.replace('_', ' ').capitalize()} of {row.label}",
            _type_subject(state.connection, row.mapping),
        )


def _save_per_type(state, step, post, writer):
    errors = {}
    pending = _save_type_values(state, step, post, writer, step.attribute, errors)
    notes = _text(post, "text", errors, "The notes")
    # Adding a type is an explicit act: an autosave (on every change) never adds one.
    adding = step.key == "product-roles" and post.get("nav") != "autosave"
    new_pair = _parse_new_pair(state, post, errors) if adding else None
    if errors:
        raise InvalidAnswer(errors)
    _write_type_values(state, pending, post, writer, step.attribute)
    if new_pair:
        _create_type_mapping(state, writer, *new_pair)
    writer.answer(step.key, notes, {"confirmed": True}, *_answer_args(post, step.key))


def _parse_new_pair(state, post, errors):
    left_id, right_id = post.get("new_left", ""), post.get("new_right", "")
    if not left_id and not right_id:
        return None
    left = next((t for t in state.left_types if str(t.pk) == left_id), None)
    right = next((t for t in state.right_types if str(t.pk) == right_id), None)
    if left is None or right is None:
        errors["new_pair"] = "To add a type, choose a type on each side."
        return None
    if any(
        r.mapping.left_type_id == left.pk and r.mapping.right_type_id == right.pk
        for r in state.types
    ):
        errors["new_pair"] = f"{left.label} ↔ {right.label} is already synchronized."
        return None
    sor = post.get("new_sor", "")
    if sor not in ("", *Side.values):
        errors["new_pair"] = "Choose which product records the new type."
        return None
    return left, right, sor


def _create_type_mapping(state, writer, left, right, sor):
    # The system of record creates the items: a new type flows away from it.
    direction = Direction.R2L if sor == Side.RIGHT else Direction.L2R
    position = (
        TypeMapping.objects.filter(connection=state.connection).aggregate(p=Max("position"))["p"]
        or 0
    ) + 1
    TypeMapping.objects.create(
        connection=state.connection,
        left_type=left,
        right_type=right,
        system_of_record=sor,
        direction=direction,
        position=position,
    )
    writer.changes.append(
        (
            "type_mapping.create",
            subjects.type_mapping(state.connection.key, left.key, right.key),
            None,
            {"system_of_record": sor, "direction": direction},
        )
    )


def _save_subsets(state, step, post, writer):
    errors = {}
    pending = _save_type_values(state, step, post, writer, "scope", errors)
    text = _text(post, "text", errors, "The answer")
    if errors:
        raise InvalidAnswer(errors)
    _write_type_values(state, pending, post, writer, "scope")
    writer.answer(step.key, text, {}, *_answer_args(post, step.key))


def _save_relationships(state, step, post, writer):
    load_relationship_candidates(state)
    errors = {}
    text = _text(post, "text", errors, "The answer")
    wanted = []
    for c in state.candidates:
        if f"{c.name}-shown" not in post:
            continue
        on = post.get(f"{c.name}-on") == "on"
        resolution = post.get(f"{c.name}-resolution", "")
        rule = (post.get(f"{c.name}-rule") or "").strip()
        target_id = post.get(f"{c.name}-target", "")
        target = next((t for t in c.targets if str(t.pk) == target_id), None)
        if on:
            if resolution not in RelationshipResolution.values:
                errors[f"{c.name}-resolution"] = f"Choose how {c.field.label} is set."
            if target_id and target is None:
                errors[f"{c.name}-target"] = f"Choose a type {c.field.label} points at."
            if len(rule) > MAX_TEXT:
                errors[f"{c.name}-rule"] = f"The rule for {c.field.label} is too long."
        wanted.append((c, on, resolution, rule or c.suggestion_rule, target))
    if errors:
        raise InvalidAnswer(errors)
    for c, on, resolution, rule, target in wanted:
        mapping = c.type_row.mapping
        subject = subjects.relationship_rule(
            state.connection.key, mapping.left_type.key, mapping.right_type.key, c.field.key
        )
        if on and c.rule is None:
            RelationshipRule.objects.create(
                type_mapping=c.type_row.mapping,
                field=c.field,
                target_type=target or (c.targets[0] if c.targets else None),
                resolution=resolution,
                rule=rule,
            )
            writer.changes.append(
                (
                    "relationship_rule.create",
                    subject,
                    None,
                    {"resolution": resolution, "rule": rule},
                )
            )
        elif on:
            writer.update(
                RelationshipRule,
                c.rule.pk,
                post.get(f"{c.name}-lock", ""),
                {
                    "resolution": post.get(f"{c.name}-was-resolution", ""),
                    "rule": post.get(f"{c.name}-was-rule", ""),
                    "target_type_id": post.get(f"{c.name}-was-target", ""),
                },
                {
                    "resolution": resolution,
                    "rule": rule,
                    "target_type_id": target.pk if target else None,
                },
                f"The relationship rule of {c.field.label}",
                subject,
            )
        elif c.rule is not None:
            before = {"resolution": c.rule.resolution, "rule": c.rule.rule}
            RelationshipRule.objects.filter(pk=c.rule.pk).delete()
            writer.changes.append(("relationship_rule.delete", subject, before, None))
    writer.answer(step.key, text, {}, *_answer_args(post, step.key))


EXISTING_SOURCES = {k: v for k, v in CUTOVER_SOURCES.items() if k != "new"}


def _save_existing(state, step, post, writer):
    errors = {}
    raw = post.get("items_exist", "")
    if raw not in YES_NO:
        errors["items_exist"] = "Answer yes or no."
    source = post.get("source", "")
    if source not in ("", *EXISTING_SOURCES):
        errors["source"] = "Choose where the existing items come from."
    text = _text(post, "text", errors, "The answer")
    if errors:
        raise InvalidAnswer(errors)
    connection = state.connection
    writer.update(
        Connection,
        connection.pk,
        post.get("connection-lock", ""),
        {"items_exist_in_both": post.get("connection-was", "")},
        {"items_exist_in_both": YES_NO[raw]},
        "Whether items already exist in both products",
        subjects.connection(connection.key),
    )
    writer.answer(step.key, text, {"source": source}, *_answer_args(post, step.key))


def _parse_int(post, name, errors, label, minimum=0, maximum=10**9):
    raw = (post.get(name) or "").strip()
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        errors[name] = f"{label} must be a whole number."
        return None
    if not minimum <= value <= maximum:
        errors[name] = f"{label} must be between {minimum} and {maximum}."
        return None
    return value


def _save_rollout(state, step, post, writer):
    errors = {}
    every = _parse_int(post, "cadence_every", errors, "The sync interval", 1, 100000)
    unit = post.get("cadence_unit", "")
    if unit not in ("", *CADENCE_UNITS):
        errors["cadence_unit"] = "Choose minutes, hours or days."
    cadence_text = _text(post, "cadence_text", errors, "The cadence notes")

    volumes = {}
    for row in state.types:
        name = f"vol-{row.mapping.pk}"
        if f"{name}-shown" not in post:
            continue
        existing = _parse_int(post, f"{name}-existing", errors, f"Existing items of {row.label}")
        new = _parse_int(post, f"{name}-new", errors, f"New items of {row.label}")
        period = post.get(f"{name}-period", "month")
        if period not in VOLUME_PERIODS:
            errors[f"{name}-period"] = f"Choose a period for {row.label}."
        volumes[_type_key(row.mapping)] = {"existing": existing, "new": new, "per": period}
    volumes_text = _text(post, "volumes_text", errors, "The volume notes")

    scope = post.get("initial_scope", "")
    if scope not in ("", *INITIAL_LOAD_SCOPES):
        errors["initial_scope"] = "Choose the initial-load scope."
    cutoff = (post.get("initial_cutoff") or "").strip()
    if cutoff:
        try:
            datetime.date.fromisoformat(cutoff)
        except ValueError:
            errors["initial_cutoff"] = "Give the cut-off date as YYYY-MM-DD."
    if scope == "since" and not cutoff:
        errors["initial_cutoff"] = "A cut-off date is needed for “changed since a cut-off date”."
    initial_text = _text(post, "initial_text", errors, "The initial-load notes")

    source = post.get("cutover_from", "")
    if source not in ("", *CUTOVER_SOURCES):
        errors["cutover_from"] = "Choose what the connection replaces."
    cutover_text = _text(post, "cutover_text", errors, "The cutover plan")
    rollback_text = _text(post, "rollback_text", errors, "The rollback plan")
    if errors:
        raise InvalidAnswer(errors)

    topics = {
        "rollout-cadence": (cadence_text, {"every": every, "unit": unit}),
        "rollout-volumes": (volumes_text, {"types": volumes}),
        "rollout-initial-load": (initial_text, {"scope": scope, "cutoff": cutoff}),
        "rollout-cutover": (cutover_text, {"from": source}),
        "rollout-rollback": (rollback_text, {}),
    }
    for key, (text, data) in topics.items():
        writer.answer(key, text, data, *_answer_args(post, key))


_SAVERS = {
    "text": _save_text,
    "per_product": _save_per_product,
    "per_type": _save_per_type,
    "subsets": _save_subsets,
    "relationships": _save_relationships,
    "existing": _save_existing,
    "rollout": _save_rollout,
}
