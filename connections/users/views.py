"""The user map of a connection: strategy, default user per side, entries, a preview of how
every user resolves, suggestions by name/email similarity and CSV import of entries."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from connections.endpoints.services import CsvProblem
from connections.models import EndpointUser, UserMapEntry
from connections.navigation import breadcrumbs
from connections.rows import AddForm, Row, access, create_from_form, plan_url, remove_row, save_row
from connections.setup.services import plan_connection
from connections.users import services as service
from connections.users.forms import CsvUploadForm, UserMapEntryForm, UserMapForm
from connections.users.services import ensure_user_map, user_map_for


def _page_url(connection):
    return plan_url("user_map", connection.plan, connection_id=connection.pk)


def _settings_row(user_map, form=None):
    connection = user_map.connection
    return Row(
        form=form or UserMapForm(instance=user_map),
        url=plan_url("user_map_settings", connection.plan, connection_id=connection.pk),
        dom_id="user-map-settings",
        title="Strategy and default users",
    )


def _entry_row_maker(connection):
    def make(entry, form=None):
        plan = connection.plan
        return Row(
            form=form or UserMapEntryForm(instance=entry),
            url=plan_url("user_map_entry_save", plan, entry_id=entry.pk),
            dom_id=f"entry-{entry.pk}",
            delete_url=plan_url("user_map_entry_delete", plan, entry_id=entry.pk),
            delete_label="Delete user map entry",
        )

    return make


def _entry_add(connection, form=None):
    return AddForm(
        form=form or UserMapEntryForm(),
        url=plan_url("user_map_entry_add", connection.plan, connection_id=connection.pk),
        dom_id="entry-add",
        list_id="entries",
        title="Add an entry",
    )


def _directories(connection):
    users = list(
        EndpointUser.objects.filter(endpoint_id__in=[connection.left_id, connection.right_id])
    )
    left = [u for u in users if u.endpoint_id == connection.left_id]
    right = [u for u in users if u.endpoint_id == connection.right_id]
    return left, right


def _context(request, plan, can_edit, connection, upload=None, imported=None):
    user_map = user_map_for(connection)
    user_map.connection = connection
    entries = list(UserMapEntry.objects.filter(user_map=user_map)) if user_map.pk else []
    left, right = _directories(connection)
    make_entry = _entry_row_maker(connection)
    return {
        "plan": plan,
        "can_edit": can_edit,
        "connection": connection,
        "user_map": user_map,
        "settings_row": _settings_row(user_map),
        "entry_rows": [make_entry(e) for e in entries],
        "entry_add": _entry_add(connection),
        "preview": service.preview(
            user_map, left, right, entries, service.shared_representation(connection)
        ),
        "suggestions": (
            service.suggestions(left, right, entries) if "suggest" in request.GET else None
        ),
        "left_users": left,
        "right_users": right,
        "upload": upload or CsvUploadForm(),
        "imported": imported,
    }


@require_safe
def user_map(request, plan_id, connection_id):
    plan, can_edit = access(request, plan_id)
    connection = plan_connection(plan, connection_id)
    return render(
        request,
        "connections/users/user_map.html",
        {
            **_context(request, plan, can_edit, connection),
            "breadcrumbs": breadcrumbs(plan, connection, here="User map"),
        },
    )


@require_POST
def user_map_settings(request, plan_id, connection_id):
    plan, _ = access(request, plan_id)
    connection = plan_connection(plan, connection_id)
    user_map = ensure_user_map(plan=plan, connection=connection, user=request.user)
    user_map.connection = connection
    response = save_row(request, plan, user_map, UserMapForm, _settings_row, _page_url(connection))
    if request.htmx and response.status_code == 200:
        # The preview depends on the strategy and default users: refresh it alongside.
        preview = render(
            request,
            "connections/users/user_map.html#preview",
            {**_context(request, plan, True, connection), "oob": True},
        )
        response.content += preview.content
    return response


@require_POST
def user_map_entry_add(request, plan_id, connection_id):
    plan, _ = access(request, plan_id)
    connection = plan_connection(plan, connection_id)
    user_map = ensure_user_map(plan=plan, connection=connection, user=request.user)
    form = UserMapEntryForm(request.POST, instance=UserMapEntry(user_map=user_map))
    return create_from_form(
        request,
        plan,
        form,
        _entry_row_maker(connection),
        lambda f: _entry_add(connection, f),
        _page_url(connection),
    )


def _entry(plan, entry_id):
    entry = get_object_or_404(
        UserMapEntry.objects.select_related(
            "user_map__connection__left", "user_map__connection__right"
        ),
        user_map__connection__plan=plan,
        pk=entry_id,
    )
    entry.user_map.connection.plan = plan
    return entry


@require_POST
def user_map_entry_save(request, plan_id, entry_id):
    plan, _ = access(request, plan_id)
    entry = _entry(plan, entry_id)
    connection = entry.user_map.connection
    return save_row(
        request,
        plan,
        entry,
        UserMapEntryForm,
        _entry_row_maker(connection),
        _page_url(connection),
    )


@require_POST
def user_map_entry_delete(request, plan_id, entry_id):
    plan, _ = access(request, plan_id)
    entry = _entry(plan, entry_id)
    return remove_row(request, plan, entry, _page_url(entry.user_map.connection))


@require_POST
def user_map_accept(request, plan_id, connection_id):
    """Accept the ticked suggestions (each posted as ``left|right``)."""
    plan, _ = access(request, plan_id)
    connection = plan_connection(plan, connection_id)
    pairs = [
        tuple(value.split("|", 1))
        for value in request.POST.getlist("accept")
        if value.count("|") == 1 and all(value.split("|"))
    ]
    if pairs:
        service.add_entries(
            plan=plan,
            connection=connection,
            pairs=pairs,
            user=request.user,
            action="user_map_entry.accept_suggestions",
        )
    return redirect(_page_url(connection))


@require_http_methods(["POST"])
def user_map_import(request, plan_id, connection_id):
    plan, _ = access(request, plan_id)
    connection = plan_connection(plan, connection_id)
    upload = CsvUploadForm(request.POST, request.FILES)
    imported = None
    if upload.is_valid():
        try:
            pairs = service.parse_entries_csv(upload.text())
            imported = service.add_entries(
                plan=plan,
                connection=connection,
                pairs=pairs,
                user=request.user,
                action="user_map_entry.import",
            )
        except (CsvProblem, ValueError) as problem:
            upload.add_error("file", str(problem))
    return render(
        request,
        "connections/users/user_map.html",
        _context(request, plan, True, connection, upload=upload, imported=imported),
    )
