"""The plan document: a plan as versioned, portable JSON (``"format": "syncplan/1"``).

``plan_document(plan_or_snapshot)`` turns a snapshot into plain JSON data. Everything is named by
stable keys (endpoint keys, type keys, field keys, value labels, usernames as text), never by
database ids, so the document moves between installations. Arrays keep the plan's order (the
order *is* content: the last enum pair of a value is its default); positions are not written,
the array index is the position. Fields, types and values removed by a schema re-import stay in
the document with ``"removed": true``.

The document holds content only: no review data (comments, approvals, versions), no timestamps
and no ids, so ``hashing.content_sha256`` of it is the plan's content hash. Its shape is
``schema.json`` next to this file; ``load.py`` reads it back.
"""

from __future__ import annotations

from planner.document.snapshot import (
    AcknowledgementSnap,
    ConnectionSnap,
    EndpointSnap,
    FieldMappingSnap,
    FieldSnap,
    ItemTypeSnap,
    OperationsItemSnap,
    PlanSnapshot,
    SyncServerSnap,
    TypeMappingSnap,
    build_snapshot,
)

FORMAT = "syncplan/1"


def plan_document(plan_or_snapshot) -> dict:
    """The plan document of a Plan (read through its snapshot) or of a PlanSnapshot."""
    snapshot = (
        plan_or_snapshot
        if isinstance(plan_or_snapshot, PlanSnapshot)
        else build_snapshot(plan_or_snapshot)
    )
    return {
        "format": FORMAT,
        "plan": {"name": snapshot.name, "description": snapshot.description},
        "sync_server": _sync_server(snapshot.sync_server) if snapshot.sync_server else None,
        "endpoints": [_endpoint(e) for e in snapshot.endpoints],
        "connections": [_connection(c) for c in snapshot.connections],
        "acknowledgements": [_acknowledgement(a) for a in snapshot.acknowledgements],
    }


def _endpoint(e: EndpointSnap) -> dict:
    return {
        "key": e.key,
        "name": e.name,
        "product": e.product,
        "base_url": e.base_url,
        "user_representation": e.user_representation,
        "user_directory_complete": e.user_directory_complete,
        "api_enforces_workflow": e.api_enforces_workflow,
        "integration_can_override_workflow": e.integration_can_override_workflow,
        "allows_impersonation": e.allows_impersonation,
        "integration_account": e.integration_account,
        "auth_method": e.auth_method,
        "account_locale": e.account_locale,
        "account_role": e.account_role,
        "account_permissions": e.account_permissions,
        "network_path": e.network_path,
        "proxy_host": e.proxy_host,
        "proxy_port": e.proxy_port,
        "certificate_trust": e.certificate_trust,
        "notes": e.notes,
        "projects": [{"key": p.key, "name": p.name} for p in e.projects],
        "types": [_type(t) for t in e.types],
        "users": [
            {
                "username": u.username,
                "full_name": u.full_name,
                "email": u.email,
                "account_id": u.account_id,
                "active": u.active,
            }
            for u in e.users
        ],
    }


def _type(t: ItemTypeSnap) -> dict:
    return {
        "key": t.key,
        "label": t.label,
        "workflow_state_field": t.workflow_state_field,
        "states": list(t.states),
        "transitions": [list(pair) for pair in t.transitions],
        "parent_type": t.parent_type,
        "parent_field": t.parent_field,
        "date_window_fields": list(t.date_window_fields),
        "parent_immutable": t.parent_immutable,
        "removed": t.removed,
        "fields": [_field(f) for f in t.fields],
    }


def _field(f: FieldSnap) -> dict:
    field = {
        "key": f.key,
        "label": f.label,
        "data_type": f.data_type,
        "required": f.required,
        "read_only": f.read_only,
        "create_only": f.create_only,
        "system_generated": f.system_generated,
        "has_default": f.has_default,
        "default_value": f.default_value,
        "relationship_targets": list(f.relationship_targets),
        "max_length": f.max_length,
        "precision": f.precision,
        "addon_type": f.addon_type,
        "not_supported": f.not_supported,
        "user_settable": f.user_settable,
        "removed": f.removed,
        "values": [{"label": v.label, "active": v.active, "removed": v.removed} for v in f.values],
    }
    # Facts added later are written only when true, so the document (and its hash) of a plan
    # that does not use them stays byte for byte what it was.
    for fact in ("set_by_sync_tool", "values_unknown"):
        if getattr(f, fact):
            field[fact] = True
    return field


