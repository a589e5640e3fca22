"""The demo plan: a realistic, half-finished plan with deliberate planning mistakes.

It plans two connections on one sync server, from the product catalog:

- ``alm-jira``: ALM/QC defects with Jira Cloud bugs (type mapping Defect->Bug, created both
  ways, ALM/QC owns the defects);
- ``octane-jira``: ALM Octane user stories with Jira stories (story->Story, created in Octane)
  and Jira sprints created in ALM Octane (sprint->sprint, Jira owns the sprints).

The sync server's operations register is only partly filled, and a few use-case questions are
answered, so the plan reads like a draft a team is still working on. It holds these deliberate
mistakes (code, subject path as in rules.md "Subjects and identity"), so the validator has
something real to find:

- FLD-001 connections/alm-jira/types/Defect->Bug/fields/detected-in-rel->customfield_10050:
  Jira's text field "Found in Release" (String) flows into ALM/QC's "Detected in Release",
  a Relationship to Release.
- FLD-007 connections/alm-jira/types/Defect->Bug/fields/severity->: bugs created in Jira create
  ALM/QC defects, whose Severity is required and has no default, and nothing sets it.
- FLD-006 connections/alm-jira/types/Defect->Bug/fields/id->issuekey: ALM/QC's Defect ID is
  mapped into Jira's Key, an ID the system generates (read-only on both sides).
- USR-001 connections/alm-jira/users: Assigned To / Assignee and Detected By / Reporter are
  mapped between ALM/QC (users by username) and Jira (users by full name) with no user map.
- ENM-001 connections/alm-jira/types/Defect->Bug/fields/priority->priority: ALM/QC's
  "4-Very High" and Jira's "Lowest" have no pair and no catch-all value.
- REL-002 connections/octane-jira/types/sprint->sprint: Jira sprints are created in ALM Octane,
  where a sprint needs a release and dates inside it, and no relationship rule says which
  release; the required Octane dates are fed from Jira's optional sprint dates, and nothing
  says what an Octane sprint gets when a Jira sprint has none.
- USE-001 connections/alm-jira: the use case is half defined: four questions have a written
  answer (the type mapping carries the structured ones), and "relationships" is not answered
  at all.
- USE-001 connections/octane-jira: three questions have a written answer, and nobody has said
  whether items already exist in both products ("existing-items").
- OPS-002 operations/credential/jira-api-token: the Jira API token expires in 10 days.
- OPS-003 plan: the register's database purge (operations/maintenance_task/database-purge)
  has no schedule, so no scheduled purge is planned for the server.
- OPS-005 plan: no one owns networking (operations/skill/networking) nor ALM Octane knowledge
  (operations/skill/product-alm-octane).
- OPS-008 operations/certificate/octane-tls: the Octane TLS certificate has no expiry date.

Being a draft, the plan also raises findings that follow from the choices above rather than
being mistakes of their own: FLD-008 for required fields the products default (ALM/QC
Detected on Date, Jira Reporter), TYP-001 (defects are created both ways), WFL-003 (ALM/QC does
not enforce its workflow through the API), USR-006, and CNX-003 (Jira owns the sprints, but
Connect makes ALM Octane, the OpenText product of the pair, the master). (The FLD-001 mapping is
not also REL-001: one cause, one finding.)

``DELIBERATE_MISTAKES`` holds the list of mistakes as data. Load the plan with ``python manage.py
load_demo_plan`` (idempotent: an existing demo plan is reported and left alone).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from connections.catalog.loader import load_catalog
from connections.endpoints.services import create_endpoint_from_product
from connections.models import (
    ConflictPolicy,
    Connection,
    Direction,
    EndpointUser,
    EnumPair,
    EnumValue,
    Field,
    FieldMapping,
    NetworkPath,
    Product,
    Project,
    ProjectPair,
    Side,
    TypeMapping,
    UserMap,
    UserMapEntry,
    UserMatchStrategy,
)
from core.changes import content_change, record_change
from core.locks import lock_for_transaction
from facts.datatypes import DataType
from planner.models import (
    Frequency,
    OperationsItem,
    OperationsKind,
    Plan,
    SkillArea,
    SyncServer,
    UseCaseAnswer,
)
from planner.plans.services import create_plan

DEMO_PLAN_NAME = "Demo: ALM/QC and ALM Octane with Jira Cloud"
DEMO_SERVER_NAME = "Demo sync server"
DEMO_OWNER = "demo"


@dataclass(frozen=True)
class Mistake:
    code: str
    subject: str


DELIBERATE_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "FLD-001",
        "connections/alm-jira/types/Defect->Bug/fields/detected-in-rel->customfield_10050",
    ),
    Mistake("FLD-007", "connections/alm-jira/types/Defect->Bug/fields/severity->"),
    Mistake("FLD-006", "connections/alm-jira/types/Defect->Bug/fields/id->issuekey"),
    Mistake("USR-001", "connections/alm-jira/users"),
    Mistake("ENM-001", "connections/alm-jira/types/Defect->Bug/fields/priority->priority"),
    Mistake("REL-002", "connections/octane-jira/types/sprint->sprint"),
    Mistake("USE-001", "connections/alm-jira"),
    Mistake("USE-001", "connections/octane-jira"),
    Mistake("OPS-002", "operations/credential/jira-api-token"),
    Mistake("OPS-003", "plan"),
    Mistake("OPS-005", "plan"),
    Mistake("OPS-008", "operations/certificate/octane-tls"),
)


@dataclass(frozen=True)
class DemoResult:
    plan: Plan
    created: bool


def load_demo_plan(
    *, owner_username: str = DEMO_OWNER, password: str | None = None, today=None
) -> DemoResult:
    """Create the demo plan owned by ``owner_username`` (created if missing, with an unusable
    password unless ``password`` is given). If a plan with the demo name exists, it is returned
    untouched. ``today`` dates the register's expiries (default: today)."""
    with transaction.atomic():
        lock_for_transaction("syncplan.load_demo_plan")
        existing = Plan.objects.filter(name=DEMO_PLAN_NAME).order_by("pk").first()
        if existing is not None:
            return DemoResult(existing, created=False)
        load_catalog()
        # The whole demo is one change: one revision, one audit event.
        with content_change(summary=("demo.load", "plan")):
            plan = _build(owner_username, password, today or timezone.localdate())
        return DemoResult(plan, True)


