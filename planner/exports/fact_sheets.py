"""Worksheet sheets for the facts the seed asks a worksheet to capture beyond the mappings:
projects and project pairs, endpoint behaviour, workflows, field facts and the coverage of
required fields on the creating sides (issue 15, point 2).

Each sheet reads the plan snapshot only; coverage comes from facts.coverage, the one
home the FLD rules and the field workspace also ask.
"""

from __future__ import annotations

from collections.abc import Iterator

from facts import coverage
from planner.document.snapshot import PlanSnapshot

from .sheets import (
    REPRESENTATION_WORDS,
    Column,
    Sheet,
    _yes_no,
    connection_named,
    named,
    type_mapping_named,
    type_named,
)
from .words import data_type_words, product_words

COVERED_WORDS = {
    coverage.SET_BY_TOOL: "set by the sync tool",
    coverage.MAPPED: "mapped",
    coverage.CALCULATED: "calculated value",
    coverage.RELATIONSHIP_RULE: "relationship rule",
    coverage.CONSTRAINT: "data-model constraint (see Relationships & existing items)",
    coverage.DEFAULT: "product default",
    coverage.MISSING: "uncovered",
}


def _endpoint_name(s: PlanSnapshot, key: str) -> str:
    e = s.endpoint(key)
    return e.name if e is not None else key


PROJECT_COLUMNS = [
    Column("Connection", 16), Column("Connection name", 28), Column("Kind", 26),
    Column("Left endpoint", 18), Column("Left project", 28),
    Column("Right endpoint", 18), Column("Right project", 28),
]  # fmt: skip


def _project(endpoint, key: str) -> str:
    project = next((p for p in endpoint.projects if p.key == key), None) if endpoint else None
    return f"{project.name} ({key})" if project and project.name and project.name != key else key


def project_rows(s: PlanSnapshot) -> Iterator[list]:
    for c in s.connections:
        left, right = s.endpoint(c.left), s.endpoint(c.right)
        lname, rname = _endpoint_name(s, c.left), _endpoint_name(s, c.right)
        name = c.name or "(no name)"
        for lkey, rkey in c.project_pairs:
            yield [c.key, name, "project pair", lname, _project(left, lkey),
                   rname, _project(right, rkey)]  # fmt: skip
        if not c.project_pairs:
            yield [c.key, name, "no project pairs recorded", lname, "", rname, ""]
        # The endpoints' other projects: what the connection leaves out is a decision too.
        paired = ({p[0] for p in c.project_pairs}, {p[1] for p in c.project_pairs})
        for index, endpoint in enumerate((left, right)):
            for p in endpoint.projects if endpoint else ():
                if p.key in paired[index]:
                    continue
                cells = (
                    [_project(endpoint, p.key), ""]
                    if index == 0
                    else ["", _project(endpoint, p.key)]
                )
                yield [c.key, name, "project not paired", lname, cells[0], rname, cells[1]]


ENDPOINT_COLUMNS = [
    Column("Endpoint", 14), Column("Name", 22), Column("Product", 14),
    Column("User representation", 16), Column("Impersonation", 12),
    Column("API enforces workflow", 12), Column("Integration account can override", 14),
    Column("Integration account", 24), Column("Authentication", 16), Column("Role", 18),
    Column("Permissions", 40),
]  # fmt: skip


def endpoint_rows(s: PlanSnapshot) -> Iterator[list]:
    for e in s.endpoints:
        yield [
            e.key, e.name, product_words(e.product),
            REPRESENTATION_WORDS.get(e.user_representation, e.user_representation),
            "allowed" if e.allows_impersonation else "not allowed",
            _yes_no(e.api_enforces_workflow), _yes_no(e.integration_can_override_workflow),
            e.integration_account or "not recorded", e.auth_method or "not recorded",
            e.account_role or "not recorded", e.account_permissions or "not recorded",
        ]  # fmt: skip


WORKFLOW_COLUMNS = [
    Column("Endpoint", 14), Column("Type", 22), Column("State field", 24),
    Column("States", 50), Column("Transitions", 60),
]  # fmt: skip