def _connection(c: ConnectionSnap) -> dict:
    user_map = None
    if c.user_map is not None:
        user_map = {
            "strategy": c.user_map.strategy,
            "left_default_user": c.user_map.left_default_user,
            "right_default_user": c.user_map.right_default_user,
            "entries": [{"left": e.left, "right": e.right} for e in c.user_map.entries],
        }
    return {
        "key": c.key,
        "name": c.name,
        "left": c.left,
        "right": c.right,
        "conflict_policy": c.conflict_policy,
        "items_exist_in_both": c.items_exist_in_both,
        "project_pairs": [{"left": left, "right": right} for left, right in c.project_pairs],
        "type_mappings": [_type_mapping(tm) for tm in c.type_mappings],
        "user_map": user_map,
        "use_case_answers": [
            {"question": a.question, "text": a.text, "data": a.data or {}} for a in c.answers
        ],
    }


def _type_mapping(tm: TypeMappingSnap) -> dict:
    return {
        "left_type": tm.left_type,
        "right_type": tm.right_type,
        "direction": tm.direction,
        "system_of_record": tm.system_of_record,
        "scope": tm.scope,
        "conflict_policy": tm.conflict_policy,
        "creators": tm.creators,
        "other_side_may_update": tm.other_side_may_update,
        "field_mappings": [_field_mapping(fm) for fm in tm.field_mappings],
        "relationship_rules": [
            {
                "side": r.side,
                "field": r.field,
                "target_type": r.target_type,
                "resolution": r.resolution,
                "rule": r.rule,
            }
            for r in tm.relationship_rules
        ],
        "existing_item_matchings": [
            {"left_field": m.left_field, "right_field": m.right_field, "notes": m.notes}
            for m in tm.existing_item_matchings
        ],
    }


def _field_mapping(fm: FieldMappingSnap) -> dict:
    calculated = None
    if fm.calculated_value is not None:
        calculated = {
            "kind": fm.calculated_value.kind,
            "condition": fm.calculated_value.condition,
            "value": fm.calculated_value.value,
        }
    return {
        "left_field": fm.left_field,
        "right_field": fm.right_field,
        "direction": fm.direction,
        "conflict_policy": fm.conflict_policy,
        "on_creation_only": fm.on_creation_only,
        "left_catch_all": fm.left_catch_all,
        "right_catch_all": fm.right_catch_all,
        "notes": fm.notes,
        "calculated_value": calculated,
        "enum_pairs": [{"left": p.left, "right": p.right} for p in fm.enum_pairs],
    }


def _sync_server(s: SyncServerSnap) -> dict:
    return {
        "name": s.name,
        "description": s.description,
        "host": s.host,
        "operating_system": s.operating_system,
        "time_zone": s.time_zone,
        "expiry_warning_days": s.expiry_warning_days,
        "test_environment": s.test_environment,
        "backup_procedure": s.backup_procedure,
        "operations": [_operations_item(item) for item in s.operations],
    }


def _operations_item(item: OperationsItemSnap) -> dict:
    return {
        "kind": item.kind,
        "key": item.key,
        "name": item.name,
        "owner": item.owner,
        "description": item.description,
        "skill_area": item.skill_area,
        "product_key": item.product_key,
        "expires_on": item.expires_on.isoformat() if item.expires_on else None,
        "is_database_purge": item.is_database_purge,
        "command": item.command,
        "frequency": item.frequency,
        "weekdays": list(item.weekdays),
        "day_of_month": item.day_of_month,
        "at_time": item.at_time.isoformat(timespec="seconds") if item.at_time else None,
        "time_zone": item.time_zone,
    }


def _acknowledgement(a: AcknowledgementSnap) -> dict:
    return {
        "code": a.code,
        "subject": a.subject,
        "fingerprint": a.fingerprint,
        "reason": a.reason,
        "acknowledged_by": a.acknowledged_by,
    }
