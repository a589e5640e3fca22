"""The use-case wizard: one step per question, the guidance beside it, back/next, a progress
indicator and a summary. Full page on GET, the step partial for htmx; every POST saves."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_safe

from connections.models import Connection
from core.access import Action, allows, plan_for

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
    # A history restore (browser back after htmx navigation) needs the whole page.
    return (
        bool(request.htmx) and not request.htmx.boosted and not request.htmx.history_restore_request
    )


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
        "advice": advice_rules.advice_for(step.key, state.findings),
    }
    template = (
        "planner/wizard/wizard.html#wizard-step"
        if _htmx_partial(request)
        else "planner/wizard/wizard.html"
    )
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))  # the partial and the page share one URL
    return response


@require_safe
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

    if request.POST.get("nav") == "autosave":
        return _autosave(request, plan, connection, step)
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


def _autosave(request, plan, connection, step):
    """Save on every change (htmx): answer with a status line and the fresh hidden guards, so
    the next save from this form is not mistaken for a stale one."""
    context = {"autosave_ok": False}
    try:
        state = services.load_state(connection)
        services.save_step(state, step, request.POST, plan=plan, user=request.user)
    except services.InvalidAnswer as invalid:
        context["autosave_message"] = "Not saved yet: " + next(iter(invalid.errors.values()))
    except services.ConflictingEdit as conflict:
        context["autosave_message"] = str(conflict)
    else:
        state = services.load_state(connection)
        if step.kind == "relationships":
            services.load_relationship_candidates(state)
        context.update(
            autosave_ok=True,
            autosave_message=f"Saved at {timezone.localtime():%H:%M:%S}.",
            form=StepForm(step, state).build(),
            # The advice follows the answer just saved ("live" advice).
            advice=advice_rules.advice_for(step.key, state.findings),
        )
    return render(request, "planner/wizard/wizard.html#wizard-autosaved", context)


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
                item for step in STEPS for item in advice_rules.advice_for(step.key, state.findings)
            )
        ),
        "summary": True,
    }
    template = (
        "planner/wizard/wizard.html#wizard-summary"
        if _htmx_partial(request)
        else "planner/wizard/wizard.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_safe
def wizard_summary(request, plan_id, connection_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    connection = _connection(plan, connection_id)
    return _render_summary(request, plan, role, connection)
