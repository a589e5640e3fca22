"""A small stored plan (factories) with known findings, for service, command and page tests."""

from facts.datatypes import DataType
from tests.factories import (
    ConnectionFactory,
    EndpointFactory,
    FieldFactory,
    FieldMappingFactory,
    ItemTypeFactory,
    SyncServerFactory,
    TypeMappingFactory,
)


def stored_plan(plan, type_mappings=1, fields=2):
    """``plan`` gets a sync server (nothing recorded: OPS-003 error, OPS-006/OPS-009 warnings),
    two endpoints without network paths (OPS-004 warnings) and a connection with
    ``type_mappings`` type mappings of ``fields`` string field mappings each, plus an ID ↔ ID
    mapping (FLD-006 error) in the first."""
    plan.sync_server = SyncServerFactory()
    plan.save(update_fields=["sync_server"])
    left = EndpointFactory(plan=plan, key="alm", name="ALM")
    right = EndpointFactory(plan=plan, key="jira", name="Jira")
    connection = ConnectionFactory(plan=plan, key="alm-jira", left=left, right=right)
    for t in range(type_mappings):
        left_type = ItemTypeFactory(endpoint=left, key=f"defect{t}")
        right_type = ItemTypeFactory(endpoint=right, key=f"bug{t}")
        tm = TypeMappingFactory(
            connection=connection, left_type=left_type, right_type=right_type, position=t
        )
        for i in range(fields):
            FieldMappingFactory(
                type_mapping=tm,
                left_field=FieldFactory(item_type=left_type, key=f"f{i}"),
                right_field=FieldFactory(item_type=right_type, key=f"f{i}"),
            )
        if t == 0:
            FieldMappingFactory(
                type_mapping=tm,
                left_field=FieldFactory(item_type=left_type, key="id", data_type=DataType.INTEGER,
                                        read_only=True, system_generated=True),
                right_field=FieldFactory(item_type=right_type, key="id", data_type=DataType.INTEGER,
                                         read_only=True, system_generated=True),
            )  # fmt: skip
    return plan
