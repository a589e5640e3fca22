"""Where a type mapping leads, and the breadcrumbs (Plan › Connection › Type mapping › Fields).

One home for both: the setup page's type mapping rows, the plan page and every connections page
ask these functions, so a link added here shows up everywhere.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse

from connections.models import FieldMapping
from facts.datatypes import ENUM_TYPES


def enum_mappings_prefetch() -> Prefetch:
    """The field mappings with an enum editor (two enum fields), as ``enum_mappings``."""
    return Prefetch(
        "field_mappings",
        queryset=FieldMapping.objects.filter(
            left_field__data_type__in=ENUM_TYPES, right_field__data_type__in=ENUM_TYPES
        ).select_related("left_field", "right_field"),
        to_attr="enum_mappings",
    )


def _enum_mappings(type_mapping):
    found = getattr(type_mapping, "enum_mappings", None)
    if found is None:
        found = list(
            type_mapping.field_mappings.filter(
                left_field__data_type__in=ENUM_TYPES, right_field__data_type__in=ENUM_TYPES
            ).select_related("left_field", "right_field")
        )
    return found


def type_mapping_links(type_mapping) -> list[tuple[str, str]]:
    """(label, URL): the field workspace, the enum editor of each enum field mapping, the user
    map of its connection, and its relationship rules."""
    ids = {"plan_id": type_mapping.connection.plan_id, "connection_id": type_mapping.connection_id}
    fields = {**ids, "type_mapping_id": type_mapping.pk}
    links = [("Field mappings", reverse("connections:workspace", kwargs=fields))]
    for mapping in _enum_mappings(type_mapping):
        url = reverse("connections:enum_pairs", kwargs={**fields, "mapping_id": mapping.pk})
        links.append((f"Values: {mapping.left_field.label} → {mapping.right_field.label}", url))
    links.append(("User map", reverse("connections:user_map", kwargs=ids)))
    links.append(
        (
            "Relationships and existing items",
            reverse(
                "connections:type_mapping_rules",
                kwargs={"plan_id": ids["plan_id"], "mapping_id": type_mapping.pk},
            ),
        )
    )
    return links


def breadcrumbs(plan, connection=None, type_mapping=None, here: str = "") -> list[tuple[str, str]]:
    """(label, URL) from the plan down to the page; the last entry, ``here``, has no URL."""
    crumbs = [(plan.name, reverse("planner:plan_detail", kwargs={"plan_id": plan.pk}))]
    if connection is not None:
        crumbs.append(
            (
                str(connection),
                reverse(
                    "connections:connection_detail",
                    kwargs={"plan_id": plan.pk, "connection_id": connection.pk},
                ),
            )
        )
    if type_mapping is not None:
        label = f"{type_mapping.left_type.label} ↔ {type_mapping.right_type.label}"
        crumbs.append(
            (
                label,
                reverse(
                    "connections:workspace",
                    kwargs={
                        "plan_id": plan.pk,
                        "connection_id": type_mapping.connection_id,
                        "type_mapping_id": type_mapping.pk,
                    },
                ),
            )
        )
    if here:
        crumbs.append((here, ""))
    return crumbs
