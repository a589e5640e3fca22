"""WFL: workflows ("Workflows")."""

from __future__ import annotations

from connections.models import Direction
from facts.names import normalize_name as normalized_name

from ..context import names
from ..findings import INFO, WARNING, FindingResult


def _status_mappings(ctx):
    """(mapping, receiving side) for live mappings that write a type's workflow-state field."""
    for mv in ctx.mappings:
        if mv.stale:
            continue
        for side in mv.receiving_sides():
            s = mv.side(side)
            if s.item_type is not None and s.field_key == s.item_type.workflow_state_field:
                yield mv, side


def _values_flowing_in(mv, side) -> list[str]:
    if mv.fm.is_calculated:
        return [mv.fm.calculated_value.value] if mv.fm.calculated_value else []
    pairs = sorted(mv.fm.enum_pairs, key=lambda p: p.position)
    return list(dict.fromkeys(p.left if side == "left" else p.right for p in pairs))


def enforced_workflows(snapshot, ctx):
    """WFL-001 (workflow enforced, no override) and WFL-003 (not enforced at all)."""
    for mv, side in _status_mappings(ctx):
        endpoint = mv.side(side).endpoint
        item_type = mv.side(side).item_type
        values = _values_flowing_in(mv, side)
        if not endpoint.api_enforces_workflow:
            yield FindingResult(
                "WFL-003",
                INFO,
                mv.subject,
                f"{endpoint.name} does not enforce workflows through its API: values written "
                f"into {mv.describe(side)} may bypass its process rules.",
                "Decide whether bypassing the workflow is wanted, and restrict the values that "
                "flow in if not.",
            )
            continue
        if endpoint.integration_can_override_workflow:
            continue
        detail = f" Values that flow in: {names(values, limit=8)}." if values else ""
        if item_type.transitions and values:
            # The initial state is reached by creating the item, the others by a transition.
            reachable = {b for _, b in item_type.transitions} | set(item_type.states[:1])
            unreachable = [v for v in values if v not in reachable]
            if unreachable:
                detail += f" No transition reaches {names(unreachable, limit=8)}."
        yield FindingResult(
            "WFL-001",
            WARNING,
            mv.subject,
            f"{endpoint.name} enforces the workflow of {mv.describe(side)} through its API and "
            f"the integration account ({endpoint.integration_account or 'unnamed'}) cannot "
            f"override it: updates that skip a transition will be refused.{detail}",
            "Give the integration account a role that overrides the workflow, or map only "
            "values the workflow allows from every state.",
        )


def _workflow(endpoint, item_type):
    return (
        tuple(sorted(normalized_name(s) for s in item_type.states)),
        tuple(sorted((normalized_name(a), normalized_name(b)) for a, b in item_type.transitions)),
    )


def _different(mv) -> bool:
    left, right = mv.left, mv.right
    if left.item_type.states and right.item_type.states:
        return _workflow(left.endpoint, left.item_type) != _workflow(
            right.endpoint, right.item_type
        )
    # Without recorded states, two different products have different workflows.
    return not left.endpoint.product or left.endpoint.product != right.endpoint.product


def both_way_status(snapshot, ctx):
    """WFL-002: a status field mapped both ways between different workflows."""
    for mv in ctx.mappings:
        if mv.stale or mv.fm.is_calculated or mv.effective != Direction.BOTH:
            continue
        left_wf = mv.left.item_type.workflow_state_field
        right_wf = mv.right.item_type.workflow_state_field
        if mv.left.field_key != left_wf or mv.right.field_key != right_wf:
            continue
        if _different(mv):
            yield FindingResult(
                "WFL-002",
                WARNING,
                mv.subject,
                f"The workflow states {mv.describe('left')} ↔ {mv.describe('right')} are mapped "
                "both ways between different workflows: a transition allowed on one side may "
                "be impossible on the other.",
                "Let one product own the workflow (map the status one way) or align the two "
                "workflows' states and transitions.",
            )


RULES = (enforced_workflows, both_way_status)
