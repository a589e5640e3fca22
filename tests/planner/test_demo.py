import datetime
import threading
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from connections.models import (
    Connection,
    Endpoint,
    EnumPair,
    EnumValue,
    Field,
    FieldMapping,
    Product,
    RelationshipRule,
    TypeMapping,
    UserMap,
)
from core.access import Role
from planner import demo
from planner.demo import DELIBERATE_MISTAKES, DEMO_PLAN_NAME, load_demo_plan
from planner.document.snapshot import build_snapshot
from planner.models import Membership, OperationsItem, Plan, UseCaseAnswer
from planner.validation.engine import validate
from tests.factories import UserFactory

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def demo_plan(db):
    return load_demo_plan(today=TODAY).plan


def _mapping(plan, connection, left_type, right_type, left_field, right_field):
    return FieldMapping.objects.select_related("left_field", "right_field").get(
        type_mapping__connection__plan=plan,
        type_mapping__connection__key=connection,
        type_mapping__left_type__key=left_type,
        type_mapping__right_type__key=right_type,
        left_field__key=left_field,
        right_field__key=right_field,
    )


def test_the_demo_plan_is_created_with_the_owner_as_a_member(db):
    result = load_demo_plan(today=TODAY)

    assert result.created
    plan = result.plan
    assert plan.name == DEMO_PLAN_NAME
    owner = get_user_model().objects.get(username="demo")
    assert Membership.objects.get(plan=plan).user == owner
    assert Membership.objects.get(plan=plan).role == Role.OWNER
    assert plan.created_by == owner
    assert not owner.has_usable_password()
    assert plan.sync_server.name == demo.DEMO_SERVER_NAME
    assert Product.objects.count() == 6  # the catalog came along


def test_a_password_given_by_the_caller_is_set_on_a_new_owner(db):
    load_demo_plan(owner_username="alice", password="s3cret-horse-battery", today=TODAY)

    assert get_user_model().objects.get(username="alice").check_password("s3cret-horse-battery")


def test_an_existing_owner_keeps_their_password(db):
    user = UserFactory(username="bob")

    plan = load_demo_plan(owner_username="bob", password="other-password", today=TODAY).plan

    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")
    assert Membership.objects.filter(plan=plan, user=user, role=Role.OWNER).exists()


def test_loading_the_demo_twice_reports_the_plan_and_changes_nothing(demo_plan):
    counts = (
        Plan.objects.count(),
        Endpoint.objects.count(),
        Field.objects.count(),
        FieldMapping.objects.count(),
        OperationsItem.objects.count(),
    )
    demo_plan.refresh_from_db()
    revision = demo_plan.revision

    again = load_demo_plan(today=TODAY)

    assert not again.created
    assert again.plan == demo_plan
    assert counts == (
        Plan.objects.count(),
        Endpoint.objects.count(),
        Field.objects.count(),
        FieldMapping.objects.count(),
        OperationsItem.objects.count(),
    )
    again.plan.refresh_from_db()
    assert again.plan.revision == revision


@pytest.mark.django_db(transaction=True)
def test_two_loads_at_the_same_moment_create_one_demo_plan():
    start = threading.Barrier(2)

    def load():
        try:
            start.wait()
            return load_demo_plan(today=TODAY).created
        finally:
            connection.close()  # each thread has its own database connection

    with ThreadPoolExecutor(max_workers=2) as pool:
        created = sorted(f.result() for f in [pool.submit(load), pool.submit(load)])

    assert created == [False, True]
    assert Plan.objects.filter(name=DEMO_PLAN_NAME).count() == 1
    assert Product.objects.count() == 6


