from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from connections.models import Connection, TypeMapping
from connections.navigation import breadcrumbs
from planner.access import Action, allows, plan_for


@require_safe
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
            "breadcrumbs": breadcrumbs(plan, here=str(connection)),
        },
    )
