"""Benchmark: import a 5,000-field schema with 50,000 enum values into an empty endpoint, then
re-import a changed version of it. Prints the times; the goal is under 3 s for the import.

    python bench/import_schema.py [--fields 5000] [--values-per-field 10]

Uses the database of DATABASE_URL; the plan it creates is deleted afterwards.
"""

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncplan.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from connections.importers import ImportDocument, parse_documents  # noqa: E402
from connections.imports.services import apply_import  # noqa: E402
from connections.models import EnumValue, Field  # noqa: E402
from planner.models import Plan  # noqa: E402


def template(fields: int, values_per_field: int, version: int = 1) -> bytes:
    """A generic-template CSV: 50 item types sharing ``fields`` fields; each field an enum."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["type", "key", "label", "data_type", "required", "values"])
    for i in range(fields):
        # Version 2 renames every tenth field's label and replaces one value of every fifth.
        label = f"Field {i}" + (" (renamed)" if version == 2 and i % 10 == 0 else "")
        values = [f"Value {i}-{j}" for j in range(values_per_field)]
        if version == 2 and i % 5 == 0:
            values[-1] = f"New value {i}"
        writer.writerow(
            [
                f"type{i % 50}",
                f"field_{i}",
                label,
                "enum",
                "yes" if i % 7 == 0 else "",
                "|".join(values),
            ]
        )
    return out.getvalue().encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fields", type=int, default=5000)
    parser.add_argument("--values-per-field", type=int, default=10)
    args = parser.parse_args()

    user, _ = get_user_model().objects.get_or_create(username="bench-import")
    plan = Plan.objects.create(name="bench: schema import", created_by=user)
    endpoint = plan.endpoints.create(key="bench", name="Bench")
    try:
        for version, label in ((1, "import into an empty endpoint"), (2, "re-import with changes")):
            document = ImportDocument(
                "bench.csv", template(args.fields, args.values_per_field, version)
            )
            started = time.perf_counter()
            schema = parse_documents([document])
            parsed = time.perf_counter()
            # The re-import removes values: confirmed, so the removals are measured too.
            diff = apply_import(endpoint, schema, source="bench", confirm_removals=True)
            done = time.perf_counter()
            print(
                f"{label}: {schema.field_count:,} fields, {schema.value_count:,} enum values "
                f"({len(document.content) / 1e6:.1f} MB CSV): parse {parsed - started:.2f} s + "
                f"apply {done - parsed:.2f} s = {done - started:.2f} s"
            )
            print("   changes:", {k: v for k, v in diff.summary().items() if v})
        fields = Field.objects.filter(item_type__endpoint=endpoint).count()
        values = EnumValue.objects.filter(field__item_type__endpoint=endpoint).count()
        print(f"endpoint now holds {fields:,} fields and {values:,} enum values")
    finally:
        plan.delete()


if __name__ == "__main__":
    main()
