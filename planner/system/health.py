"""Reachability checks for /healthz, the system page and the worker self-check."""

from celery import current_app as app  # the project's app (syncplan/celery.py)
from django.db import DatabaseError, connection
from kombu.exceptions import KombuError


def check_database(conn=connection) -> str:
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"unreachable: {exc.__class__.__name__}"
    return "ok"


def check_broker() -> str:
    """One quick connection attempt (about a second at worst), never an exception: a broker
    outage is reported, not raised, so /healthz answers while the database is up."""
    if app.conf.task_always_eager:
        return "in-process (no broker configured)"
    with app.connection_for_write() as conn:
        try:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        except (OSError, KombuError, *conn.connection_errors) as exc:
            return f"unreachable: {exc.__class__.__name__}"
    return "ok"
