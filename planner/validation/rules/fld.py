"""FLD: fields ("Fields to synchronize", "Choosing the field types", "Choosing the fields")."""

from __future__ import annotations

from facts import compat, coverage
from facts.datatypes import Compat, DataType
from facts.direction import BOTH, flows
from facts.direction import LABELS as DIRECTION_LABELS

from ..context import names
from ..findings import ERROR, INFO, WARNING, FindingResult, arrow, field_mapping_subject

_TEXT_TYPES = {DataType.STRING, DataType.TEXT, DataType.RICH_TEXT}

# The login-protected page rendering the compatibility matrix (connections:data_types); the
# findings page links it, the worksheet and print view show the path.
DATA_TYPES_PAGE = "/data-types/"

FLD_006_FIX = (
    "Do not map the system-generated field itself: create a custom text field on each side and "
    "map each product's ID (or time stamp) one way into the other product's custom field."
)


def _live(ctx):
    """Field mappings whose fields exist (a stale mapping is reported only by FLD-012)."""
    return ctx.live_mappings


def _is_impersonation_case(mv, side: str) -> bool:
    """A creator/modifier user field as target: judged by USR-003 alone (one finding per
    cause)."""
    f = mv.side(side).field
    return f is not None and f.is_user and not f.user_settable


def write_targets(snapshot, ctx):
    """FLD-005 / FLD-006 / FLD-009: writing into read-only or system-generated fields."""
    for mv in _live(ctx):
        receivers = [
            s for s in mv.receiving_sides(effective=False) if not _is_impersonation_case(mv, s)
        ]
        if not receivers:
            continue
        if mv.fm.is_calculated:
            side = receivers[0]
            target = mv.side(side).field
            if target.system_generated:
                yield _fld006(
                    mv,
                    f"the calculated value writes {mv.describe(side)}, which the product generates itself",
                )
            elif target.read_only:
                yield _fld005(mv, side)
            continue
        left, right = mv.left.field, mv.right.field
        if not left.writable and not right.writable:
            yield _fld006(
                mv,
                f"{mv.describe('left')} and {mv.describe('right')} are both read-only or "
                "system-generated, so neither side can be written",
            )
            continue
        locked = next((s for s in receivers if not mv.side(s).field.writable), None)
        if locked is None:
            continue
        if mv.declared == BOTH and len(receivers) == 2:
            yield FindingResult(
                "FLD-009",
                WARNING,
                mv.subject,
                f"The mapping {mv.describe('left')} ↔ {mv.describe('right')} is declared both "
                f"ways, but {mv.describe(locked)} is "
                f"{'system-generated' if mv.side(locked).field.system_generated else 'read-only'}: "
                f"the effective direction is {DIRECTION_LABELS[mv.effective]}.",
                f"Set the mapping's direction to {DIRECTION_LABELS[mv.effective]} so the plan "
                "says what will really happen.",
            )
            continue
        for side in receivers:
            target = mv.side(side).field
            if target.system_generated:
                yield _fld006(
                    mv,
                    f"the mapping writes {mv.describe(side)}, which the product generates itself",
                )
            elif target.read_only:
                yield _fld005(mv, side)


def create_only_targets(snapshot, ctx):
    """FLD-005 for the update direction: a field editable on create only is read-only once the
    item exists, so a mapping that also updates it fails on every later change."""
    for mv in _live(ctx):
        if mv.fm.on_creation_only:
            continue
        for side in mv.receiving_sides(effective=False):
            target = mv.side(side).field
            if target.create_only and target.writable and not _is_immutable_parent(mv, side):
                yield _fld005(mv, side, create_only=True)


def _is_immutable_parent(mv, side: str) -> bool:
    """The parent of a data-model constraint: REL-003 is the finding (one finding per cause)."""
    item_type = mv.side(side).item_type
    return bool(
        item_type is not None
        and item_type.parent_immutable
        and item_type.parent_field == mv.side(side).field_key
    )


def _fld005(mv, side, create_only=False):
    if create_only:
        return FindingResult(
            "FLD-005",
            ERROR,
            mv.subject,
            f"The mapping updates {mv.describe(side)}, which is editable on create only: once "
            "the item exists the field is read-only, so every later update of it fails.",
            "Mark the mapping “on creation only”, or map into a field that can be updated.",
        )
    return FindingResult(
        "FLD-005",
        ERROR,
        mv.subject,
        f"The mapping writes {mv.describe(side)}, which is read-only: this information is "
        "reported by the endpoint product itself.",
        "Reverse the mapping's direction so the read-only field is only read, or map into a "
        "writable field instead.",
    )


def _fld006(mv, why):
    return FindingResult("FLD-006", ERROR, mv.subject, f"Cannot synchronize: {why}.", FLD_006_FIX)