def _owner(username: str, password: str | None):
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user


def _build(owner_username: str, password: str | None, today: datetime.date) -> Plan:
    owner = _owner(owner_username, password)
    server = _sync_server(today, owner)
    plan = create_plan(
        user=owner,
        name=DEMO_PLAN_NAME,
        description=(
            "A draft plan to explore Syncplan: ALM/QC defects with Jira bugs, and ALM Octane "
            "stories and sprints with Jira. It contains deliberate planning mistakes; run the "
            "validator to find them."
        ),
        sync_server=server,
    )
    products = {
        p.key: p for p in Product.objects.filter(key__in=["alm-qc", "jira-cloud", "alm-octane"])
    }
    alm = create_endpoint_from_product(
        plan=plan,
        product=products["alm-qc"],
        key="alm",
        name="ALM/QC (QA department)",
        base_url="https://alm.example.com/qcbin",
        user=owner,
    )
    jira = create_endpoint_from_product(
        plan=plan,
        product=products["jira-cloud"],
        key="jira",
        name="Jira Cloud (development)",
        base_url="https://example.atlassian.net",
        user=owner,
    )
    octane = create_endpoint_from_product(
        plan=plan,
        product=products["alm-octane"],
        key="octane",
        name="ALM Octane (product management)",
        base_url="https://octane.example.com",
        user=owner,
    )
    _describe_endpoints(alm, jira, octane)
    # This team's Jira has a custom text field for the release a bug was found in: the
    # catalog's profile is only the starting point of an endpoint.
    Field.objects.create(
        item_type=jira.item_types.get(key="Bug"),
        key="customfield_10050",
        label="Found in Release",
        data_type=DataType.STRING,
        max_length=255,
        position=100,
    )
    fields = _FieldIndex(plan)
    _alm_jira(plan, alm, jira, fields, owner)
    _octane_jira(plan, octane, jira, fields, owner)
    record_change(plan, owner, "demo.load", "plan", after={"name": DEMO_PLAN_NAME})
    return plan


