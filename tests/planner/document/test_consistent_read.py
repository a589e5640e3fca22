"""The snapshot is read from one consistent view of the database (issue 12, point 3).

Another user committing an enum pair between the snapshot's queries once made the builder raise
KeyError (the pair's values were not in the earlier enum-value query): exports, validations and
the print view failed. The writes here come from another thread, so through another database
connection, and are committed before the snapshot's enum-pair query runs.
"""

import threading

import pytest
from django.db import connection
from django.db import connections as db_connections

from connections.models import EnumPair
from planner.document.snapshot import build_snapshot
from tests.factories import EnumPairFactory


def _commit_elsewhere(work):
    """Run ``work`` in another thread: its own connection, autocommit, committed on return."""
    errors = []

    def target():
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)
        finally:
            db_connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=30)
    if errors:
        raise errors[0]


def _pairs(snapshot):
    return [
        (pair.left, pair.right)
        for conn in snapshot.connections
        for tm in conn.type_mappings
        for fm in tm.field_mappings
        for pair in fm.enum_pairs
    ]


@pytest.mark.django_db(transaction=True)
def test_a_pair_committed_between_the_snapshots_queries_is_not_half_seen():
    first = EnumPairFactory(left_value__label="Open", right_value__label="New")
    plan = first.field_mapping.type_mapping.connection.plan
    pair_table = EnumPair._meta.db_table
    injected = []

    def add_pair_from_another_connection(execute, sql, params, many, context):
        if pair_table in sql and not injected:
            injected.append(True)
            _commit_elsewhere(
                lambda: EnumPairFactory(
                    field_mapping=first.field_mapping,
                    left_value__label="Closed",
                    right_value__label="Done",
                )
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(add_pair_from_another_connection):
        snapshot = build_snapshot(plan)

    assert injected, "the other connection's write did not happen during the snapshot"
    assert EnumPair.objects.filter(field_mapping=first.field_mapping).count() == 2
    # The snapshot is the plan as it was when its first query ran...
    assert _pairs(snapshot) == [("Open", "New")]
    # ...and the next one sees the committed pair.
    assert sorted(_pairs(build_snapshot(plan))) == [("Closed", "Done"), ("Open", "New")]


@pytest.mark.django_db(transaction=True)
def test_the_connection_is_left_as_it_was_after_a_snapshot():
    first = EnumPairFactory()
    plan = first.field_mapping.type_mapping.connection.plan
    build_snapshot(plan)
    # Autocommit again, and the next transaction is not read-only: writes go through.
    assert connection.get_autocommit()
    EnumPairFactory(field_mapping=first.field_mapping)
    if connection.vendor == "postgresql":
        assert not connection.connection.read_only