def test_the_endpoints_come_from_the_catalog(demo_plan):
    endpoints = {e.key: e for e in demo_plan.endpoints.select_related("product")}

    assert {k: e.product.key for k, e in endpoints.items()} == {
        "alm": "alm-qc",
        "jira": "jira-cloud",
        "octane": "alm-octane",
    }
    assert endpoints["alm"].user_representation == "username"
    assert endpoints["jira"].user_representation == "full_name"
    assert endpoints["alm"].item_types.get(key="Defect").fields.count() == 18
    # The team's instance differs from the catalog: a custom field on Jira bugs.
    found_in = Field.objects.get(item_type__endpoint=endpoints["jira"], key="customfield_10050")
    assert (found_in.item_type.key, found_in.data_type) == ("Bug", "string")


def test_the_two_connections_have_their_type_mappings(demo_plan):
    mappings = {
        (m.connection.key, m.left_type.key, m.right_type.key): m
        for m in TypeMapping.objects.filter(connection__plan=demo_plan).select_related(
            "connection", "left_type", "right_type"
        )
    }

    assert set(mappings) == {
        ("alm-jira", "Defect", "Bug"),
        ("octane-jira", "story", "Story"),
        ("octane-jira", "sprint", "sprint"),
    }
    defects = mappings[("alm-jira", "Defect", "Bug")]
    assert (defects.direction, defects.system_of_record) == ("both", "left")
    stories = mappings[("octane-jira", "story", "Story")]
    assert (stories.direction, stories.system_of_record) == ("l2r", "left")
    sprints = mappings[("octane-jira", "sprint", "sprint")]
    assert (sprints.direction, sprints.system_of_record) == ("r2l", "right")
    assert all(m.scope for m in mappings.values())
    assert UserMap.objects.get(connection__key="octane-jira").strategy == "by_name"


# --- The deliberate mistakes, as data --------------------------------------------------------


def test_fld001_a_string_flows_into_a_relationship(demo_plan):
    mapping = _mapping(
        demo_plan, "alm-jira", "Defect", "Bug", "detected-in-rel", "customfield_10050"
    )

    assert mapping.direction == "r2l"  # from Jira's string into ALM/QC's relationship
    assert mapping.right_field.data_type == "string"
    assert mapping.left_field.data_type == "relationship"
    assert mapping.left_field.relationship_targets == ["Release"]


def test_fld007_alm_severity_is_required_and_nothing_sets_it_on_created_defects(demo_plan):
    type_mapping = TypeMapping.objects.get(connection__plan=demo_plan, connection__key="alm-jira")
    severity = Field.objects.get(item_type=type_mapping.left_type, key="severity")

    assert type_mapping.direction == "both"  # bugs created in Jira create defects in ALM/QC
    assert severity.required and not severity.has_default and not severity.default_value
    assert not FieldMapping.objects.filter(type_mapping=type_mapping, left_field=severity).exists()


def test_fld006_an_id_is_mapped_to_an_id(demo_plan):
    mapping = _mapping(demo_plan, "alm-jira", "Defect", "Bug", "id", "issuekey")

    assert mapping.direction == "l2r"  # into Jira's key (integer -> string is compatible)
    for field in (mapping.left_field, mapping.right_field):
        assert field.read_only and field.system_generated


def test_usr001_user_fields_between_username_and_full_name_with_no_user_map(demo_plan):
    connection = Connection.objects.select_related("left", "right").get(
        plan=demo_plan, key="alm-jira"
    )

    assert connection.left.user_representation == "username"
    assert connection.right.user_representation == "full_name"
    assert not UserMap.objects.filter(connection=connection).exists()
    user_mappings = FieldMapping.objects.filter(
        type_mapping__connection=connection, left_field__data_type="user"
    ).values_list("left_field__key", "right_field__key")
    assert set(user_mappings) == {("owner", "assignee"), ("detected-by", "reporter")}


