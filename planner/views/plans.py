from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from connections.models import Connection, Endpoint
from planner.access import Action, allows, plan_for
from planner.forms import PlanForm
from planner.models import Membership
from planner.services.plans import create_plan
from planner.validation.service import open_finding_counts, ready_for_sign_off


def dashboard(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("plan", "plan__sync_server")
        .order_by("-plan__updated_at")
    )
    return render(
        request, "planner/dashboard.html", {"memberships": memberships, "form": PlanForm()}
    )


@require_http_methods(["GET", "POST"])
def plan_create(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = create_plan(user=request.user, **form.cleaned_data)
        return redirect("planner:plan_detail", plan_id=plan.pk)
    return render(request, "planner/plan_form.html", {"form": form})


def plan_detail(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    endpoints = (
        Endpoint.objects.filter(plan=plan)
        .select_related("product")
        .annotate(type_count=Count("item_types", distinct=True))
    )
    connections = (
        Connection.objects.filter(plan=plan)
        .select_related("left", "right")
        .annotate(type_mapping_count=Count("type_mappings", distinct=True))
    )
    counts = open_finding_counts(plan)  # open findings of the latest validated revision
    return render(
        request,
        "planner/plan_detail.html",
        {
            "plan": plan,
            "role": role,
            "can_edit": allows(role, Action.EDIT),
            "endpoints": endpoints,
            "connections": connections,
            "finding_counts": counts,
            "ready_for_sign_off": ready_for_sign_off(plan, counts),
        },
    )
