"""Small builders of plan snapshots for rule tests, and a generated *clean* plan.

``clean_plan()`` has several connections, a field of every data type, and every direction, and
raises no error or warning. ``change(snapshot, path, **changes)`` returns a copy with one item
replaced: the mutation tests change one fact and expect exactly one rule on one subject.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

from connections.catalog.loader import CATALOG_DIR
from facts.datatypes import DataType
from planner.document.snapshot import (
    AnswerSnap,
    CalculatedValueSnap,
    ConnectionSnap,
    EndpointSnap,
    EnumPairSnap,
    EnumValueSnap,
    FieldMappingSnap,
    FieldSnap,
    ItemTypeSnap,
    OperationsItemSnap,
    PlanSnapshot,
    ProjectSnap,
    RelationshipRuleSnap,
    SyncServerSnap,
    TypeMappingSnap,
    UserMapEntrySnap,
    UserMapSnap,
    UserSnap,
)

TODAY = date(2026, 6, 1)

ANSWERS = {
    "user-types-and-roles": "Testers work in ALM, developers in Jira and Octane.",
    "information-to-share": "Defects with their severity, status and owner; releases.",
    "who-creates": "Testers create defects; release managers create releases.",
    "data-subsets": "Only the defects and releases of the paired projects.",
    "relationships": "A defect links to the release it is planned for.",
}


def values(*labels, **kw):
    return tuple(EnumValueSnap(label, position=i, **kw) for i, label in enumerate(labels))


def f(key, data_type=DataType.STRING, **kw):
    """A field; label defaults to the key."""
    kw.setdefault("label", key.replace("_", " ").title())
    return FieldSnap(key=key, data_type=data_type, **kw)


def fm(left, right, direction="", **kw):
    return FieldMappingSnap(left_field=left, right_field=right, direction=direction, **kw)


def pairs(*couples):
    return tuple(EnumPairSnap(a, b, position=i) for i, (a, b) in enumerate(couples))


def users(*names):
    return tuple(
        UserSnap(n, full_name=n.title() + " Smith", email=f"{n}@example.com") for n in names
    )


# Fields of every data type (addon is present, never mapped: it always needs experimentation).
_TYPED = [
    ("f_string", DataType.STRING, {}),
    ("f_text", DataType.TEXT, {}),
    ("f_rich", DataType.RICH_TEXT, {}),
    ("f_int", DataType.INTEGER, {}),
    ("f_float", DataType.FLOAT, {}),
    ("f_bool", DataType.BOOLEAN, {}),
    ("f_date", DataType.DATE, {}),
    ("f_datetime", DataType.DATETIME, {}),
    ("f_enum", DataType.ENUM, {"values": values("Low", "Medium", "High")}),
    ("f_multi_enum", DataType.MULTI_ENUM, {"values": values("UI", "API", "DB")}),
    ("f_user", DataType.USER, {}),
    ("f_multi_user", DataType.MULTI_USER, {}),
    ("f_rel", DataType.RELATIONSHIP, {"relationship_targets": ("release",)}),
    ("f_multi_rel", DataType.MULTI_RELATIONSHIP, {"relationship_targets": ("release",)}),
    ("f_tree", DataType.TREE_PATH, {}),
    ("f_comments", DataType.COMMENTS, {}),
    ("f_attachment", DataType.ATTACHMENT, {}),
]


def defect_type(key="defect", states=("New", "Open", "Fixed", "Closed")):
    fields = [
        f("id", DataType.INTEGER, read_only=True, system_generated=True),
        f("created_by", DataType.USER, read_only=True, system_generated=True, user_settable=False),
        f("name", required=True),
        f("status", DataType.ENUM, values=values(*states)),
        f("priority", DataType.ENUM, required=True, has_default=True, default_value="Low",
          values=values("Low", "High")),
        f("origin"),
        f("f_addon", DataType.ADDON, addon_type="com.acme:scorecard"),
        *(f(key_, dt, **kw) for key_, dt, kw in _TYPED),
        *(f(f"extra{i:02d}") for i in range(20)),  # unmapped: keeps the share of mapped fields low
    ]  # fmt: skip
    return ItemTypeSnap(
        key=key,
        label=key.title(),
        workflow_state_field="status",
        states=states,
        transitions=tuple(zip(states, states[1:], strict=False)),
        fields=tuple(fields),
    )


def release_type():
    return ItemTypeSnap(
        key="release",
        label="Release",
        fields=(
            f("id", DataType.INTEGER, read_only=True, system_generated=True),
            f("name", required=True),
            f("start", DataType.DATE),
            f("end", DataType.DATE),
            *(f(f"extra{i}") for i in range(3)),
        ),
    )


def sprint_type(constrained=False):
    extra = (
        {"parent_type": "release", "parent_field": "release", "date_window_fields": ("start", "end"),
         "parent_immutable": True}
        if constrained else {}
    )  # fmt: skip
    return ItemTypeSnap(
        key="sprint",
        label="Sprint",
        fields=(
            f("id", DataType.INTEGER, read_only=True, system_generated=True),
            f("name", required=True),
            f("start", DataType.DATE, required=constrained),
            f("end", DataType.DATE, required=constrained),
            f(
                "release",
                DataType.RELATIONSHIP,
                required=constrained,
                relationship_targets=("release",),
            ),
            *(f(f"extra{i}") for i in range(3)),
        ),  # fmt: skip
        **extra,
    )


def task_type():
    return ItemTypeSnap(key="task", label="Task", fields=(f("name", required=True),))


def endpoint(key, name, product, types, **kw):
    settings = {
        "base_url": f"https://{key}.example.com",
        "user_representation": "username",
        "user_directory_complete": True,
        "api_enforces_workflow": True,
        "integration_can_override_workflow": True,
        "allows_impersonation": False,
        "integration_account": f"svc-{key}",
        "auth_method": "native",
        "account_locale": "en_US",
        "account_role": "Integration",
        "account_permissions": "Read and update defects and releases in the paired projects.",
        "network_path": "direct",
        "certificate_trust": "Public CA chain in the server's trust store.",
        "projects": (ProjectSnap("MAIN", "Main"),),
        "users": users("alice", "bob"),
    }
    settings.update(kw)
    return EndpointSnap(key=key, name=name, product=product, types=tuple(types), **settings)


def defect_mapping():
    """Defects ALM → Jira: every data type, field mappings in every direction."""
    same = [
        ("f_string", "l2r"), ("f_text", "l2r"), ("f_rich", "r2l"), ("f_int", "l2r"),
        ("f_float", "l2r"), ("f_bool", "both"), ("f_date", "l2r"), ("f_datetime", "r2l"),
        ("f_user", "both"), ("f_multi_user", "l2r"), ("f_multi_rel", "l2r"), ("f_tree", "l2r"),
        ("f_comments", "both"), ("f_attachment", "l2r"), ("f_rel", "l2r"),
    ]  # fmt: skip
    mappings = [
        fm("name", "name"),
        fm("status", "status", "l2r",
           enum_pairs=pairs(("New", "To Do"), ("Open", "In Progress"), ("Fixed", "Resolved"),
                            ("Closed", "Done"))),
        fm("f_enum", "f_enum", "both",
           enum_pairs=pairs(("Low", "Low"), ("Medium", "Medium"), ("High", "High"))),
        fm("f_multi_enum", "f_multi_enum", "l2r",
           enum_pairs=pairs(("UI", "UI"), ("API", "API"), ("DB", "DB"))),
        *(fm(k, k, d) for k, d in same),
        fm(None, "origin", calculated_value=CalculatedValueSnap("constant", "Created from ALM")),
    ]  # fmt: skip
    return TypeMappingSnap(
        left_type="defect",
        right_type="defect",
        direction="l2r",
        system_of_record="left",
        scope="Defects of the current release",
        creators="Testers",
        other_side_may_update=True,
        field_mappings=tuple(replace(m, position=i) for i, m in enumerate(mappings)),
    )


def clean_plan() -> PlanSnapshot:
    alm = endpoint("alm", "ALM", "alm-qc", [defect_type(), release_type(), task_type()])
    jira = endpoint(
        "jira",
        "Jira",
        "jira-cloud",
        [
            defect_type(states=("To Do", "In Progress", "Resolved", "Done")),
            release_type(),
            sprint_type(),
            task_type(),
        ],
        user_representation="full_name",
    )
    octane = endpoint(
        "octane",
        "Octane",
        "alm-octane",
        [release_type(), sprint_type(constrained=True), task_type()],
        api_enforces_workflow=False,
    )
    answers = tuple(AnswerSnap(q, t) for q, t in ANSWERS.items())
    alm_jira = ConnectionSnap(
        key="alm-jira",
        left="alm",
        right="jira",
        name="ALM ↔ Jira",
        conflict_policy="left_wins",
        items_exist_in_both=False,
        project_pairs=(("MAIN", "MAIN"),),
        type_mappings=(
            defect_mapping(),
            TypeMappingSnap(
                left_type="release",
                right_type="release",
                direction="l2r",
                system_of_record="left",
                scope="Releases of the product line",
                other_side_may_update=False,
                field_mappings=(fm("name", "name", "l2r"),),
            ),
        ),
        user_map=UserMapSnap(
            strategy="by_name",
            left_default_user="alice",
            right_default_user="alice",
            # Each side as its product represents users: ALM usernames, Jira full names.
            entries=(
                UserMapEntrySnap("alice", "Alice Smith"),
                UserMapEntrySnap("bob", "Bob Smith"),
            ),
        ),
        answers=answers,
    )
    jira_octane = ConnectionSnap(
        key="jira-octane",
        left="jira",
        right="octane",
        name="Jira ↔ Octane",
        conflict_policy="",
        items_exist_in_both=False,
        type_mappings=(
            TypeMappingSnap(
                left_type="sprint",
                right_type="sprint",
                direction="l2r",
                # Connect makes Octane, the OpenText product, the master (CNX-003).
                system_of_record="right",
                scope="Sprints of team Blue",
                other_side_may_update=True,
                field_mappings=(
                    fm("name", "name"),
                    fm("start", "start", on_creation_only=True),
                    fm("end", "end", on_creation_only=True),
                ),
                relationship_rules=(
                    RelationshipRuleSnap(
                        side="right",
                        field="release",
                        resolution="by_dates",
                        rule="The Octane release whose dates contain the sprint's dates.",
                        target_type="release",
                    ),
                    # Jira sprint dates are optional: the plan says what Octane gets then.
                    *(
                        RelationshipRuleSnap(
                            side="right",
                            field=key,
                            resolution="calculated",
                            rule=f"The Jira sprint's {key} date, else the release's {key} date.",
                        )
                        for key in ("start", "end")
                    ),
                ),
            ),
            TypeMappingSnap(
                left_type="release",
                right_type="release",
                direction="r2l",
                system_of_record="right",
                conflict_policy="right_wins",
                scope="Releases of the product line",
                other_side_may_update=True,
                field_mappings=(fm("name", "name"), fm("start", "start"), fm("end", "end")),
            ),
        ),
        user_map=None,
        answers=answers,
    )
    server = SyncServerSnap(
        name="sync-prod",
        test_environment="The sync-test server with copies of the paired projects.",
        backup_procedure="Nightly database dump to the backup share; restore tested quarterly.",
        operations=(
            OperationsItemSnap("skill", "os", "Server OS", owner="Olga", skill_area="server_os"),
            OperationsItemSnap("skill", "net", "Networking", owner="Nick", skill_area="networking"),
            *(
                OperationsItemSnap("skill", f"know-{p}", p, owner="Pat", skill_area="product",
                                   product_key=p)
                for p in ("alm-qc", "jira-cloud", "alm-octane")
            ),
            OperationsItemSnap("certificate", "tls", "Server TLS certificate",
                               expires_on=date(2027, 1, 1)),
            OperationsItemSnap("credential", "jira-token", "Jira API token",
                               expires_on=date(2026, 12, 1)),
            OperationsItemSnap("maintenance_task", "purge", "Database purge",
                               is_database_purge=True, frequency="weekly", weekdays=(6,),
                               at_time=time(2, 0)),
        ),
    )  # fmt: skip
    return PlanSnapshot(
        name="Clean plan",
        sync_server=server,
        endpoints=(alm, jira, octane),
        connections=(alm_jira, jira_octane),
    )


# --------------------------------------------------------------------------------------------
# Changing one item of a snapshot.


def _swap(items, match, change):
    found = False
    out = []
    for item in items:
        if not found and match(item):
            out.append(change(item))
            found = True
        else:
            out.append(item)
    assert found, "nothing matched"
    return tuple(out)


def change_endpoint(snap, key, fn):
    return replace(snap, endpoints=_swap(snap.endpoints, lambda e: e.key == key, fn))


def change_type(snap, endpoint_key, type_key, fn):
    return change_endpoint(
        snap,
        endpoint_key,
        lambda e: replace(e, types=_swap(e.types, lambda t: t.key == type_key, fn)),
    )


def change_field(snap, endpoint_key, type_key, field_key, **changes):
    return change_type(
        snap,
        endpoint_key,
        type_key,
        lambda t: replace(
            t, fields=_swap(t.fields, lambda x: x.key == field_key, lambda x: replace(x, **changes))
        ),
    )


def change_connection(snap, key, fn):
    return replace(snap, connections=_swap(snap.connections, lambda c: c.key == key, fn))


def change_type_mapping(snap, conn_key, tm_key, fn):
    return change_connection(
        snap,
        conn_key,
        lambda c: replace(c, type_mappings=_swap(c.type_mappings, lambda tm: tm.key == tm_key, fn)),
    )


def change_field_mapping(snap, conn_key, tm_key, fm_key, **changes):
    return change_type_mapping(
        snap,
        conn_key,
        tm_key,
        lambda tm: replace(
            tm,
            field_mappings=_swap(
                tm.field_mappings, lambda m: m.key == fm_key, lambda m: replace(m, **changes)
            ),
        ),
    )


def add_field_mapping(snap, conn_key, tm_key, mapping):
    return change_type_mapping(
        snap,
        conn_key,
        tm_key,
        lambda tm: replace(tm, field_mappings=(*tm.field_mappings, mapping)),
    )


def change_server(snap, **changes):
    return replace(snap, sync_server=replace(snap.sync_server, **changes))


def change_operation(snap, key, **changes):
    server = snap.sync_server
    return change_server(
        snap,
        operations=_swap(
            server.operations, lambda o: o.key == key, lambda o: replace(o, **changes)
        ),
    )


# --------------------------------------------------------------------------------------------
# Endpoints from the real product profiles of the catalog (connections/catalog/*.json).

_FIELD_FLAGS = ("required", "read_only", "create_only", "system_generated", "has_default",
                "default_value", "max_length", "precision", "addon_type", "not_supported",
                "user_settable")  # fmt: skip


def catalog_endpoint(product, key, name, **kw):
    """An endpoint whose behaviours, types and fields are the catalog profile of ``product``
    (as ``create_endpoint_from_product`` copies them); ``kw`` overrides endpoint settings."""
    document = json.loads((CATALOG_DIR / f"{product}.json").read_text())
    profile = document["profile"]
    types = []
    for t_pos, t in enumerate(profile["types"]):
        fields = tuple(
            FieldSnap(
                key=spec["key"],
                label=spec["label"],
                data_type=spec["data_type"],
                relationship_targets=tuple(spec.get("relationship_targets", ())),
                values=tuple(
                    EnumValueSnap(v["label"], position=i, active=v.get("active", True))
                    for i, v in enumerate(spec.get("values", ()))
                ),
                position=pos,
                **{flag: spec[flag] for flag in _FIELD_FLAGS if flag in spec},
            )
            for pos, spec in enumerate(t["fields"])
        )
        types.append(
            ItemTypeSnap(
                key=t["key"],
                label=t["label"],
                workflow_state_field=t.get("workflow_state_field", ""),
                states=tuple(t.get("states", ())),
                transitions=tuple(tuple(x) for x in t.get("transitions", ())),
                parent_type=t.get("parent_type", ""),
                parent_field=t.get("parent_field", ""),
                date_window_fields=tuple(t.get("date_window_fields", ())),
                parent_immutable=t.get("parent_immutable", False),
                position=t_pos,
                fields=fields,
            )
        )
    behaviours = {k: v for k, v in profile.items() if k != "types"}
    return endpoint(key, name, product, types, **{**behaviours, **kw})


def type_mapping(left, right, *mappings, direction="l2r", **kw):
    """A type mapping with its field mappings; owned by the creating side, scoped, permissive."""
    kw.setdefault("system_of_record", "left" if direction != "r2l" else "right")
    kw.setdefault("scope", "The paired projects.")
    kw.setdefault("other_side_may_update", True)
    return TypeMappingSnap(left, right, direction, field_mappings=tuple(mappings), **kw)


def catalog_plan(*endpoints, connections=()):
    """A plan of catalog endpoints and the given connections, on the clean plan's server."""
    return PlanSnapshot(
        name="Catalog plan",
        sync_server=clean_plan().sync_server,
        endpoints=tuple(endpoints),
        connections=tuple(connections),
    )
