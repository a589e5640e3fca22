"""The engine on the real Azure DevOps and ServiceNow samples, against small target types: the
plain-string AssignedTo resolved by email, titles truncated, time parts dropped, ServiceNow's
string-coded priorities through their pairs and its references as users that do not resolve.
Expected counts are taken from the raw JSON, independently of the readers."""

import json
from collections import Counter
from pathlib import Path

from planner.document.snapshot import (
    ConnectionSnap,
    EndpointSnap,
    EnumPairSnap,
    EnumValueSnap,
    FieldMappingSnap,
    FieldSnap,
    ItemTypeSnap,
    PlanSnapshot,
    TypeMappingSnap,
    UserMapSnap,
    UserSnap,
)
from planner.rehearsal.engine import rehearse
from planner.rehearsal.readers import read

ITEMS = Path("/work/shared/samples/items")
ADO = ITEMS / "ado_wit_workitems_ids_expand-all__msdocs_httpExample.json"
INCIDENTS = ITEMS / "servicenow_api_now_table_incident__j1servicenow_har.json"


def plan(source, source_type, target_fields, mappings, strategy, users):
    target = EndpointSnap(
        "target",
        "Target",
        types=(ItemTypeSnap("Issue", "Issue", fields=target_fields),),
        users=users,
    )
    tm = TypeMappingSnap(source_type.key, "Issue", direction="l2r", field_mappings=mappings)
    connection = ConnectionSnap(
        "c", source.key, "target", type_mappings=(tm,), user_map=UserMapSnap(strategy)
    )
    return PlanSnapshot("p", endpoints=(source, target), connections=(connection,))


def by_key(run):
    return {i.item: {f.target: f for f in i.fields} for i in run.items}


def test_azure_devops_tasks():
    task = ItemTypeSnap(
        "Task",
        "Task",
        fields=(
            FieldSnap("System.Title", "Title", "string"),
            FieldSnap("System.AssignedTo", "Assigned To", "user"),
            FieldSnap("System.CreatedDate", "Created Date", "datetime"),
        ),
    )
    ado = EndpointSnap("ado", "Azure DevOps", types=(task,))
    snapshot = plan(
        ado,
        task,
        (
            FieldSnap("summary", "Summary", "string", max_length=40),
            FieldSnap("assignee", "Assignee", "user"),
            FieldSnap("start", "Start", "date"),
        ),
        (
            FieldMappingSnap("System.Title", "summary"),
            FieldMappingSnap("System.AssignedTo", "assignee"),
            FieldMappingSnap("System.CreatedDate", "start"),
        ),
        "by_email",
        (UserSnap("jmcleod", "J. McLeod", "FabrikamFiber2@hotmail.com"),),
    )
    raw = json.loads(ADO.read_bytes())["responses"]["200"]["body"]["value"]
    tasks = [w for w in raw if w["fields"]["System.WorkItemType"] == "Task"]
    (run,) = rehearse(snapshot, {"ado": [read(ADO.read_bytes(), ADO.name)]}).runs
    results = by_key(run)
    assert sorted(results) == sorted(str(w["id"]) for w in tasks)
    # Item 299's AssignedTo is the plain string "Johnnie McLeod <fabrikamfiber2@hotmail.com>".
    assert results["299"]["Assignee"].written == "jmcleod"
    long_titles = [str(w["id"]) for w in tasks if len(w["fields"]["System.Title"]) > 40]
    assert (
        long_titles and run.fields["summary"].reasons["truncated to 40 characters"] == long_titles
    )
    assert run.fields["start"].reasons["the time part is dropped"] == [str(w["id"]) for w in tasks]


def test_servicenow_incidents():
    incident = ItemTypeSnap(
        "incident",
        "Incident",
        fields=(
            FieldSnap(
                "priority",
                "Priority",
                "enum",
                values=tuple(EnumValueSnap(str(n), n) for n in range(1, 6)),
            ),
            FieldSnap("caller_id", "Caller", "user"),
            FieldSnap("opened_at", "Opened", "datetime"),
        ),
    )
    snow = EndpointSnap("snow", "ServiceNow", types=(incident,))
    snapshot = plan(
        snow,
        incident,
        (
            FieldSnap("prio", "Prio", "enum", values=(EnumValueSnap("High"), EnumValueSnap("Low"))),
            FieldSnap("reporter", "Reporter", "user"),
            FieldSnap("opened", "Opened on", "date"),
        ),
        (
            FieldMappingSnap(
                "priority",
                "prio",
                enum_pairs=(
                    EnumPairSnap("1", "High"),
                    EnumPairSnap("2", "High"),
                    EnumPairSnap("5", "Low"),
                ),
            ),
            FieldMappingSnap("caller_id", "reporter"),
            FieldMappingSnap("opened_at", "opened"),
        ),
        "by_username",
        (UserSnap("beth.anglin", "Beth Anglin"),),
    )
    records = json.loads(INCIDENTS.read_bytes())["result"]
    (run,) = rehearse(snapshot, {"snow": [read(INCIDENTS.read_bytes(), INCIDENTS.name)]}).runs
    assert len(run.items) == len(records) == 67
    priorities = Counter(r["priority"] for r in records)
    expected = {("Prio", p): n for p, n in priorities.items() if p not in ("1", "2", "5")}
    assert expected and dict(run.unpaired) == expected
    # References carry a sys_id, not a username: no caller resolves by username.
    callers = Counter(r["caller_id"]["value"] for r in records if r["caller_id"])
    assert callers and dict(run.unresolved_users) == {
        ("Reporter", c): n for c, n in callers.items()
    }
    with_time = [
        r["number"] for r in records if r["opened_at"] and not r["opened_at"].endswith("00:00:00")
    ]
    assert with_time and run.fields["opened"].reasons["the time part is dropped"] == with_time
