"""Serializing one-off set-up work (loading the catalog, the demo plan) between processes.

The run command, the web container and a worker may start at the same moment; without a lock
two of them could both see "no demo plan yet" and create two. On PostgreSQL a transaction-level
advisory lock makes the second wait until the first has committed; SQLite serializes writing
transactions by itself, so there the lock is a no-op.
"""

from __future__ import annotations

import hashlib

from django.db import connection


def lock_for_transaction(name: str) -> None:
    """Hold the lock called ``name`` until the current transaction ends (call inside atomic)."""
    if connection.vendor != "postgresql":
        return
    # pg_advisory_xact_lock takes a signed 64-bit key.
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
