"""Links from a subject path to the row it is about, for the findings list and any page that
names subjects: the row ids of a plan loaded in a fixed number of queries, and the URLs of
``facts.subjects.place`` (which decides the page, the anchor and the fix action)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse

from connections.models import (
    Connection,
    EndpointUser,
    EnumPair,
    Field,
    FieldMapping,
    ItemType,
    TypeMapping,
    UserMapEntry,
)
from connections.models import Endpoint as EndpointModel
from facts import subjects
from planner.models import OperationsItem


@dataclass(frozen=True)
class Link:
    href: str
    action_label: str = ""
    action_href: str = ""


def _fm_key(prefix: str = ""):
    """A field mapping's key "left->right" ('' on a calculated value's side), in SQL."""
    return Concat(
        Coalesce(F(f"{prefix}left_field__key"), Value("")),
        Value("->"),
        Coalesce(F(f"{prefix}right_field__key"), Value("")),
    )


def _tm_key(prefix: str = ""):
    return Concat(F(f"{prefix}left_type__key"), Value("->"), F(f"{prefix}right_type__key"))


# Which tables a kind of subject needs (every subject also needs its connection or endpoint).
_TABLES = {
    "field_mapping": {"type_mappings", "field_mappings", "fields"},
    "enum_pair": {"type_mappings", "field_mappings", "enum_pairs"},
    "type_mapping": {"type_mappings"},
    "relationship_rule": {"type_mappings"},
    "matching": {"type_mappings"},
    "user_map_entry": {"user_map_entries"},
    "operations_item": {"operations"},
    "item_type": {"types"},
    "field": {"types", "fields"},
    "enum_value": {"types", "fields"},
    "endpoint_user": {"endpoint_users"},
}


def load_ids(plan, subject_paths=None) -> subjects.Ids:
    """The rows the subjects ``subject_paths`` (all when None) can name, by key: at most ten
    queries however big the plan, only those the kinds of subject need."""
    kinds = None if subject_paths is None else {subjects.parse(s).kind for s in subject_paths}
    if kinds is None:
        wanted = set().union(*_TABLES.values())
    else:
        wanted = set().union(*(_TABLES.get(k, set()) for k in kinds))
    loaded = {name: loader(plan) for name, loader in _LOADERS.items() if name in wanted}
    connections = list(
        Connection.objects.filter(plan=plan).values_list("key", "id", "left__key", "right__key")
    )
    return subjects.Ids(
        endpoints=dict(EndpointModel.objects.filter(plan=plan).values_list("key", "id")),
        connections={key: pk for key, pk, _, _ in connections},
        connection_endpoints={key: (left, right) for key, _, left, right in connections},
        **loaded,
    )


def _enum_pairs(plan) -> dict:
    tm = "field_mapping__type_mapping__"
    pairs = (
        EnumPair.objects.filter(field_mapping__type_mapping__connection__plan=plan)
        .annotate(tm_key=_tm_key(tm), fm_key=_fm_key("field_mapping__"))
        .values_list(
            f"{tm}connection__key", "tm_key", "fm_key", "left_value__label",
            "right_value__label", "id",
        )
    )  # fmt: skip
    return {row[:5]: row[5] for row in pairs}


_LOADERS = {
    "types": lambda plan: {
        (e, t): pk
        for e, t, pk in ItemType.objects.filter(endpoint__plan=plan).values_list(
            "endpoint__key", "key", "id"
        )
    },
    "fields": lambda plan: {
        (e, t, f): pk
        for e, t, f, pk in Field.objects.filter(item_type__endpoint__plan=plan).values_list(
            "item_type__endpoint__key", "item_type__key", "key", "id"
        )
    },
    "endpoint_users": lambda plan: {
        (e, u): pk
        for e, u, pk in EndpointUser.objects.filter(endpoint__plan=plan).values_list(
            "endpoint__key", "username", "id"
        )
    },
    "type_mappings": lambda plan: {
        (c, k): pk
        for c, k, pk in TypeMapping.objects.filter(connection__plan=plan)
        .annotate(k=_tm_key())
        .values_list("connection__key", "k", "id")
    },
    "field_mappings": lambda plan: {
        (c, t, k): pk
        for c, t, k, pk in FieldMapping.objects.filter(type_mapping__connection__plan=plan)
        .annotate(t=_tm_key("type_mapping__"), k=_fm_key())
        .values_list("type_mapping__connection__key", "t", "k", "id")
    },
    "enum_pairs": _enum_pairs,
    "user_map_entries": lambda plan: {
        (c, left, right): pk
        for c, left, right, pk in UserMapEntry.objects.filter(
            user_map__connection__plan=plan
        ).values_list("user_map__connection__key", "left_username", "right_username", "id")
    },
    "operations": lambda plan: (
        {
            (kind, key): pk
            for kind, key, pk in OperationsItem.objects.filter(
                sync_server_id=plan.sync_server_id
            ).values_list("kind", "key", "id")
        }
        if plan.sync_server_id
        else {}
    ),
}


def url(plan_id: int, where: subjects.Place) -> str:
    path = reverse(where.name, kwargs={"plan_id": plan_id, **dict(where.kwargs)})
    if where.query:
        from urllib.parse import urlencode

        path += "?" + urlencode(where.query)
    return f"{path}#{where.anchor}" if where.anchor else path


def link(plan_id: int, subject: str, ids: subjects.Ids, code: str = "") -> Link:
    """The URL (with the row's #anchor) of ``subject``, and the fix ``code`` asks for there."""
    where = subjects.place(subject, ids, code)
    if where.action is None:
        return Link(url(plan_id, where))
    label, target = where.action
    return Link(url(plan_id, where), label, url(plan_id, target))


def type_mapping_ids(type_mapping, field_mappings, fields=()) -> subjects.Ids:
    """The ids a type mapping's workspace already holds: its connection, itself, its field
    mappings as (id, left field key or None, right field key or None) and its types' fields as
    (side, key, id). The links of the findings on its rows then cost no query."""
    c = type_mapping.connection.key
    tm_key = f"{type_mapping.left_type.key}->{type_mapping.right_type.key}"
    ends = {"left": type_mapping.left_type, "right": type_mapping.right_type}
    return subjects.Ids(
        connections={c: type_mapping.connection_id},
        connection_endpoints={c: (ends["left"].endpoint.key, ends["right"].endpoint.key)},
        type_mappings={(c, tm_key): type_mapping.pk},
        field_mappings={
            (c, tm_key, f"{left or ''}->{right or ''}"): pk for pk, left, right in field_mappings
        },
        fields={(ends[side].endpoint.key, ends[side].key, key): pk for side, key, pk in fields},
    )
