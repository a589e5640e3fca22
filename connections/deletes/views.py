"""The confirmation step of a destructive delete: a page (it works without JavaScript) that
names the object and what goes with it, counted from the delete cascade
(``connections.deletes.cascade``), with the button that deletes."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from connections.deletes.cascade import goes_with
from connections.models import Connection, Endpoint, ItemType, TypeMapping
from connections.rows import plan_url
from core.access import Action, plan_for


def _ask(request, plan, label, obj, delete_url, back_url):
    return render(
        request,
        "connections/deletes/delete_confirm.html",
        {
            "plan": plan,
            "label": label,
            "also": goes_with(obj),
            "delete_url": delete_url,
            "back_url": back_url,
        },
    )


@require_safe
def endpoint_delete_confirm(request, plan_id, endpoint_id):
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    endpoint = get_object_or_404(Endpoint, plan=plan, pk=endpoint_id)
    return _ask(
        request, plan, f"Delete endpoint {endpoint.name}", endpoint,
        plan_url("endpoint_delete", plan, endpoint_id=endpoint.pk),
        plan_url("endpoint_detail", plan, endpoint_id=endpoint.pk),
    )  # fmt: skip


@require_safe
def connection_delete_confirm(request, plan_id, connection_id):
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    connection = get_object_or_404(Connection, plan=plan, pk=connection_id)
    return _ask(
        request, plan, f"Delete connection {connection}", connection,
        plan_url("connection_delete", plan, connection_id=connection.pk),
        plan_url("connection_setup", plan, connection_id=connection.pk),
    )  # fmt: skip


@require_safe
def item_type_delete_confirm(request, plan_id, type_id):
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    item_type = get_object_or_404(
        ItemType.objects.select_related("endpoint"), endpoint__plan=plan, pk=type_id
    )
    return _ask(
        request, plan, f"Delete type {item_type.label}", item_type,
        plan_url("item_type_delete", plan, type_id=item_type.pk),
        plan_url("endpoint_detail", plan, endpoint_id=item_type.endpoint_id),
    )  # fmt: skip


@require_safe
def type_mapping_delete_confirm(request, plan_id, mapping_id):
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    mapping = get_object_or_404(
        TypeMapping.objects.select_related("left_type", "right_type"),
        connection__plan=plan,
        pk=mapping_id,
    )
    label = f"Delete type mapping {mapping.left_type.label} ↔ {mapping.right_type.label}"
    return _ask(
        request, plan, label, mapping,
        plan_url("type_mapping_delete", plan, mapping_id=mapping.pk),
        plan_url("connection_setup", plan, connection_id=mapping.connection_id),
    )  # fmt: skip