def _length_risk(source, target) -> str:
    if (
        source.data_type in _TEXT_TYPES
        and target.data_type in _TEXT_TYPES
        and target.max_length
        and (source.max_length is None or source.max_length > target.max_length)
        and source.data_type == target.data_type
    ):
        size = f"up to {source.max_length}" if source.max_length else "of unlimited"
        return (
            f"values {size} characters into a field of at most {target.max_length} may be truncated"
        )
    if (
        source.data_type == DataType.FLOAT == target.data_type
        and source.precision is not None
        and target.precision is not None
        and source.precision > target.precision
    ):
        return f"{source.precision} decimals into a field of {target.precision} lose precision"
    return ""


def data_types(snapshot, ctx):
    """FLD-001 (incompatible) and FLD-002 (fragile), decided by the compatibility matrix in
    facts/datatypes.py for the directions values really flow (the effective direction)."""
    for mv in _live(ctx):
        if mv.fm.is_calculated:
            continue
        l2r, r2l = flows(mv.effective)
        left, right = mv.left.field, mv.right.field
        worst = compat.of_pair(left.data_type, right.data_type, mv.effective)
        sized = left.max_length or right.max_length or left.precision or right.precision
        if worst.level is Compat.OK and not sized:
            continue  # nothing fragile can hide here: the common case, kept cheap
        pair = (
            f"{mv.describe('left')} ({DataType(left.data_type).label}) {arrow(mv.effective)} "
            f"{mv.describe('right')} ({DataType(right.data_type).label})"
        )
        if worst.level is Compat.INCOMPATIBLE:
            yield FindingResult(
                "FLD-001",
                ERROR,
                mv.subject,
                f"Incompatible data types: {pair}; {worst.reason}.",
                "Map fields whose data types are compatible in the direction values flow (see "
                f"the data-type compatibility page, {DATA_TYPES_PAGE}), or use a calculated "
                "value.",
            )
        elif worst.level is Compat.AS_TEXT:
            continue  # REL-004 (rules/rel.py)
        else:
            risks = []
            for flowing, source, target in ((l2r, left, right), (r2l, right, left)):
                if not flowing:
                    continue
                c = compat.of_types(source.data_type, target.data_type)
                if c.level is Compat.FRAGILE:
                    risks.append(c.reason)
                elif risk := _length_risk(source, target):
                    risks.append(risk)
            if risks:
                yield FindingResult(
                    "FLD-002",
                    WARNING,
                    mv.subject,
                    f"Fragile type pair {pair}: {'; '.join(dict.fromkeys(risks))}.",
                    "Check real values in a test environment, or map a field of a closer data "
                    "type.",
                )


def connector_support(snapshot, ctx):
    """FLD-003 (not supported by the connector) and FLD-004 (custom add-on type)."""
    for mv in _live(ctx):
        for side in ("left", "right"):
            f = mv.side(side).field
            if f is None:
                continue
            if f.not_supported:
                yield FindingResult(
                    "FLD-003",
                    ERROR,
                    mv.subject,
                    f"{mv.describe(side)} has a data type ({DataType(f.data_type).label}"
                    f"{', ' + f.addon_type if f.addon_type else ''}) that the "
                    f"{mv.side(side).endpoint.name} connector does not support.",
                    "Refer to the connector's Readme for non-supported data types and remove the "
                    "field from the mapping.",
                )
            elif f.data_type == DataType.ADDON or f.addon_type:
                yield FindingResult(
                    "FLD-004",
                    WARNING,
                    mv.subject,
                    f"{mv.describe(side)} is a custom add-on type"
                    f"{' (' + f.addon_type + ')' if f.addon_type else ''} with custom storage: "
                    "synchronizing it may not be possible.",
                    "Plan time to experiment with this field in a test environment first.",
                )


def required_fields(snapshot, ctx):
    """FLD-007 / FLD-008: a side that receives created items must get every required field
    (plan facts: facts/coverage.py, as the workspace counts them)."""
    for tmv in ctx.type_mappings:
        sides = {
            side: tmv.item_type(side)
            for side in ("left", "right")
            if tmv.item_type(side) is not None and not tmv.item_type(side).removed
        }
        if not any(tmv.creates(side) for side in sides):
            continue  # "safely ignore": no items are created on that side
        required = coverage.required_fields(
            tmv.tm.direction,
            sides.get("left"),
            sides.get("right"),
            sides["left"].fields if "left" in sides else (),
            sides["right"].fields if "right" in sides else (),
            [(fm.left_field, fm.right_field) for fm in tmv.tm.field_mappings],
            [(r.side, r.field) for r in tmv.tm.relationship_rules],
        )
        for r in required:
            if r.covered_by not in (coverage.DEFAULT, coverage.MISSING):
                continue
            side, f = r.side, r.field
            key = f"->{f.key}" if side == "right" else f"{f.key}->"
            subject = field_mapping_subject(tmv.connection.key, tmv.tm, key)
            other = "left" if side == "right" else "right"
            if f.has_default:
                yield FindingResult(
                    "FLD-008",
                    INFO,
                    subject,
                    f"Items created in {tmv.where(side)} from {tmv.where(other)} get the "
                    f'product default for the required field "{f.label}"'
                    f"{' (' + f.default_value + ')' if f.default_value else ''}.",
                    "If you are satisfied with the endpoint setting the default, you can "
                    "safely ignore it; otherwise map the field or give it a calculated value.",
                )
            else:
                yield FindingResult(
                    "FLD-007",
                    ERROR,
                    subject,
                    f'Items created in {tmv.where(side)} need the required field "{f.label}", '
                    f"but nothing from {tmv.where(other)} is mapped into it and it has no "
                    "calculated value or product default: creation will fail.",
                    f'Map a field of {tmv.where(other)} into "{f.label}" or give it a '
                    "calculated value.",
                )


