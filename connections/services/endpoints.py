"""Creating an endpoint from a catalog product profile.

A profile (``Product.profile``, loaded from connections/catalog/*.json) has this shape; any key
left out takes the model's default:

    {"user_representation": "full_name", "api_enforces_workflow": true,
     "integration_can_override_workflow": false, "allows_impersonation": false,
     "types": [{"key": "defect", "label": "Defect", "workflow_state_field": "phase",
                "states": [...], "transitions": [["New", "Open"], ...],
                "parent_type": "", "parent_field": "", "date_window_fields": [],
                "parent_immutable": false,
                "fields": [{"key": "severity", "label": "Severity", "data_type": "enum",
                            "required": true, "read_only": false, "create_only": false,
                            "system_generated": false, "has_default": false,
                            "default_value": "", "relationship_targets": [],
                            "max_length": null, "precision": null, "addon_type": "",
                            "not_supported": false, "user_settable": true,
                            "values": [{"label": "1-Low", "active": true}, ...]}]}]}
"""

from __future__ import annotations

from django.db import transaction

from connections.models import Endpoint, EnumValue, Field, ItemType, Product

ENDPOINT_BEHAVIOURS = (
    "user_representation",
    "api_enforces_workflow",
    "integration_can_override_workflow",
    "allows_impersonation",
)
TYPE_ATTRIBUTES = (
    "workflow_state_field",
    "states",
    "transitions",
    "parent_type",
    "parent_field",
    "date_window_fields",
    "parent_immutable",
)
FIELD_ATTRIBUTES = (
    "data_type",
    "required",
    "read_only",
    "create_only",
    "system_generated",
    "has_default",
    "default_value",
    "relationship_targets",
    "max_length",
    "precision",
    "addon_type",
    "not_supported",
    "user_settable",
)


@transaction.atomic
def create_endpoint_from_product(
    *, plan, product: Product, key: str, name: str = "", base_url: str = "", user=None
) -> Endpoint:
    """A new endpoint of ``plan`` prefilled from ``product``'s profile (bulk inserts: a profile
    may hold hundreds of fields). The endpoint is then fully editable."""
    from planner.services.changes import record_change

    profile = product.profile or {}
    endpoint = Endpoint.objects.create(
        plan=plan,
        key=key,
        name=name or product.name,
        product=product,
        base_url=base_url,
        **{k: profile[k] for k in ENDPOINT_BEHAVIOURS if k in profile},
    )
    type_specs = profile.get("types", [])
    item_types = ItemType.objects.bulk_create(
        ItemType(
            endpoint=endpoint,
            key=spec["key"],
            label=spec.get("label", spec["key"]),
            position=position,
            **{k: spec[k] for k in TYPE_ATTRIBUTES if k in spec},
        )
        for position, spec in enumerate(type_specs)
    )
    field_specs = [
        (item_type, position, spec)
        for item_type, type_spec in zip(item_types, type_specs, strict=True)
        for position, spec in enumerate(type_spec.get("fields", []))
    ]
    fields = Field.objects.bulk_create(
        Field(
            item_type=item_type,
            key=spec["key"],
            label=spec.get("label", spec["key"]),
            position=position,
            **{k: spec[k] for k in FIELD_ATTRIBUTES if k in spec},
        )
        for item_type, position, spec in field_specs
    )
    EnumValue.objects.bulk_create(
        EnumValue(
            field=field, label=value["label"], position=position, active=value.get("active", True)
        )
        for field, (_, _, spec) in zip(fields, field_specs, strict=True)
        for position, value in enumerate(spec.get("values", []))
    )
    record_change(plan, user, "endpoint.create", f"endpoints/{key}", after={"product": product.key})
    return endpoint
