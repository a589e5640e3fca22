"""What a wizard step's form shows: each input's value, and the hidden lock_version and "was"
value that let a save detect someone else's change (see services.Writer)."""

from __future__ import annotations

from dataclasses import dataclass, field

from connections.models import Direction, RelationshipResolution, Side

from .services import (
    CADENCE_UNITS,
    CUTOVER_SOURCES,
    EXISTING_SOURCES,
    INITIAL_LOAD_SCOPES,
    VOLUME_PERIODS,
    WizardState,
    _type_key,
    answer_fingerprint,
    form_value,
    rollout_topic_answered,
)
from .steps import ROLLOUT_KEYS, Step


@dataclass
class Guard:
    """The hidden inputs of one row: its lock_version and the value(s) the editor saw."""

    name: str
    lock: str
    was: dict[str, str] = field(default_factory=dict)


@dataclass
class Row:
    name: str
    label: str
    value: str
    guard: Guard
    choices: list[tuple[str, str]] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


class StepForm:
    def __init__(self, step: Step, state: WizardState, posted=None, fresh_guards=False):
        self.step = step
        self.state = state
        self.posted = posted
        # After a conflict the form keeps the editor's values but takes the current guards, so
        # saving again deliberately keeps theirs.
        self.posted_guards = posted if (posted is not None and not fresh_guards) else None
        self.guards: list[Guard] = []

    def value(self, name: str, current) -> str:
        if self.posted is not None:
            return self.posted.get(name, "")
        return form_value(current)

    def guard(self, name: str, lock, was: dict[str, str]) -> Guard:
        if self.posted_guards is not None and f"{name}-lock" in self.posted_guards:
            g = Guard(
                name,
                self.posted_guards.get(f"{name}-lock", ""),
                {k: self.posted_guards.get(f"{name}-was{'-' + k if k else ''}", "") for k in was},
            )
        else:
            g = Guard(name, "" if lock is None else str(lock), was)
        self.guards.append(g)
        return g

    def answer_guard(self, key: str) -> Guard:
        answer = self.state.answer(key)
        return self.guard(
            f"ans-{key}", answer.lock_version if answer else "", {"": answer_fingerprint(answer)}
        )

    # -- what each kind of step shows ---------------------------------------------------------

    def build(self) -> dict:
        kind = self.step.kind
        context = {"guards": self.guards}
        if kind == "rollout":
            context["rollout"] = self._rollout()
            return context
        answer = self.state.answer(self.step.key)
        self.answer_guard(self.step.key)
        context["text"] = self.value("text", answer.text if answer else "")
        if kind == "per_product":
            data = answer.data if answer else {}
            context["left"] = self.value("left", data.get("left", ""))
            context["right"] = self.value("right", data.get("right", ""))
        elif kind in ("per_type", "subsets"):
            context["rows"] = self._type_rows(self.step.attribute)
            if self.step.key == "product-roles":
                context["new_pair"] = {
                    "left": self.value("new_left", ""),
                    "right": self.value("new_right", ""),
                    "sor": self.value("new_sor", ""),
                }
        elif kind == "relationships":
            context["relationships"] = self._relationship_rows()
        elif kind == "existing":
            connection = self.state.connection
            self.guard(
                "connection",
                connection.lock_version,
                {"": form_value(connection.items_exist_in_both)},
            )
            context["items_exist"] = self.value("items_exist", connection.items_exist_in_both)
            context["source"] = self.value("source", (answer.data if answer else {}).get("source"))
            context["sources"] = list(EXISTING_SOURCES.items())
        return context

    def _type_rows(self, attribute: str) -> list[Row]:
        left, right = self.state.connection.left.name, self.state.connection.right.name
        choices = {
            "system_of_record": [
                ("", "Not decided"),
                (Side.LEFT, f"{left} records it"),
                (Side.RIGHT, f"{right} records it"),
            ],
            "direction": [
                (Direction.L2R, f"{left} creates items in {right}"),
                (Direction.R2L, f"{right} creates items in {left}"),
                (Direction.BOTH, "Both create items in each other"),
            ],
            "other_side_may_update": [("", "Not decided"), ("yes", "Yes"), ("no", "No")],
        }.get(attribute, [])
        rows = []
        for row in self.state.types:
            mapping = row.mapping
            name = f"tm-{mapping.pk}"
            current = getattr(mapping, attribute)
            rows.append(
                Row(
                    name=name,
                    label=row.label,
                    value=self.value(name, current),
                    guard=self.guard(name, mapping.lock_version, {"": form_value(current)}),
                    choices=choices,
                    extra={"mapping": mapping},
                )
            )
        return rows

    def _relationship_rows(self) -> list[Row]:
        rows = []
        for c in self.state.candidates:
            rule = c.rule
            was = {
                "resolution": form_value(rule.resolution if rule else ""),
                "rule": form_value(rule.rule if rule else ""),
                "target": form_value(rule.target_type_id if rule else None),
            }
            rows.append(
                Row(
                    name=c.name,
                    label=c.field.label,
                    value="on"
                    if (self.posted.get(f"{c.name}-on") if self.posted is not None else rule)
                    else "",
                    guard=self.guard(c.name, rule.lock_version if rule else "", was),
                    choices=list(RelationshipResolution.choices),
                    extra={
                        "candidate": c,
                        "resolution": self.value(
                            f"{c.name}-resolution",
                            rule.resolution if rule else c.suggestion_resolution,
                        ),
                        "rule": self.value(
                            f"{c.name}-rule", rule.rule if rule else c.suggestion_rule
                        ),
                        "target": self.value(
                            f"{c.name}-target",
                            rule.target_type_id
                            if rule
                            else (c.targets[0].pk if c.targets else None),
                        ),
                    },
                )
            )
        return rows

    def _rollout(self) -> dict:
        for key in ROLLOUT_KEYS:
            self.answer_guard(key)
        data = {
            key: (self.state.answer(key).data if self.state.answer(key) else {})
            for key in ROLLOUT_KEYS
        }
        text = {
            key: (self.state.answer(key).text if self.state.answer(key) else "")
            for key in ROLLOUT_KEYS
        }
        volumes = data["rollout-volumes"].get("types", {})
        volume_rows = []
        for row in self.state.types:
            name = f"vol-{row.mapping.pk}"
            saved = volumes.get(_type_key(row.mapping), {})
            volume_rows.append(
                {
                    "name": name,
                    "label": row.label,
                    "existing": self.value(f"{name}-existing", saved.get("existing")),
                    "new": self.value(f"{name}-new", saved.get("new")),
                    "period": self.value(f"{name}-period", saved.get("per", "month")),
                }
            )
        return {
            "cadence_every": self.value("cadence_every", data["rollout-cadence"].get("every")),
            "cadence_unit": self.value(
                "cadence_unit", data["rollout-cadence"].get("unit", "minutes")
            ),
            "cadence_text": self.value("cadence_text", text["rollout-cadence"]),
            "volumes": volume_rows,
            "volumes_text": self.value("volumes_text", text["rollout-volumes"]),
            "initial_scope": self.value("initial_scope", data["rollout-initial-load"].get("scope")),
            "initial_cutoff": self.value(
                "initial_cutoff", data["rollout-initial-load"].get("cutoff")
            ),
            "initial_text": self.value("initial_text", text["rollout-initial-load"]),
            "cutover_from": self.value("cutover_from", data["rollout-cutover"].get("from")),
            "cutover_text": self.value("cutover_text", text["rollout-cutover"]),
            "rollback_text": self.value("rollback_text", text["rollout-rollback"]),
            "units": list(CADENCE_UNITS.items()),
            "periods": list(VOLUME_PERIODS.items()),
            "scopes": list(INITIAL_LOAD_SCOPES.items()),
            "scopes_by_key": INITIAL_LOAD_SCOPES,
            "sources_by_key": CUTOVER_SOURCES,
            "sources": list(CUTOVER_SOURCES.items()),
            "answered": {
                key.removeprefix("rollout-"): rollout_topic_answered(key, self.state)
                for key in ROLLOUT_KEYS
            },
        }
