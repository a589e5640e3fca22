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

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from connections.models import Endpoint, EndpointUser, EnumValue, Field, ItemType, Product
from core import uploads
from core.changes import write_boundary
from facts import subjects

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
    "set_by_sync_tool",
)


@write_boundary
def create_endpoint_from_product(
    *, plan, product: Product, key: str, name: str = "", base_url: str = "", user=None
) -> Endpoint:
    """A new endpoint of ``plan`` prefilled from ``product``'s profile (bulk inserts: a profile
    may hold hundreds of fields). The endpoint is then fully editable."""
    from core.changes import record_change

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
    record_change(
        plan, user, "endpoint.create", subjects.endpoint(key), after={"product": product.key}
    )
    return endpoint


@write_boundary
def create_custom_endpoint(*, plan, key: str, name: str = "", base_url: str = "", user=None):
    """A new endpoint with no catalog profile: its types and fields are typed in by hand."""
    from core.changes import record_change

    endpoint = Endpoint(plan=plan, key=key, name=name or key, base_url=base_url)
    endpoint.full_clean()
    endpoint.save()
    record_change(plan, user, "endpoint.create", subjects.endpoint(key), after={"product": None})
    return endpoint


@write_boundary
def move_enum_value(*, plan, value: EnumValue, offset: int, user=None) -> None:
    """Move ``value`` ``offset`` places within its field's ordered list (-1: up, +1: down) and
    renumber the list 0..n-1, so positions stay dense whatever the history of edits."""
    from connections.editing import subject_path
    from core.changes import record_change

    values = list(EnumValue.objects.select_for_update().filter(field_id=value.field_id))
    index = next(i for i, v in enumerate(values) if v.pk == value.pk)
    target = max(0, min(len(values) - 1, index + offset))
    if target == index:
        return
    values.insert(target, values.pop(index))
    for position, row in enumerate(values):
        row.position = position
    EnumValue.objects.bulk_update(values, ["position"])
    record_change(plan, user, "enum_value.move", subject_path(value), before=index, after=target)


@write_boundary
def add_enum_value(*, plan, field: Field, label: str, user=None) -> EnumValue:
    """Append a value at the end of the field's ordered list."""
    from connections.editing import create_row

    last = EnumValue.objects.filter(field=field).order_by("-position").first()
    value = EnumValue(field=field, label=label, position=(last.position + 1) if last else 0)
    return create_row(plan, user, value)


USER_COLUMNS = ("username", "full_name", "email", "account_id", "active")
FALSE_WORDS = frozenset({"0", "false", "no", "n", "inactive"})


class CsvProblem(ValueError):
    """The CSV file cannot be imported; the message says which line and why."""


def parse_users_csv(text: str) -> list[dict]:
    """Rows of a users CSV (header: username, and any of full_name, email, account_id,
    active). Raises CsvProblem naming the first bad line."""
    try:
        records = list(uploads.csv_rows(text))
    except uploads.UploadRefused as refused:
        raise CsvProblem(str(refused)) from refused
    header = [h.strip().lower() for h in records[0][1]] if records else []
    if "username" not in header:
        raise CsvProblem("The first line must name the columns and include “username”.")
    rows, seen = [], set()
    for line, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue
        raw = dict(zip(header, cells, strict=False))
        row = {k: (raw.get(k) or "").strip() for k in USER_COLUMNS if k in header}
        for column, value in row.items():
            limit = EndpointUser._meta.get_field(column).max_length
            if limit and len(value) > limit:
                raise CsvProblem(
                    f"Line {line}: the {column} is {len(value):,} characters long, more than "
                    f"{limit}."
                )
        if not row["username"]:
            raise CsvProblem(f"Line {line}: the username is empty.")
        if row["username"] in seen:
            raise CsvProblem(f"Line {line}: {row['username']} appears twice.")
        seen.add(row["username"])
        if "active" in row:
            row["active"] = row["active"].lower() not in FALSE_WORDS
        if row.get("email"):
            try:
                validate_email(row["email"])
            except ValidationError as exc:
                raise CsvProblem(f"Line {line}: “{row['email']}” is not an email.") from exc
        rows.append(row)
    return rows


@write_boundary
def import_users(*, plan, endpoint: Endpoint, text: str, user=None) -> tuple[int, int]:
    """Create or update the endpoint's users from CSV text; returns (created, updated). Users
    missing from the file are kept: an import adds to the directory, it does not replace it."""
    from core.changes import record_change

    rows = parse_users_csv(text)
    existing = {
        u.username: u for u in EndpointUser.objects.select_for_update().filter(endpoint=endpoint)
    }
    new, changed = [], []
    for row in rows:
        current = existing.get(row["username"])
        if current is None:
            new.append(EndpointUser(endpoint=endpoint, **row))
        elif any(getattr(current, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(current, k, v)
            current.lock_version += 1
            changed.append(current)
    EndpointUser.objects.bulk_create(new)
    EndpointUser.objects.bulk_update(
        changed, [*[c for c in USER_COLUMNS if c != "username"], "lock_version"]
    )
    if new or changed:
        record_change(
            plan,
            user,
            "endpoint_user.import",
            subjects.endpoint_users(endpoint.key),
            after={"created": [u.username for u in new], "updated": [u.username for u in changed]},
        )
    return len(new), len(changed)
