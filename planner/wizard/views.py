"""The use-case wizard: one step per question, the guidance beside it, back/next, a progress
indicator and a summary. Full page on GET, the step partial for htmx; every POST saves."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from connections.models import Connection
from planner.access import Action, allows, plan_for

from . import advice as advice_rules
from . import services
from .presenter import StepForm
from .steps import STEPS, neighbours
from .steps import step as find_step


def _connection(plan, connection_id):
    return get_object_or_404(
        Connection.objects.select_related("left", "right"), plan=plan, pk=connection_id
    )


def _step_or_404(key):
    step = find_step(key)
    if step is None:
        raise Http404("No such wizard step.")
    return step


def _htmx_partial(request) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


def _step_url(plan, connection, key):
    return reverse(
        "planner:wizard_step",
        kwargs={"plan_id": plan.pk, "connection_id": connection.pk, "step_key": key},
    )


def _summary_url(plan, connection):
    return reverse(
        "planner:wizard_summary", kwargs={"plan_id": plan.pk, "connection_id": connection.pk}
    )


def _render_step(request, plan, role, connection, step, *, posted=None, errors=None, message="",
                 fresh_guards=False, saved=False, status=200):  # fmt: skip
    state = services.load_state(connection)
    if step.kind == "relationships":
        services.load_relationship_candidates(state)
    form = StepForm(step, state, posted, fresh_guards=fresh_guards).build()
    before, after = neighbours(step.key)
    context = {
        "plan": plan,
        "role": role,
        "can_edit": allows(role, Action.EDIT),
        "connection": connection,
        "state": state,
        "step": step,
        "step_number": [s.key for s in STEPS].index(step.key) + 1,
        "step_count": len(STEPS),
        "progress": services.progress(state),
        "before": before,
        "after": after,
        "form": form,
        "errors": errors or {},
        "message": message,
        "saved": saved,
        "advice": advice_rules.advice_for(step.key, state.facts()),
        "advice_url": reverse(
            "planner:wizard_advice",
            kwargs={"plan_id": plan.pk, "connection_id": connection.pk, "step_key": step.key},
        ),
    }
    template = (
        "planner/wizard.html#wizard-step" if _htmx_partial(request) else "planner/wizard.html"
    )
    return render(request, template, context, status=status)


def wizard_start(request, plan_id, connection_id):
    """The first unanswered step (the summary when all are answered)."""
    plan, _ = plan_for(request, plan_id, Action.VIEW)
    connection = _connection(plan, connection_id)
    state = services.load_state(connection)
    for step, answered in services.progress(state):
        if not answered:
            return redirect(_step_url(plan, connection, step.key))
    return redirect(_summary_url(plan, connection))


@require_http_methods(["GET", "POST"])
def wizard_step(request, plan_id, connection_id, step_key):
    plan, role = plan_for(
        request, plan_id, Action.EDIT if request.method == "POST" else Action.VIEW
    )
    connection = _connection(plan, connection_id)
    step = _step_or_404(step_key)
    if request.method == "GET":
        return _render_step(request, plan, role, connection, step)

    try:
        state = services.load_state(connection)
        services.save_step(state, step, request.POST, plan=plan, user=request.user)
    except services.InvalidAnswer as invalid:
        return _render_step(
            request, plan, role, connection, step, posted=request.POST, errors=invalid.errors,
            message="Nothing was saved: please correct the answers marked below.",
        )  # fmt: skip
    except services.ConflictingEdit as conflict:
        return _render_step(
            request, plan, role, connection, step, posted=request.POST, message=str(conflict),
            fresh_guards=True,
        )  # fmt: skip

    before, after = neighbours(step.key)
    nav = request.POST.get("nav", "next")
    if nav == "back" and before is not None:
        target, url = before, _step_url(plan, connection, before.key)
    elif nav == "stay" or (nav == "back" and before is None):
        target, url = step, _step_url(plan, connection, step.key)
    elif after is not None and nav != "summary":
        target, url = after, _step_url(plan, connection, after.key)
    else:
        target, url = None, _summary_url(plan, connection)

    if not _htmx_partial(request):
        return redirect(url)
    # htmx: show the next step in place and put its address in the location bar.
    if target is None:
        response = _render_summary(request, plan, role, connection)
    else:
        response = _render_step(request, plan, role, connection, target, saved=True)
    response["HX-Push-Url"] = url
    return response


@require_POST
def wizard_advice(request, plan_id, connection_id, step_key):
    """The advice for the answers as the form has them now (before saving)."""
    plan, _ = plan_for(request, plan_id, Action.VIEW)
    connection = _connection(plan, connection_id)
    step = _step_or_404(step_key)
    state = services.load_state(connection)
    directions = (
        services.posted_directions(state, request.POST) if step.key == "direction" else None
    )
    items_exist = ...
    if step.key == "existing-items" and "items_exist" in request.POST:
        items_exist = services.YES_NO.get(request.POST.get("items_exist"))
    facts = state.facts(directions=directions, items_exist=items_exist)
    return render(
        request,
        "planner/wizard.html#wizard-advice",
        {"advice": advice_rules.advice_for(step.key, facts)},
    )


def _render_summary(request, plan, role, connection):
    state = services.load_state(connection)
    services.load_relationship_candidates(state)
    progress = services.progress(state)
    context = {
        "plan": plan,
        "role": role,
        "can_edit": allows(role, Action.EDIT),
        "connection": connection,
        "state": state,
        "progress": progress,
        "answered_count": sum(1 for _, answered in progress if answered),
        "step_count": len(STEPS),
        "rules": [c for c in state.candidates if c.rule is not None],
        "rollout": StepForm(find_step("rollout"), state).build()["rollout"],
        # Two steps share the USE-003 advice: show each piece once.
        "advice": list(
            dict.fromkeys(
                item for step in STEPS for item in advice_rules.advice_for(step.key, state.facts())
            )
        ),
        "summary": True,
    }
    template = (
        "planner/wizard.html#wizard-summary" if _htmx_partial(request) else "planner/wizard.html"
    )
    return render(request, template, context)


def wizard_summary(request, plan_id, connection_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    connection = _connection(plan, connection_id)
    return _render_summary(request, plan, role, connection)