def _sync_server(today: datetime.date, owner) -> SyncServer:
    """The demo's sync server and its register (kept if the owner's server already exists;
    another team's server of that name is not reached)."""
    from planner.servers import servers_visible_to

    existing = servers_visible_to(owner).filter(name=DEMO_SERVER_NAME).order_by("pk").first()
    if existing is not None:
        return existing
    server = SyncServer.objects.create(
        name=DEMO_SERVER_NAME,
        **{
            "description": "Runs the connections between the QA, development and product "
            "management tools.",
            "host": "sync01.example.com",
            "operating_system": "linux",
            "time_zone": "Europe/Berlin",
            "test_environment": "sync-test01.example.com, with the sandbox projects "
            "QA/WEBSHOP_TEST (ALM/QC), SHOPTEST (Jira) and workspace Webshop Sandbox (Octane).",
            "backup_procedure": "Nightly pg_dump of the sync database to the backup share, "
            "kept 14 days; a restore is rehearsed every quarter on the test server.",
        },
    )
    OperationsItem.objects.bulk_create(
        OperationsItem(sync_server=server, **item)
        for item in [
            {
                "kind": OperationsKind.SKILL,
                "key": "server-os",
                "name": "Server OS administration",
                "skill_area": SkillArea.SERVER_OS,
                "owner": "Dana Okafor (IT operations)",
            },
            {
                "kind": OperationsKind.SKILL,
                "key": "networking",
                "name": "Networking: proxies, certificates, firewalls",
                "skill_area": SkillArea.NETWORKING,
            },
            {
                "kind": OperationsKind.SKILL,
                "key": "product-alm-qc",
                "name": "ALM/QC administration",
                "skill_area": SkillArea.PRODUCT,
                "product_key": "alm-qc",
                "owner": "Priya Raman",
            },
            {
                "kind": OperationsKind.SKILL,
                "key": "product-jira-cloud",
                "name": "Jira Cloud administration",
                "skill_area": SkillArea.PRODUCT,
                "product_key": "jira-cloud",
                "owner": "Sam Porter",
            },
            {
                "kind": OperationsKind.SKILL,
                "key": "product-alm-octane",
                "name": "ALM Octane administration",
                "skill_area": SkillArea.PRODUCT,
                "product_key": "alm-octane",
            },
            {
                "kind": OperationsKind.CREDENTIAL,
                "key": "jira-api-token",
                "name": "Jira Cloud API token of connect-bot@example.com",
                "owner": "Sam Porter",
                "expires_on": today + datetime.timedelta(days=10),
            },
            {
                "kind": OperationsKind.CREDENTIAL,
                "key": "alm-service-account",
                "name": "ALM/QC password of svc_connect",
                "owner": "Priya Raman",
                "expires_on": today + datetime.timedelta(days=180),
            },
            {
                "kind": OperationsKind.CERTIFICATE,
                "key": "octane-tls",
                "name": "TLS certificate of octane.example.com (internal CA)",
                "owner": "Dana Okafor (IT operations)",
            },
            {
                "kind": OperationsKind.CERTIFICATE,
                "key": "proxy-ca",
                "name": "Corporate proxy CA certificate",
                "owner": "Dana Okafor (IT operations)",
                "expires_on": today + datetime.timedelta(days=400),
            },
            {
                "kind": OperationsKind.MAINTENANCE_TASK,
                "key": "database-purge",
                "name": "Database purge",
                "is_database_purge": True,
                "command": "/opt/connect/bin/purge-db.sh --older-than 30",
                "owner": "Dana Okafor (IT operations)",
                "description": "Agreed in principle; nobody has scheduled it yet.",
            },
            {
                "kind": OperationsKind.MAINTENANCE_TASK,
                "key": "log-rotation",
                "name": "Rotate the sync logs",
                "command": "/usr/sbin/logrotate /etc/logrotate.d/connect",
                "owner": "Dana Okafor (IT operations)",
                "frequency": Frequency.WEEKLY,
                "weekdays": [6],
                "at_time": datetime.time(2, 30),
                "time_zone": "Europe/Berlin",
            },
        ]
    )
    return server


