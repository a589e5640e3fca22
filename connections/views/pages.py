from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from connections.models import Connection, TypeMapping
from connections.navigation import breadcrumbs
from core.access import Action, allows, plan_for
from facts.datatypes import Compat, DataType, compatibility


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
        "connections/setup/connection_detail.html",
        {
            "plan": plan,
            "role": role,
            "can_edit": allows(role, Action.EDIT),
            "connection": connection,
            "type_mappings": type_mappings,
            "breadcrumbs": breadcrumbs(plan, here=str(connection)),
        },
    )


_SYMBOLS = {Compat.OK: "=", Compat.FRAGILE: "~", Compat.INCOMPATIBLE: "x", Compat.AS_TEXT: "t"}
_LEVELS = {
    Compat.FRAGILE: "fragile, FLD-002",
    Compat.INCOMPATIBLE: "incompatible, FLD-001",
    Compat.AS_TEXT: "as text, REL-004",
}


@require_safe
def data_types(request):
    """The data-type compatibility matrix of facts/datatypes.py, for anyone signed in:
    FLD-001's fix links here (a web user cannot open docs/data-types.md)."""
    rows, reasons = [], []
    for source, source_label in DataType.choices:
        cells = []
        for target, target_label in DataType.choices:
            c = compatibility(source, target)
            cells.append({"level": c.level.value, "symbol": _SYMBOLS[c.level], "reason": c.reason})
            if c.reason:
                reasons.append((source_label, target_label, _LEVELS[c.level], c.reason))
        rows.append((source_label, cells))
    return render(
        request,
        "connections/endpoints/data_types.html",
        {"types": DataType.choices, "rows": rows, "reasons": reasons},
    )
