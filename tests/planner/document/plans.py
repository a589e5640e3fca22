"""A plan built with the factories that fills every table the plan document carries."""

from datetime import date, time

from facts.datatypes import DataType
from planner.models import Acknowledgement
from tests.factories import (
    CalculatedValueFactory,
    ConnectionFactory,
    EndpointFactory,
    EndpointUserFactory,
    EnumPairFactory,
    EnumValueFactory,
    ExistingItemMatchingFactory,
    FieldFactory,
    FieldMappingFactory,
    ItemTypeFactory,
    OperationsItemFactory,
    PlanFactory,
    ProductFactory,
    ProjectPairFactory,
    RelationshipRuleFactory,
    SyncServerFactory,
    TypeMappingFactory,
    UseCaseAnswerFactory,
    UserMapEntryFactory,
    UserMapFactory,
)


def full_plan(**plan_attrs):
    """Two endpoints, one connection, every kind of mapping, removed marks, an operations
    register with every kind of item, answers and an acknowledgement."""
    server = SyncServerFactory(
        description="The production sync server",
        host="sync.example.com",
        test_environment="sandbox server with JIRA-TEST and octane workspace 2002",
        backup_procedure="Nightly database dump, restored monthly on the sandbox.",
    )
    plan = PlanFactory(
        description="Defects from QA to development", sync_server=server, **plan_attrs
    )
    product = ProductFactory(key="jira-cloud", name="Jira Cloud")
    left = EndpointFactory(
        plan=plan, key="alm", name="ALM/QC", integration_account="svc-sync", auth_method="native",
        network_path="proxy", proxy_host="proxy.example.com", proxy_port=8080,
        certificate_trust="Corporate CA imported into the server's trust store",
        user_directory_complete=True,
    )  # fmt: skip
    right = EndpointFactory(plan=plan, key="jira", name="Jira", product=product,
                            user_representation="account_id", api_enforces_workflow=False)  # fmt: skip
    connection = ConnectionFactory(
        plan=plan, key="alm-jira", name="ALM to Jira", left=left, right=right,
        conflict_policy="latest_wins", items_exist_in_both=True,
    )  # fmt: skip
    ProjectPairFactory(connection=connection, left_project__key="DEFAULT/QA",
                       right_project__key="DEV", right_project__name="Development")  # fmt: skip

    defect = ItemTypeFactory(endpoint=left, key="defect", label="Defect",
                             workflow_state_field="status", states=["New", "Open", "Closed"],
                             transitions=[["New", "Open"], ["Open", "Closed"]])  # fmt: skip
    bug = ItemTypeFactory(endpoint=right, key="bug", label="Bug", parent_type="epic",
                          parent_field="parent", date_window_fields=["due"], parent_immutable=True)  # fmt: skip
    ItemTypeFactory(endpoint=right, key="epic", label="Epic")
    ItemTypeFactory(endpoint=left, key="old-type", label="Old type", removed=True)

    mapping = TypeMappingFactory(
        connection=connection, left_type=defect, right_type=bug, direction="both",
        system_of_record="left", scope="Severity >= 2", conflict_policy="left_wins",
        creators="Testers", other_side_may_update=True,
    )  # fmt: skip
    summary = FieldMappingFactory(
        type_mapping=mapping,
        left_field=FieldFactory(item_type=defect, key="name", label="Summary", required=True,
                                max_length=255),
        right_field=FieldFactory(item_type=bug, key="summary", label="Summary", required=True),
        notes="=the title",
    )  # fmt: skip
    severity_left = FieldFactory(item_type=defect, key="severity", data_type=DataType.ENUM)
    severity_right = FieldFactory(item_type=bug, key="priority", data_type=DataType.ENUM)
    severity = FieldMappingFactory(type_mapping=mapping, left_field=severity_left,
                                   right_field=severity_right, direction="l2r",
                                   conflict_policy="stop", on_creation_only=True)  # fmt: skip
    low = EnumValueFactory(field=severity_left, label="1-Low", position=0)
    high = EnumValueFactory(field=severity_left, label="2-High", position=1)
    EnumValueFactory(field=severity_left, label="3-Gone", position=2, removed=True, active=False)
    minor = EnumValueFactory(field=severity_right, label="Minor", position=0)
    major = EnumValueFactory(field=severity_right, label="Major", position=1)
    EnumPairFactory(field_mapping=severity, left_value=low, right_value=minor, position=0)
    EnumPairFactory(field_mapping=severity, left_value=high, right_value=major, position=1)
    EnumPairFactory(field_mapping=severity, left_value=high, right_value=minor, position=2)
    severity.right_catch_all = minor
    severity.save()
    CalculatedValueFactory(
        field_mapping=FieldMappingFactory(
            type_mapping=mapping, left_field=None,
            right_field=FieldFactory(item_type=bug, key="component", removed=True),
        ),
        kind="expression", condition="on creation", value="'From ALM'",
    )  # fmt: skip
    RelationshipRuleFactory(
        type_mapping=mapping,
        field=FieldFactory(item_type=bug, key="parent", data_type=DataType.RELATIONSHIP,
                           relationship_targets=["epic"]),
        target_type=bug.endpoint.item_types.get(key="epic"),
        resolution="fixed", rule="Epic DEV-1",
    )  # fmt: skip
    ExistingItemMatchingFactory(
        type_mapping=mapping,
        left_field=FieldFactory(item_type=defect, key="jira-key"),
        right_field=FieldFactory(item_type=bug, key="key", read_only=True, system_generated=True),
        notes="ALM stores the Jira key",
    )  # fmt: skip
    assert summary.pk

    EndpointUserFactory(endpoint=left, username="alice", full_name="Alice Adams",
                        email="alice@example.com")  # fmt: skip
    EndpointUserFactory(endpoint=right, username="bob", full_name="Bob Brown",
                        email="bob@example.com", account_id="5b10a2844c20165700ede21g")  # fmt: skip
    user_map = UserMapFactory(connection=connection, strategy="explicit",
                              left_default_user="alice", right_default_user="bob")  # fmt: skip
    UserMapEntryFactory(user_map=user_map, left_username="alice", right_username="bob")
    UserMapEntryFactory(user_map=user_map, left_username="carol", right_username="carol.c")
    UseCaseAnswerFactory(connection=connection, question="information-to-share",
                         text="Defects", data={"types": ["defect"]})  # fmt: skip
    UseCaseAnswerFactory(connection=connection, question="who-creates", text="+testers")

    OperationsItemFactory(sync_server=server, kind="skill", key="server-os", name="Server admin",
                          owner="Ops team", skill_area="server_os")  # fmt: skip
    OperationsItemFactory(sync_server=server, kind="certificate", key="jira-cert",
                          name="Jira TLS certificate", owner="Network team",
                          expires_on=date(2027, 3, 1))  # fmt: skip
    OperationsItemFactory(sync_server=server, kind="credential", key="alm-password",
                          name="ALM integration password", expires_on=date(2027, 1, 15))  # fmt: skip
    OperationsItemFactory(sync_server=server, kind="maintenance_task", key="purge",
                          name="Database purge", is_database_purge=True,
                          command="purge --older-than 90d", frequency="weekly", weekdays=[6],
                          at_time=time(2, 30), time_zone="Europe/Paris")  # fmt: skip
    Acknowledgement.objects.create(
        plan=plan, code="FLD-002", subject="connections/alm-jira/types/defect->bug/fields/name->summary",
        fingerprint="abc123", reason="Titles are short in practice", acknowledged_by="alice",
    )  # fmt: skip
    return plan