def _describe_endpoints(alm, jira, octane) -> None:
    """The team's own facts about each endpoint: account, network path, projects, users."""
    alm.integration_account = "svc_connect"
    alm.auth_method = "native"
    alm.account_locale = "en-US"
    alm.account_role = "Connect integration (custom group)"
    alm.account_permissions = "Read and write defects, releases and cycles in QA/WEBSHOP."
    alm.network_path = NetworkPath.DIRECT
    alm.certificate_trust = "Corporate CA; its root certificate is in the server's trust store."
    jira.integration_account = "connect-bot@example.com"
    jira.auth_method = "native"
    jira.account_locale = "en-US"
    jira.account_role = "Administrators of project SHOP"
    jira.account_permissions = (
        "Browse, create, edit, transition and assign issues in SHOP; manage sprints of board 12."
    )
    jira.network_path = NetworkPath.PROXY
    jira.proxy_host = "proxy.example.com"
    jira.proxy_port = 3128
    jira.certificate_trust = "Public CA; the proxy's inspection CA (proxy-ca) is trusted."
    octane.integration_account = "connect_api (API access key)"
    octane.auth_method = "native"
    octane.account_locale = "en-US"
    octane.account_role = "Workspace admin of Webshop"
    octane.account_permissions = "Read and write stories, releases and sprints in Webshop."
    octane.network_path = NetworkPath.DIRECT
    octane.certificate_trust = "Internal CA; octane-tls imported into the trust store."
    for endpoint in (alm, jira, octane):
        endpoint.save()

    Project.objects.bulk_create(
        [
            Project(endpoint=alm, key="QA/WEBSHOP", name="Domain QA, project WEBSHOP"),
            Project(endpoint=jira, key="SHOP", name="Webshop"),
            Project(endpoint=octane, key="1001/1002", name="Shared space 1001, workspace Webshop"),
        ]
    )
    people = [
        ("gbear", "Gary Bear", "gary.bear@example.com", "5b10ac8d82e05b22cc7d4ef5"),
        ("jdoe", "Jane Doe", "jane.doe@example.com", "5b10a2844c20165700ede21g"),
        ("mli", "Mei Li", "mei.li@example.com", "5b109f2e9729b51b54dc274d"),
    ]
    users = []
    for username, full_name, email, account_id in people:
        users.append(
            EndpointUser(endpoint=alm, username=username, full_name=full_name, email=email)
        )
        # Jane married since her Jira account was made: her Jira name differs.
        jira_name = "Jane Doe-Smith" if username == "jdoe" else full_name
        users.append(
            EndpointUser(
                endpoint=jira,
                username=account_id,
                account_id=account_id,
                full_name=jira_name,
                email=email,
            )
        )
        users.append(
            EndpointUser(endpoint=octane, username=email, full_name=full_name, email=email)
        )
    users += [
        EndpointUser(endpoint=alm, username="svc_connect", full_name="Connect Service"),
        EndpointUser(
            endpoint=jira,
            username="712020:connect-bot",
            account_id="712020:connect-bot",
            full_name="Connect Bot",
            email="connect-bot@example.com",
        ),
        EndpointUser(endpoint=octane, username="connect_api", full_name="Connect Integration"),
    ]
    EndpointUser.objects.bulk_create(users)


class _FieldIndex:
    """The plan's fields and enum values by key and label (two queries)."""

    def __init__(self, plan):
        self.fields = {
            (f.item_type.endpoint.key, f.item_type.key, f.key): f
            for f in Field.objects.filter(item_type__endpoint__plan=plan).select_related(
                "item_type__endpoint"
            )
        }
        self.values = {
            (v.field_id, v.label): v
            for v in EnumValue.objects.filter(field__item_type__endpoint__plan=plan)
        }

    def field(self, endpoint, type_key: str, key: str) -> Field:
        return self.fields[(endpoint.key, type_key, key)]

    def value(self, field: Field, label: str) -> EnumValue:
        return self.values[(field.pk, label)]