def workflow_rows(s: PlanSnapshot) -> Iterator[list]:
    for e in s.endpoints:
        for t in e.types:
            if not (t.workflow_state_field or t.states or t.transitions):
                continue
            transitions = "; ".join(f"{a} → {b}" for a, b in t.transitions)
            yield [e.name, type_named(t, t.key), named(t, t.workflow_state_field),
                   ", ".join(t.states), transitions or "any state to any (none recorded)"]  # fmt: skip


FIELD_FACT_COLUMNS = [
    Column("Endpoint", 14), Column("Type", 22), Column("Field", 32), Column("Data type", 12),
    Column("Required", 9), Column("Read-only", 9), Column("Editable on create only", 10),
    Column("System-generated", 10), Column("Set by the sync tool", 10),
    Column("Product default", 18), Column("Multi-valued", 9),
    Column("Relationship target types", 22), Column("Add-on or unsupported type", 24),
    Column("Max length", 9),
]  # fmt: skip


def _mapped_types(s: PlanSnapshot) -> Iterator[tuple]:
    """(endpoint, item type) of each type some type mapping names, each once, in plan order:
    the fields the plan works with (a catalog type nobody maps would only pad the sheet)."""
    seen = set()
    for c in s.connections:
        for tm in c.type_mappings:
            for side_key, type_key in ((c.left, tm.left_type), (c.right, tm.right_type)):
                endpoint = s.endpoint(side_key)
                item_type = endpoint.type(type_key) if endpoint else None
                if item_type is not None and (side_key, type_key) not in seen:
                    seen.add((side_key, type_key))
                    yield endpoint, item_type


def field_fact_rows(s: PlanSnapshot) -> Iterator[list]:
    for endpoint, t in _mapped_types(s):
        for f in t.fields:
            default = (f.default_value or "yes (value not recorded)") if f.has_default else ""
            odd = f.addon_type or ("unsupported" if f.not_supported else "")
            if odd and f.not_supported and f.addon_type:
                odd = f"unsupported add-on: {f.addon_type}"
            yield [
                endpoint.name, type_named(t, t.key), named(t, f.key), data_type_words(f.data_type),
                _yes_no(f.required), _yes_no(f.read_only), _yes_no(f.create_only),
                _yes_no(f.system_generated), _yes_no(f.set_by_sync_tool), default,
                _yes_no(f.multi_valued),
                ", ".join(type_named(endpoint.type(k), k) for k in f.relationship_targets), odd,
                f.max_length if f.max_length is not None else "",
            ]  # fmt: skip


REQUIRED_COLUMNS = [
    Column("Connection", 16), Column("Type mapping", 22), Column("Creating side", 16),
    Column("Type", 22), Column("Required field", 32), Column("Covered by", 24),
]  # fmt: skip


def required_rows(s: PlanSnapshot) -> Iterator[list]:
    for c in s.connections:
        left, right = s.endpoint(c.left), s.endpoint(c.right)
        for tm in c.type_mappings:
            lt = left.type(tm.left_type) if left else None
            rt = right.type(tm.right_type) if right else None
            found = coverage.required_fields(
                tm.direction, lt, rt,
                lt.fields if lt else (), rt.fields if rt else (),
                [(fm.left_field, fm.right_field) for fm in tm.field_mappings],
                [(r.side, r.field) for r in tm.relationship_rules],
            )  # fmt: skip
            for r in found:
                t = lt if r.side == "left" else rt
                yield [connection_named(c), type_mapping_named(s, c, tm), _endpoint_name(s, getattr(c, r.side)),
                       type_named(t, t.key), named(t, r.field.key),
                       COVERED_WORDS[r.covered_by]]  # fmt: skip


def fact_sheets(s: PlanSnapshot) -> list[Sheet]:
    return [
        Sheet("Projects", PROJECT_COLUMNS, project_rows(s)),
        Sheet("Endpoints", ENDPOINT_COLUMNS, endpoint_rows(s)),
        Sheet("Workflows", WORKFLOW_COLUMNS, workflow_rows(s)),
        Sheet("Field facts", FIELD_FACT_COLUMNS, field_fact_rows(s)),
        Sheet("Required fields", REQUIRED_COLUMNS, required_rows(s)),
    ]
