"""Benchmark the validator on an enterprise-size plan.

    python bench/validate.py [--keep]

Generates the plan of issue 4 into the configured PostgreSQL database (two endpoints × 40 types ×
300 fields, 30 type mappings, 3,000 field mappings, 20,000 enum pairs, 5,000 users per side,
5,000 user-map entries), then prints: rows loaded, SQL queries used by build_snapshot, the time
to build the snapshot, the time to run all rules, and the ratio of the whole validation to the
floor (the same SQL statements executed on a raw cursor with fetchall() and nothing else).
The plan is deleted afterwards unless --keep is given.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncplan.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.generate import generate_enterprise_plan  # noqa: E402
from planner.document.snapshot import build_snapshot  # noqa: E402
from planner.models import Plan  # noqa: E402
from planner.validation.engine import validate  # noqa: E402

ROUNDS = 3


def _recorded_build(plan):
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        snapshot = build_snapshot(plan)
    return snapshot, statements


def _floor(statements) -> tuple[float, int]:
    rows = 0
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return time.perf_counter() - start, rows


def main(keep: bool = False) -> None:
    started = time.perf_counter()
    plan = generate_enterprise_plan()
    print(f"generated plan {plan.pk} in {time.perf_counter() - started:.1f} s")
    try:
        plan = Plan.objects.select_related("sync_server").get(pk=plan.pk)
        snapshot, statements = _recorded_build(plan)  # warm-up; also records the statements
        builds, runs, floors, cpu = [], [], [], []
        for _ in range(ROUNDS):
            start, cpu_start = time.perf_counter(), time.process_time()
            snapshot = build_snapshot(plan)
            builds.append(time.perf_counter() - start)
            start = time.perf_counter()
            findings = validate(snapshot)
            runs.append(time.perf_counter() - start)
            cpu.append(time.process_time() - cpu_start)
            floor, rows = _floor(statements)
            floors.append(floor)
        build, run, floor = min(builds), min(runs), min(floors)
        print(f"rows loaded:             {rows}")
        print(f"snapshot SQL queries:    {len(statements)}")
        print(f"build snapshot:          {build * 1000:.0f} ms")
        print(f"run all rules:           {run * 1000:.0f} ms ({len(findings)} findings)")
        print(f"whole validation:        {(build + run) * 1000:.0f} ms")
        print(f"floor (raw fetchall):    {floor * 1000:.0f} ms")
        print(f"ratio validation/floor:  {(build + run) / floor:.2f}")
        # CPU time of this process (build + rules): what the validation costs here when the
        # machine is busy with other work and wall times stretch.
        print(f"CPU time of validation:  {min(cpu) * 1000:.0f} ms")
        print(f"load average:            {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        if not keep:
            from connections.models import Connection

            Connection.objects.filter(plan=plan).delete()  # connections protect endpoints
            plan.delete()
            if plan.sync_server_id:
                plan.sync_server.delete()


if __name__ == "__main__":
    main(keep="--keep" in sys.argv)