def _map_fields(type_mapping, fields: _FieldIndex, rows) -> dict[str, FieldMapping]:
    """``rows``: (left field key, right field key, options); returns mappings by left->right."""
    connection = type_mapping.connection
    created = {}
    for position, (left_key, right_key, options) in enumerate(rows):
        left = fields.field(connection.left, type_mapping.left_type.key, left_key)
        right = fields.field(connection.right, type_mapping.right_type.key, right_key)
        created[f"{left_key}->{right_key}"] = FieldMapping.objects.create(
            type_mapping=type_mapping,
            left_field=left,
            right_field=right,
            position=position,
            **options,
        )
    return created


def _pair_values(mapping: FieldMapping, fields: _FieldIndex, pairs) -> None:
    EnumPair.objects.bulk_create(
        EnumPair(
            field_mapping=mapping,
            left_value=fields.value(mapping.left_field, left),
            right_value=fields.value(mapping.right_field, right),
            position=position,
        )
        for position, (left, right) in enumerate(pairs)
    )


def _answer(connection, owner, answers) -> None:
    UseCaseAnswer.objects.bulk_create(
        UseCaseAnswer(
            connection=connection, question=question, text=text, data=data, answered_by=owner
        )
        for question, text, data in answers
    )


def _alm_jira(plan, alm, jira, fields: _FieldIndex, owner) -> None:
    connection = Connection.objects.create(
        plan=plan,
        key="alm-jira",
        name="ALM/QC defects with Jira bugs",
        left=alm,
        right=jira,
        conflict_policy=ConflictPolicy.LEFT_WINS,
        items_exist_in_both=False,
    )
    ProjectPair.objects.create(
        connection=connection,
        left_project=alm.projects.get(key="QA/WEBSHOP"),
        right_project=jira.projects.get(key="SHOP"),
    )
    defects = TypeMapping.objects.create(
        connection=connection,
        left_type=alm.item_types.get(key="Defect"),
        right_type=jira.item_types.get(key="Bug"),
        direction=Direction.BOTH,
        system_of_record=Side.LEFT,
        scope="ALM/QC: defects of QA/WEBSHOP detected in system test (not Closed or Rejected). "
        "Jira: bugs of project SHOP with the label 'qa-visible'.",
        creators="Testers create defects in ALM/QC; developers create bugs in Jira that the "
        "testers must see.",
        other_side_may_update=True,
    )
    r2l = {"direction": Direction.R2L}
    mappings = _map_fields(
        defects,
        fields,
        [
            ("name", "summary", {}),
            ("description", "description", {}),
            ("status", "status", {**r2l, "notes": "Developers' progress shows in ALM/QC."}),
            ("priority", "priority", {}),
            ("owner", "assignee", {}),
            ("detected-by", "reporter", {"on_creation_only": True}),
            ("dev-comments", "comment", {}),
            # Deliberate FLD-006: both IDs are read-only and system-generated.
            (
                "id",
                "issuekey",
                {"direction": Direction.L2R, "notes": "So that Jira shows the ALM/QC defect ID."},
            ),
            # Deliberate FLD-001: a String flowing into a Relationship.
            (
                "detected-in-rel",
                "customfield_10050",
                {**r2l, "notes": "Release names typed in Jira."},
            ),
            # Deliberate FLD-007: Severity (required, no default in ALM/QC) is not mapped.
        ],
    )
    _pair_values(
        mappings["status->status"],
        fields,
        [("Open", "To Do"), ("Open", "In Progress"), ("Fixed", "Done")],
    )
    # Deliberate ENM-001: "4-Very High" and "Lowest" are left without a pair.
    _pair_values(
        mappings["priority->priority"],
        fields,
        [("1-Low", "Low"), ("2-Medium", "Medium"), ("3-High", "High"), ("5-Urgent", "Highest")],
    )
    # Deliberate USR-001: user fields are mapped, and no user map bridges usernames (ALM/QC)
    # and full names (Jira).
    _answer(
        connection,
        owner,
        [
            (
                "user-types-and-roles",
                "ALM/QC: testers of the QA team create and retest defects. Jira: developers of "
                "team Phoenix fix bugs and report the bugs they find themselves.",
                {
                    "left": "Testers (QA team) create and retest defects.",
                    "right": "Developers (team Phoenix) fix bugs and report bugs they find.",
                },
            ),
            ("product-roles", "ALM/QC is the system of record for defects.", {}),
            (
                "information-to-share",
                "Defects found in system test with their priority, status, assignee and "
                "comments, so developers can fix them and testers can follow the progress.",
                {},
            ),
            (
                "who-creates",
                "Testers create defects in ALM/QC; developers create bugs in Jira.",
                {},
            ),
        ],
    )