def duplicate_targets(snapshot, ctx):
    """FLD-010: two field mappings write the same target field in the same direction."""
    for tmv in ctx.type_mappings:
        seen = {}
        for mv in ctx.views_of(tmv):
            if mv.stale:
                continue
            for side in mv.receiving_sides():
                key = (side, mv.side(side).field_key)
                if key in seen:
                    yield FindingResult(
                        "FLD-010",
                        ERROR,
                        mv.subject,
                        f"Two field mappings write {mv.describe(side)}: "
                        f'"{_named(seen[key])}" and "{_named(mv)}"; which value wins is '
                        "undefined.",
                        "Keep one mapping into the field, or give them different directions.",
                    )
                else:
                    seen[key] = mv


def calculated_kinds(snapshot, ctx):
    """FLD-011: constants and expressions for regular fields, lookups for relationships."""
    for mv in _live(ctx):
        value = mv.fm.calculated_value
        if not mv.fm.is_calculated or value is None:
            continue
        side = "right" if mv.fm.left_field is None else "left"
        f = mv.side(side).field
        if f.is_relationship and value.kind in ("constant", "expression"):
            yield FindingResult(
                "FLD-011",
                ERROR,
                mv.subject,
                f"{mv.describe(side)} is a relationship, but its calculated value is a "
                f"{value.kind} ({value.value!r}).",
                "Use a relationship lookup for a relationship field: the two require different "
                "approaches.",
            )
        elif not f.is_relationship and value.kind == "lookup":
            yield FindingResult(
                "FLD-011",
                ERROR,
                mv.subject,
                f"{mv.describe(side)} is a regular {DataType(f.data_type).label} field, but its "
                "calculated value is a relationship lookup.",
                "Use a constant or an expression for a regular field: the two require different "
                "approaches.",
            )


def stale_fields(snapshot, ctx):
    """FLD-012: a field mapping names a field its type does not have (any more)."""
    for mv in ctx.mappings:
        if not mv.stale:
            continue
        missing = [
            f'"{s.field_key}" on {mv.tmv.where(s.name)}'
            for s in (mv.left, mv.right)
            if s.field_key is not None and (s.field is None or s.field.removed)
        ]
        yield FindingResult(
            "FLD-012",
            ERROR,
            mv.subject,
            f"The field mapping names {' and '.join(missing)}, which no longer exist"
            f"{'s' if len(missing) == 1 else ''} (stale after a schema re-import).",
            "Remove the mapping or map the field that replaced it.",
        )


def conflict_policies(snapshot, ctx):
    """FLD-013: fields updated both ways need a conflict policy; one missing policy is one
    finding per type mapping, listing its fields."""
    for tmv in ctx.type_mappings:
        if tmv.tm.conflict_policy or tmv.connection.conflict_policy:
            continue
        unresolved = [
            mv
            for mv in ctx.views_of(tmv)
            if not mv.stale
            and mv.effective == BOTH
            and not mv.fm.on_creation_only
            and not mv.fm.conflict_policy
        ]
        if not unresolved:
            continue
        labels = [f"{_label(mv.left)} ↔ {_label(mv.right)}" for mv in unresolved]
        count = len(unresolved)
        yield FindingResult(
            "FLD-013",
            WARNING,
            tmv.subject,
            f"{count} field{'s' if count > 1 else ''} of {tmv.pair()} "
            f"flow{'' if count > 1 else 's'} both ways ({names(labels)}) and no conflict policy "
            "says which side wins when both change between two sync cycles.",
            "Set a conflict policy (left wins, right wins, latest change wins, or stop with an "
            "error) on the type mapping or the connection, or on each of these field mappings.",
        )


def _label(side) -> str:
    return side.field.label if side.field else side.field_key or "calculated value"


def _named(mv) -> str:
    """A field mapping by its fields' labels and the arrow of its declared direction."""
    return f"{_label(mv.left)} {arrow(mv.declared)} {_label(mv.right)}"


RULES = (
    write_targets,
    data_types,
    connector_support,
    required_fields,
    duplicate_targets,
    calculated_kinds,
    stale_fields,
    conflict_policies,
    create_only_targets,
)