def test_enm001_priority_values_are_left_without_a_pair(demo_plan):
    mapping = _mapping(demo_plan, "alm-jira", "Defect", "Bug", "priority", "priority")
    pairs = EnumPair.objects.filter(field_mapping=mapping)
    paired_left = set(pairs.values_list("left_value__label", flat=True))
    paired_right = set(pairs.values_list("right_value__label", flat=True))

    unpaired_left = (
        set(
            EnumValue.objects.filter(field=mapping.left_field, active=True).values_list(
                "label", flat=True
            )
        )
        - paired_left
    )
    unpaired_right = (
        set(
            EnumValue.objects.filter(field=mapping.right_field, active=True).values_list(
                "label", flat=True
            )
        )
        - paired_right
    )
    assert unpaired_left == {"4-Very High"}
    assert unpaired_right == {"Lowest"}
    assert mapping.left_catch_all is None and mapping.right_catch_all is None
    assert (mapping.direction or mapping.type_mapping.direction) == "both"


def test_rel002_jira_sprints_are_created_in_octane_with_no_release_rule(demo_plan):
    sprints = TypeMapping.objects.select_related("left_type").get(
        connection__plan=demo_plan, connection__key="octane-jira", left_type__key="sprint"
    )

    assert sprints.direction == "r2l"  # Jira creates sprints in ALM Octane
    assert sprints.left_type.parent_type == "release"
    assert sprints.left_type.date_window_fields == ["start_date", "end_date"]
    assert not RelationshipRule.objects.filter(type_mapping=sprints).exists()


def test_use001_the_use_case_is_only_partly_answered(demo_plan):
    answers = {
        key: dict(
            UseCaseAnswer.objects.filter(
                connection__plan=demo_plan, connection__key=key
            ).values_list("question", "text")
        )
        for key in ("alm-jira", "octane-jira")
    }

    assert set(answers["alm-jira"]) == {
        "user-types-and-roles",
        "product-roles",
        "information-to-share",
        "who-creates",
    }
    assert set(answers["octane-jira"]) == {
        "user-types-and-roles",
        "information-to-share",
        "relationships",
    }
    assert all(len(text) > 20 for texts in answers.values() for text in texts.values())
    # Unanswered by text and by structure alike:
    assert "relationships" not in answers["alm-jira"]
    octane_jira = Connection.objects.get(plan=demo_plan, key="octane-jira")
    assert octane_jira.items_exist_in_both is None
    assert "existing-items" not in answers["octane-jira"]


def test_the_operations_register_is_partly_filled(demo_plan):
    items = {(i.kind, i.key): i for i in demo_plan.sync_server.operations_items.all()}

    token = items[("credential", "jira-api-token")]
    assert token.expires_on == TODAY + datetime.timedelta(days=10)  # OPS-002
    assert items[("certificate", "octane-tls")].expires_on is None  # OPS-008
    purges = [i for i in items.values() if i.is_database_purge]
    assert [p.key for p in purges] == ["database-purge"]
    assert not purges[0].has_schedule  # OPS-003
    assert items[("maintenance_task", "log-rotation")].has_schedule
    skills = {key: i.owner for (kind, key), i in items.items() if kind == "skill"}
    assert {key for key, owner in skills.items() if not owner} == {
        "networking",
        "product-alm-octane",
    }  # OPS-005
    assert skills["server-os"] and skills["product-alm-qc"] and skills["product-jira-cloud"]


def test_the_docstring_lists_every_deliberate_mistake():
    assert len(DELIBERATE_MISTAKES) == len(set(DELIBERATE_MISTAKES))
    for mistake in DELIBERATE_MISTAKES:
        assert f"- {mistake.code} {mistake.subject}" in " ".join(demo.__doc__.split())


# --- The snapshot ------------------------------------------------------------------------------


