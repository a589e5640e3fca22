"""Connections and what hangs off them: project pairs, type mappings, relationship rules and
existing-item matching. Single-row edits go through connections.editing; this module
holds the operations that touch more than one row."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from connections.editing import create_row
from connections.models import Connection, Endpoint, UserMap
from core.changes import write_boundary


@write_boundary
def create_connection(
    *, plan, key: str, left: Endpoint, right: Endpoint, name: str = "", user=None
) -> Connection:
    """Pair two endpoints of ``plan``; the connection starts with an empty explicit user map."""
    connection = create_row(
        plan, user, Connection(plan=plan, key=key, name=name, left=left, right=right)
    )
    UserMap.objects.create(connection=connection)
    return connection


def id_choices(rows, label=str) -> list[tuple[int, str]]:
    """(id, label) options for a row form's id field, computed once per page."""
    return [(row.pk, label(row)) for row in rows]


def plan_connection(plan, connection_id) -> Connection:
    """The connection ``connection_id`` of ``plan`` with its two endpoints (404 if it is not
    the plan's); the setup pages and the user map page load it the same way."""
    connection = get_object_or_404(
        Connection.objects.select_related("left", "right"), plan=plan, pk=connection_id
    )
    connection.plan = plan
    return connection
