"""Benchmark the plan-document schema check on an enterprise-size document.

    python bench/document_check.py

Generates the enterprise plan of bench/generate.py into the configured database, writes its
plan document (about 13 MB of JSON), then prints the time of the schema check the importer
uses (compiled: jsonschema-rs), the time of the old pure-Python jsonschema pass over the same
document, and their ratio. Target: under 1 s for the compiled check. The plan is deleted
afterwards.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncplan.settings")

import django  # noqa: E402

django.setup()

from bench.generate import generate_enterprise_plan  # noqa: E402
from planner.document.dump import plan_document  # noqa: E402
from planner.document.load import _validator  # noqa: E402
from planner.document.schema_check import compiled_validator, schema_problems  # noqa: E402

ROUNDS = 3


def _best(work, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    plan = generate_enterprise_plan()
    try:
        text = json.dumps(plan_document(plan))
    finally:
        from connections.models import Connection

        Connection.objects.filter(plan=plan).delete()  # connections protect endpoints
        plan.delete()
        if plan.sync_server_id:
            plan.sync_server.delete()
    doc = json.loads(text)
    compiled_validator(), _validator()  # compile both schemas outside the timings
    assert schema_problems(doc) == [], "the generated document should conform"

    compiled = _best(lambda: schema_problems(doc), ROUNDS)
    old = _best(lambda: list(_validator().iter_errors(doc)), 1)
    print(f"document size:               {len(text.encode()) / 1e6:.1f} MB")
    print(f"schema check (jsonschema-rs): {compiled * 1000:.0f} ms")
    print(f"old check (jsonschema):       {old * 1000:.0f} ms")
    print(f"ratio old/new:                {old / compiled:.1f}x")
    print(f"load average:                 {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
