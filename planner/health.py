from django.conf import settings
from django.db import DatabaseError, connection

from planner.celery import app


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"unreachable: {exc.__class__.__name__}"
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process (no broker configured)"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
    except OSError as exc:
        return f"unreachable: {exc.__class__.__name__}"
    except app.connection_for_write().connection_errors as exc:  # kombu's transport errors
        return f"unreachable: {exc.__class__.__name__}"
    return "ok"