def _octane_jira(plan, octane, jira, fields: _FieldIndex, owner) -> None:
    connection = Connection.objects.create(
        plan=plan,
        key="octane-jira",
        name="ALM Octane stories and sprints with Jira",
        left=octane,
        right=jira,
        conflict_policy=ConflictPolicy.LEFT_WINS,
    )
    ProjectPair.objects.create(
        connection=connection,
        left_project=octane.projects.get(key="1001/1002"),
        right_project=jira.projects.get(key="SHOP"),
    )
    stories = TypeMapping.objects.create(
        connection=connection,
        left_type=octane.item_types.get(key="story"),
        right_type=jira.item_types.get(key="Story"),
        direction=Direction.L2R,
        system_of_record=Side.LEFT,
        scope="ALM Octane: user stories of team Phoenix in release 2026.1. Jira: project SHOP.",
        creators="Product owners create user stories in ALM Octane.",
        other_side_may_update=True,
        position=0,
    )
    _map_fields(
        stories,
        fields,
        [
            ("name", "summary", {"direction": Direction.BOTH}),
            ("description", "description", {"direction": Direction.BOTH}),
            ("owner", "assignee", {"direction": Direction.BOTH}),
            ("story_points", "customfield_10016", {}),
            (
                "sprint",
                "customfield_10020",
                {"direction": Direction.R2L, "notes": "Developers plan stories into Jira sprints."},
            ),
        ],
    )
    sprints = TypeMapping.objects.create(
        connection=connection,
        left_type=octane.item_types.get(key="sprint"),
        right_type=jira.item_types.get(key="sprint"),
        direction=Direction.R2L,
        system_of_record=Side.RIGHT,
        scope="Sprints of the SHOP Scrum board (board 12).",
        creators="Scrum masters create sprints in Jira.",
        other_side_may_update=False,
        position=1,
    )
    # Deliberate REL-002: an Octane sprint needs a release and dates inside it, and no
    # relationship rule says which release a Jira sprint goes to; Jira's sprint dates, mapped
    # into Octane's required ones, are optional.
    _map_fields(
        sprints,
        fields,
        [
            ("name", "name", {}),
            ("start_date", "startDate", {}),
            ("end_date", "endDate", {}),
        ],
    )
    user_map = UserMap.objects.create(
        connection=connection,
        strategy=UserMatchStrategy.BY_NAME,
        left_default_user="Connect Integration",
        right_default_user="Connect Bot",
    )
    UserMapEntry.objects.create(
        user_map=user_map, left_username="Jane Doe", right_username="Jane Doe-Smith"
    )
    _answer(
        connection,
        owner,
        [
            (
                "user-types-and-roles",
                "ALM Octane: product owners write and prioritise user stories. Jira: "
                "developers and scrum masters plan sprints and implement the stories.",
                {
                    "left": "Product owners write and prioritise user stories.",
                    "right": "Developers and scrum masters plan sprints and implement stories.",
                },
            ),
            (
                "information-to-share",
                "User stories with their description, owner and estimate, and which Jira "
                "sprint each story is planned in.",
                {},
            ),
            (
                "relationships",
                "A story's Sprint field points at a sprint; Jira sprints are synchronized as "
                "their own type so that the field can be set.",
                {},
            ),
        ],
    )
