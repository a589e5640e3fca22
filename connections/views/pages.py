from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from connections.models import Connection, Endpoint, Field, ItemType, TypeMapping
from planner.access import Action, allows, plan_for


def endpoint_detail(request, plan_id, endpoint_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    endpoint = get_object_or_404(
        Endpoint.objects.select_related("product"), plan=plan, pk=endpoint_id
    )
    item_types = ItemType.objects.filter(endpoint=endpoint).prefetch_related(
        Prefetch("fields", queryset=Field.objects.annotate(value_count=Count("enum_values")))
    )
    return render(
        request,
        "connections/endpoint_detail.html",
        {
            "plan": plan,
            "role": role,
            "can_edit": allows(role, Action.EDIT),
            "endpoint": endpoint,
            "item_types": item_types,
        },
    )


def connection_detail(request, plan_id, connection_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    connection = get_object_or_404(
        Connection.objects.select_related("left", "right"), plan=plan, pk=connection_id
    )
    type_mappings = (
        TypeMapping.objects.filter(connection=connection)
        .select_related("left_type", "right_type")
        .annotate(field_mapping_count=Count("field_mappings"))
    )
    return render(
        request,
        "connections/connection_detail.html",
        {
            "plan": plan,
            "role": role,
            "can_edit": allows(role, Action.EDIT),
            "connection": connection,
            "type_mappings": type_mappings,
        },
    )
