"""USE: use case definition ("Types to synchronize", "In summary")."""

from __future__ import annotations

from planner.wizard.questions import unanswered

from ..context import names
from ..findings import ERROR, INFO, WARNING, FindingResult, connection_subject

SYNC_EVERYTHING_SHARE = 0.6


def use_case_questions(snapshot, ctx):
    """USE-001: a use-case question of a connection is unanswered."""
    for connection in snapshot.connections:
        missing = unanswered(connection)
        # One finding per cause: a type mapping without a system of record is reported by
        # USE-002 on that type mapping; product roles count as unanswered here only when the
        # connection has no type mapping at all.
        if connection.type_mappings:
            missing = [q for q in missing if q.key != "product-roles"]
        if missing:
            yield FindingResult(
                "USE-001",
                ERROR,
                connection_subject(connection.key),
                f"The use case of connection {connection.name or connection.key} is not "
                f"clearly defined: {len(missing)} question{'s are' if len(missing) > 1 else ' is'}"
                f" unanswered ({names([q.title for q in missing], limit=9)}).",
                "Answer every use-case question in the wizard; if the use case is not clearly "
                "defined, do not set up a connection.",
            )


def system_of_record(snapshot, ctx):
    """USE-002: a synchronized type has no system of record."""
    for tmv in ctx.type_mappings:
        if not tmv.tm.system_of_record:
            yield FindingResult(
                "USE-002",
                WARNING,
                tmv.subject,
                f"No system of record is declared for {tmv.pair()}: which product creates and "
                "owns these items?",
                "Declare which product records and stores the type (the type mapping's system "
                "of record).",
            )


def _chosen(item_type):
    """The fields a team chooses to map: not system-generated, and neither required nor named by
    a data-model constraint. Those must be set when items are created (FLD-007, REL-002), so
    mapping them is not "synchronizing everything", and on a small type such as the ALM Octane
    sprint USE-003 would otherwise ask to map less what REL-002 asks to map."""
    constrained = {item_type.parent_field, *item_type.date_window_fields}
    return [
        f
        for f in item_type.fields
        if not f.system_generated and not f.removed and not f.required and f.key not in constrained
    ]


def sync_everything(snapshot, ctx):
    """USE-003: most fields of a type, or every type of both endpoints, are mapped."""
    for tmv in ctx.type_mappings:
        views = ctx.views_of(tmv)
        for side in ("left", "right"):
            item_type = tmv.item_type(side)
            if item_type is None:
                continue
            candidates = ctx.memo.get(("chosen", id(item_type)))
            if candidates is None:
                candidates = {f.key for f in _chosen(item_type)}
                ctx.memo[("chosen", id(item_type))] = candidates
            mapped = {mv.side(side).field_key for mv in views} & candidates
            if candidates and len(mapped) > SYNC_EVERYTHING_SHARE * len(candidates):
                yield FindingResult(
                    "USE-003",
                    WARNING,
                    tmv.subject,
                    f"{len(mapped)} of the {len(candidates)} optional fields of "
                    f"{tmv.where(side)} are mapped (more than {SYNC_EVERYTHING_SHARE:.0%}): this "
                    "looks like synchronizing everything. Avoid synchronizing all fields and "
                    "types.",
                    "Start with a basic use case and the fields the other team needs; expand it "
                    "as needed.",
                )
                break
    for connection in snapshot.connections:
        left, right = snapshot.endpoint(connection.left), snapshot.endpoint(connection.right)
        left_types = {t.key for t in left.types if not t.removed}
        right_types = {t.key for t in right.types if not t.removed}
        if len(left_types) <= 2 or len(right_types) <= 2:
            continue
        mapped_left = {tm.left_type for tm in connection.type_mappings}
        mapped_right = {tm.right_type for tm in connection.type_mappings}
        if left_types <= mapped_left and right_types <= mapped_right:
            yield FindingResult(
                "USE-003",
                WARNING,
                connection_subject(connection.key),
                f"Connection {connection.name or connection.key} maps every type of {left.name} "
                f"({len(left_types)}) and of {right.name} ({len(right_types)}). Avoid "
                "synchronizing all fields and types.",
                "Start with the types the teams really share; expand the use case as needed.",
            )


def existing_items(snapshot, ctx):
    """USE-004 (items exist in both, a type mapping has no matching rule) and USE-005 (matching
    configured). Judged per type mapping: a matching for defects does not find existing
    requirements."""
    for connection in snapshot.connections:
        matched = [
            tmv.name for tmv in ctx.type_mappings_of(connection) if tmv.tm.existing_item_matchings
        ]
        if matched:
            yield FindingResult(
                "USE-005",
                INFO,
                connection_subject(connection.key),
                f"Existing-item matching is configured for {names(matched)}.",
                "Validate the matching configuration in a test environment before production.",
            )
    for tmv in ctx.type_mappings:
        if not tmv.connection.items_exist_in_both or tmv.tm.existing_item_matchings:
            continue
        yield FindingResult(
            "USE-004",
            ERROR,
            tmv.subject,
            f"The team says items already exist in both {tmv.left_endpoint.name} and "
            f"{tmv.right_endpoint.name}, but {tmv.pair()} has no existing-item matching: "
            "every existing item of the type would be created again, and duplicates will be "
            "created.",
            "Add an existing-item matching to this type mapping (which fields identify the same "
            "item on both sides), and validate it in a test environment first.",
        )


def scope(snapshot, ctx):
    """USE-006: a type mapping with no projects and no filter."""
    for tmv in ctx.type_mappings:
        if tmv.tm.scope.strip() or tmv.connection.project_pairs:
            continue
        yield FindingResult(
            "USE-006",
            WARNING,
            tmv.subject,
            f"{tmv.pair()} has no scope: no projects and no filter say which items take "
            "part, so every item of the type syncs.",
            "Pair the projects of the connection or give the type mapping a filter / sync "
            "criteria.",
        )


def permissions(snapshot, ctx):
    """USE-007: a field flows into the system of record although the other side may not
    update it."""
    for mv in ctx.mappings:
        tm = mv.tm
        if mv.stale or not tm.system_of_record or tm.other_side_may_update is not False:
            continue
        if mv.fm.on_creation_only or not mv.flows_into(tm.system_of_record):
            continue
        owner = tm.system_of_record
        other = "left" if owner == "right" else "right"
        yield FindingResult(
            "USE-007",
            WARNING,
            mv.subject,
            f"{mv.describe(owner)} is updated from {mv.tmv.where(other)}, but "
            f"{mv.tmv.endpoint(owner).name} is the system of record and the use case says users "
            f"of {mv.tmv.endpoint(other).name} may not update this information.",
            "Make the mapping one-way into the other product, or revise the agreed permissions.",
        )


RULES = (use_case_questions, system_of_record, sync_everything, existing_items, scope,
         permissions)  # fmt: skip