def _resolve(snapshot, subject):
    """The snapshot object a subject path names (rules.md "Subjects and identity")."""
    if subject == "plan":
        return snapshot
    parts = subject.split("/")
    if parts[0] == "operations":
        return next(
            i for i in snapshot.sync_server.operations if (i.kind, i.key) == (parts[1], parts[2])
        )
    connection = next(c for c in snapshot.connections if c.key == parts[1])
    if len(parts) == 2 or parts[2] == "users":
        return connection
    type_mapping = next(t for t in connection.type_mappings if t.key == parts[3])
    if len(parts) == 4:
        return type_mapping
    left_key, right_key = parts[5].split("->")
    mapping = next((m for m in type_mapping.field_mappings if m.key == parts[5]), None)
    if mapping is not None:
        return mapping
    # An unmapped field: it must exist on its side's type and no mapping may use it.
    side, key = ("left", left_key) if left_key else ("right", right_key)
    endpoint = snapshot.endpoint(getattr(connection, side))
    field = endpoint.type(getattr(type_mapping, f"{side}_type")).field(key)
    assert all(getattr(m, f"{side}_field") != key for m in type_mapping.field_mappings)
    return field


def test_build_snapshot_reads_the_whole_demo_plan(demo_plan):
    snapshot = build_snapshot(demo_plan)

    assert snapshot.name == DEMO_PLAN_NAME
    assert [e.key for e in snapshot.endpoints] == ["alm", "jira", "octane"]
    assert [c.key for c in snapshot.connections] == ["alm-jira", "octane-jira"]
    alm_jira = snapshot.connections[0]
    assert alm_jira.user_map is None
    assert alm_jira.project_pairs == (("QA/WEBSHOP", "SHOP"),)
    priority = next(m for m in alm_jira.type_mappings[0].field_mappings if m.key == "priority->priority")  # fmt: skip
    assert [(p.left, p.right) for p in priority.enum_pairs] == [
        ("1-Low", "Low"),
        ("2-Medium", "Medium"),
        ("3-High", "High"),
        ("5-Urgent", "Highest"),
    ]
    octane_jira = snapshot.connections[1]
    assert octane_jira.user_map.strategy == "by_name"
    assert [(e.left, e.right) for e in octane_jira.user_map.entries] == [
        ("Jane Doe", "Jane Doe-Smith")
    ]
    assert snapshot.sync_server.name == demo.DEMO_SERVER_NAME


@pytest.mark.parametrize("mistake", DELIBERATE_MISTAKES, ids=lambda m: f"{m.code} {m.subject}")
def test_every_deliberate_mistake_names_a_real_subject_of_the_snapshot(demo_plan, mistake):
    snapshot = build_snapshot(demo_plan)

    assert _resolve(snapshot, mistake.subject) is not None


def test_the_command_loads_the_demo_once_for_the_given_owner(db):
    out = StringIO()
    call_command("load_demo_plan", owner="carol", stdout=out)
    assert "Demo plan created" in out.getvalue()
    plan = Plan.objects.get(name=DEMO_PLAN_NAME)
    assert plan.memberships.get().user.username == "carol"

    out = StringIO()
    call_command("load_demo_plan", owner="carol", stdout=out)
    assert "already exists" in out.getvalue()
    assert Plan.objects.filter(name=DEMO_PLAN_NAME).count() == 1


def test_validating_the_demo_reports_the_sprint_dates_it_maps_from_optional_jira_fields(
    demo_plan,
):
    findings = validate(build_snapshot(demo_plan), today=TODAY)
    [constraint] = [
        f
        for f in findings
        if (f.code, f.subject) == ("REL-002", "connections/octane-jira/types/sprint->sprint")
    ]
    assert (
        '"Start date", "End date" are fed only from the optional "Start date", "End date" of '
        'Jira Cloud (development) "Sprint"' in constraint.message
    )
    assert 'nothing sets "Release"' in constraint.message
    # One cause, one finding: the string flowing into a relationship is FLD-001 alone.
    fld001 = "connections/alm-jira/types/Defect->Bug/fields/detected-in-rel->customfield_10050"
    assert {f.code for f in findings if f.subject == fld001} == {"FLD-001"}
