"""Reading a plan document: check it, turn it into a snapshot, or import it as a new plan.

Three stages, one module each: ``check`` (parse the text, then every problem of the document in
one pass: duplicate members, format, schema, names, duplicates), ``resolve`` (the snapshot the
document describes) and ``write`` (the new plan's rows). ``import_document`` creates a new plan
from a valid document in one transaction with bulk inserts; the importing user becomes its
owner. A refused document creates nothing.
"""

from __future__ import annotations

import json

from django.db import DataError, IntegrityError

from planner.document.gcpause import cyclic_gc_paused
from planner.document.load.check import (
    SCHEMA_PATH,
    DocumentRejected,
    document_schema,
    keyed_path,
    parse_document,
    pointer,
    validate_document,
)
from planner.document.load.resolve import snapshot_from_document
from planner.document.load.write import write_plan as _write_plan

__all__ = [
    "SCHEMA_PATH",
    "DocumentRejected",
    "document_schema",
    "import_document",
    "keyed_path",
    "parse_document",
    "pointer",
    "snapshot_from_document",
    "validate_document",
]


def import_document(doc, *, user, name: str | None = None, own_export: bool = False):
    """Create a new plan from ``doc`` (all or nothing); ``user`` becomes its owner. Raises
    DocumentRejected with every problem when the document is not valid. ``own_export`` says the
    document was just written by ``plan_document`` in this process (a clone), so the schema
    pass is skipped."""
    from connections.models import Product
    from core.changes import content_change

    problems = validate_document(doc, schema=not own_export)
    if problems:
        raise DocumentRejected(problems)
    snapshot = snapshot_from_document(doc)

    wanted = {e.product for e in snapshot.endpoints if e.product}
    products = {p.key: p for p in Product.objects.filter(key__in=wanted)}
    missing = [
        f"{keyed_path(doc, ('endpoints', i, 'product'))}: no product "
        f"{json.dumps(e.product, ensure_ascii=False)} in this installation's catalog"
        for i, e in enumerate(snapshot.endpoints)
        if e.product and e.product not in products
    ]
    if missing:
        raise DocumentRejected(missing)

    try:
        with cyclic_gc_paused(), content_change(user=user):
            return _write_plan(snapshot, products, user=user, name=name)
    except (IntegrityError, DataError) as exc:
        # The checks above mirror the database's constraints; should one slip through, the
        # transaction is rolled back and the document refused, never half imported.
        raise DocumentRejected([f"/: the database refused the document: {exc}"]) from exc
