"""The operations register of the plan's sync server: skills and owners, each endpoint's
integration account and network path (the Endpoint's own fields), certificates and
credentials, maintenance tasks with their cron / schtasks commands, test environment, backups."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST, require_safe

from connections.models import Endpoint
from core.access import Action, allows, plan_for
from core.concurrency import StaleEdit
from planner.models import OperationsItem, OperationsKind, SyncServerShare
from planner.servers import server_for

from . import ics, schedules, services
from .forms import (
    ITEM_FORMS,
    ChooseServerForm,
    EndpointOperationsForm,
    ShareServerForm,
    SyncServerForm,
)
from .reminders import is_due


def _products(endpoints):
    seen = {}
    for endpoint in endpoints:
        if endpoint.product_id:
            seen[endpoint.product.key] = endpoint.product.name
    return sorted(seen.items(), key=lambda kv: kv[1])


def _register_context(request, plan, role, *, bound=None, bound_key=None):
    """Everything the register page shows; ``bound`` replaces the form named ``bound_key``
    (an invalid submission re-rendered with its messages)."""
    endpoints = list(Endpoint.objects.filter(plan=plan).select_related("product"))
    context = {"plan": plan, "role": role, "can_edit": allows(role, Action.EDIT)}
    if plan.sync_server_id is None:
        context["server"] = None
        context["choose_form"] = (
            bound if bound_key == "choose" else ChooseServerForm(user=request.user)
        )
        return context
    server = context["server"] = server_for(request, plan)
    today = timezone.localdate()
    items = list(OperationsItem.objects.filter(sync_server=server))
    products = _products(endpoints)
    by_kind = {kind: [] for kind in OperationsKind.values}
    for item in items:
        row = {"item": item}
        if item.kind == OperationsKind.MAINTENANCE_TASK:
            row["schedule"] = schedules.describe_item(item) if item.has_schedule else ""
            row["commands"] = schedules.for_item(item, server.time_zone, today)
        if item.kind in (OperationsKind.CERTIFICATE, OperationsKind.CREDENTIAL):
            row["due"] = is_due(item, server.expiry_warning_days, today)
            row["expired"] = item.expires_on is not None and item.expires_on < today
        key = f"item-{item.pk}"
        form_class = ITEM_FORMS[item.kind]
        kwargs = {"products": products} if item.kind == OperationsKind.SKILL else {}
        row["form"] = (
            bound
            if bound_key == key
            else form_class(instance=item, prefix=key, sync_server=server, **kwargs)
        )
        by_kind[item.kind].append(row)
    new_forms = {}
    for kind, form_class in ITEM_FORMS.items():
        key = f"new-{kind}"
        kwargs = {"products": products} if kind == OperationsKind.SKILL else {}
        new_forms[kind] = (
            bound if bound_key == key else form_class(prefix=key, sync_server=server, **kwargs)
        )
    context.update(
        server_form=bound if bound_key == "server" else SyncServerForm(instance=server),
        endpoints=[
            (
                endpoint,
                bound
                if bound_key == f"endpoint-{endpoint.pk}"
                else EndpointOperationsForm(instance=endpoint, prefix=f"endpoint-{endpoint.pk}"),
            )
            for endpoint in endpoints
        ],
        skills=by_kind[OperationsKind.SKILL],
        certificates=by_kind[OperationsKind.CERTIFICATE],
        credentials=by_kind[OperationsKind.CREDENTIAL],
        tasks=by_kind[OperationsKind.MAINTENANCE_TASK],
        new_forms=new_forms,
        # Shown before any edit: a change to the register changes these plans too.
        shared_with=services.affected_plans(plan)[1:],
        can_share=allows(role, Action.MANAGE),
        shares=(
            list(SyncServerShare.objects.filter(sync_server=server).select_related("plan"))
            if allows(role, Action.MANAGE)
            else []
        ),
        share_form=bound if bound_key == "share" else ShareServerForm(),
        has_purge=any(
            r["item"].is_database_purge and r["item"].has_schedule
            for r in by_kind[OperationsKind.MAINTENANCE_TASK]
        ),  # fmt: skip
    )
    return context


@require_safe
def operations(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    return render(
        request, "planner/operations/operations.html", _register_context(request, plan, role)
    )


def _invalid(request, plan, role, form, key, message="Nothing was saved: see the messages below."):
    messages.error(request, message)
    context = _register_context(request, plan, role, bound=form, bound_key=key)
    return render(request, "planner/operations/operations.html", context, status=200)


def _saved(request, plan, text, anchor=""):
    messages.success(request, text)
    response = redirect("planner:operations", plan_id=plan.pk)
    response["Location"] += anchor
    return response


def _save(request, plan, role, form, key, text, anchor):
    if not form.is_valid():
        return _invalid(request, plan, role, form, key)
    try:
        services.save_form(form, plan=plan, user=request.user)
    except StaleEdit as stale:
        return _invalid(request, plan, role, form, key,
                        f"{stale}: reload the page to see the current entry.")  # fmt: skip
    except services.AddConflict as conflict:
        return _invalid(request, plan, role, form, key, f"{conflict}: reload the page.")
    return _saved(request, plan, text, anchor)


@require_POST
def choose_server(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    if plan.sync_server_id is not None:
        messages.error(request, "This plan already runs on a sync server.")
        return redirect("planner:operations", plan_id=plan.pk)
    form = ChooseServerForm(request.POST, user=request.user)
    if not form.is_valid():
        return _invalid(request, plan, role, form, "choose")
    services.choose_server(plan, user=request.user, existing=form.cleaned_data["existing"],
                           new_name=form.cleaned_data["new_name"])  # fmt: skip
    return _saved(request, plan, "The plan now runs on this sync server.")


@require_POST
def share_server(request, plan_id):
    """An owner shares the plan's sync server with another team's plan, on purpose."""
    plan, role = plan_for(request, plan_id, Action.MANAGE)
    server = server_for(request, plan)
    form = ShareServerForm(request.POST)
    if not form.is_valid():
        return _invalid(request, plan, role, form, "share")
    services.share_server(plan, user=request.user, target_plan_id=form.cleaned_data["plan_number"])
    # The same answer whether or not that plan exists: a plan number leaks nothing.
    return _saved(request, plan, f"If plan {form.cleaned_data['plan_number']} exists, its "
                  f"members can now choose the sync server {server.name}.", "#server")  # fmt: skip


@require_POST
def withdraw_share(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.MANAGE)
    server_for(request, plan)
    share_id = request.POST.get("share", "")
    if share_id.isdigit() and services.withdraw_share(
        plan, user=request.user, share_id=int(share_id)
    ):
        return _saved(request, plan, "The share is withdrawn.", "#server")
    messages.error(request, "No such share of this sync server.")
    return redirect("planner:operations", plan_id=plan.pk)


@require_POST
def edit_server(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    form = SyncServerForm(request.POST, instance=server_for(request, plan))
    return _save(request, plan, role, form, "server", "Sync server saved.", "#server")


@require_POST
def edit_endpoint(request, plan_id, endpoint_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    server_for(request, plan)
    endpoint = get_object_or_404(Endpoint, plan=plan, pk=endpoint_id)
    key = f"endpoint-{endpoint.pk}"
    form = EndpointOperationsForm(request.POST, instance=endpoint, prefix=key)
    return _save(request, plan, role, form, key, f"{endpoint.name} saved.", f"#{key}")


def _form_kwargs(plan, kind):
    if kind != OperationsKind.SKILL:
        return {}
    endpoints = Endpoint.objects.filter(plan=plan).select_related("product")
    return {"products": _products(endpoints)}


@require_POST
def add_item(request, plan_id, kind):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    server = server_for(request, plan)
    if kind not in ITEM_FORMS:
        raise Http404("No such kind of entry.")
    key = f"new-{kind}"
    form = ITEM_FORMS[kind](
        request.POST, prefix=key, sync_server=server, **_form_kwargs(plan, kind)
    )
    return _save(request, plan, role, form, key, "Added to the register.", f"#{kind}")


@require_POST
def edit_item(request, plan_id, item_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    server = server_for(request, plan)
    item = get_object_or_404(OperationsItem, sync_server=server, pk=item_id)
    key = f"item-{item.pk}"
    form = ITEM_FORMS[item.kind](request.POST, instance=item, prefix=key, sync_server=server,
                                 **_form_kwargs(plan, item.kind))  # fmt: skip
    return _save(request, plan, role, form, key, f"{item.name} saved.", f"#{item.kind}")


@require_POST
def delete_item(request, plan_id, item_id):
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    item = get_object_or_404(OperationsItem, sync_server=server_for(request, plan), pk=item_id)
    services.delete_item(item, plan=plan, user=request.user)
    return _saved(request, plan, f"{item.name} removed.", f"#{item.kind}")


@require_GET
def expiry_calendar(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.VIEW)
    server = server_for(request, plan)
    items = OperationsItem.objects.filter(
        sync_server=server,
        kind__in=(OperationsKind.CERTIFICATE, OperationsKind.CREDENTIAL),
        expires_on__isnull=False,
    ).order_by("expires_on", "key")
    text = ics.calendar(items, server_name=server.name, warning_days=server.expiry_warning_days,
                        host=request.get_host().split(":")[0] or "syncplan")  # fmt: skip
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="expiry-{server.pk}.ics"'
    return response
