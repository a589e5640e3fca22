"""Subject paths of stable keys (rule catalog, "Subjects and identity"): the one builder.

Findings, acknowledgements, the change log and the pages' links all name a part of the plan by
these paths, so they must be spelled the same everywhere. Every function takes keys (strings).
"""

from __future__ import annotations

PLAN = "plan"
SERVER = "operations/server"


def endpoint(key: str) -> str:
    return f"endpoints/{key}"


def endpoint_users(endpoint_key: str) -> str:
    return f"{endpoint(endpoint_key)}/users"


def endpoint_user(endpoint_key: str, username: str) -> str:
    return f"{endpoint_users(endpoint_key)}/{username}"


def project(endpoint_key: str, key: str) -> str:
    return f"{endpoint(endpoint_key)}/projects/{key}"


def item_type(endpoint_key: str, key: str) -> str:
    return f"{endpoint(endpoint_key)}/types/{key}"


def field(endpoint_key: str, type_key: str, key: str) -> str:
    return f"{item_type(endpoint_key, type_key)}/fields/{key}"


def enum_value(endpoint_key: str, type_key: str, field_key: str, label: str) -> str:
    return f"{field(endpoint_key, type_key, field_key)}/values/{label}"


def connection(key: str) -> str:
    return f"connections/{key}"


def project_pair(connection_key: str, left: str, right: str) -> str:
    return f"{connection(connection_key)}/projects/{left}->{right}"


def use_case(connection_key: str, question: str) -> str:
    return f"{connection(connection_key)}/use-case/{question}"


def type_mappings(connection_key: str) -> str:
    """The prefix of every type mapping's subject of a connection."""
    return f"{connection(connection_key)}/types"


def type_mapping(connection_key: str, left_type: str, right_type: str) -> str:
    return f"{type_mappings(connection_key)}/{left_type}->{right_type}"


def field_mapping(
    connection_key: str, left_type: str, right_type: str, left: str | None, right: str | None
) -> str:
    """``left`` / ``right`` field keys; None (or "") on the empty side of a calculated value."""
    return (
        f"{type_mapping(connection_key, left_type, right_type)}/fields/{left or ''}->{right or ''}"
    )


def enum_pair(field_mapping_subject: str, left_label: str, right_label: str) -> str:
    return f"{field_mapping_subject}/values/{left_label}->{right_label}"


def relationship_rule(connection_key: str, left_type: str, right_type: str, field_key: str):
    return f"{type_mapping(connection_key, left_type, right_type)}/relationships/{field_key}"


def matching(connection_key: str, left_type: str, right_type: str, left: str, right: str):
    return f"{type_mapping(connection_key, left_type, right_type)}/matching/{left}->{right}"


def users(connection_key: str) -> str:
    return f"{connection(connection_key)}/users"


def user_map_entry(connection_key: str, left: str, right: str) -> str:
    return f"{users(connection_key)}/{left}->{right}"


def operations_item(kind: str, key: str) -> str:
    return f"operations/{kind}/{key}"
