"""Fast bulk writes for large imports (tens of thousands of rows) on PostgreSQL.

``bulk_create`` / ``bulk_update`` build a model instance and a SQL expression per row and cell,
which costs seconds for a 50,000-value schema. Here rows are plain dicts: inserts stream through
COPY (ids allocated from the table's sequence in one query, so callers still learn them) and
updates go through ``executemany`` (psycopg pipelines it). Other databases fall back to the ORM.
"""

from __future__ import annotations

import json

from django.db import connection, models
from django.utils import timezone


def _columns(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _db_value(field, value):
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    return value


def insert_rows(model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` (attribute name → value; missing ones take the field's default) and return
    their ids in order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        return [obj.pk for obj in model.objects.bulk_create(model(**row) for row in rows)]
    fields = _columns(model)
    now = timezone.now()
    defaults = {
        f.attname: now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }
    table = model._meta.db_table
    pk = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        names = ", ".join(quote(c) for c in [pk, *(f.column for f in fields)])
        # cursor.cursor is the raw psycopg cursor: Django's wrapper has no COPY.
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row_id, row in zip(ids, rows, strict=True):
                copy.write_row(
                    [
                        row_id,
                        *(_db_value(f, row.get(f.attname, defaults[f.attname])) for f in fields),
                    ]
                )
    return ids


def update_rows(model, names: list[str], rows: list[dict]) -> None:
    """Set the attributes ``names`` of each row (``{"id": ..., name: value}``) and bump its
    ``lock_version`` so an editor's stale copy of it is refused."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(
        f"{quote(f.column)} = %s" + ("::jsonb" if isinstance(f, models.JSONField) else "")
        for f in fields
    )
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments}, "
        f"{quote('lock_version')} = {quote('lock_version')} + 1, {quote('updated_at')} = %s "
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [[*(_db_value(f, row[f.attname]) for f in fields), now, row["id"]] for row in rows]
        )
