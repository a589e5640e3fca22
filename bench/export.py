"""Benchmark the worksheet export on an enterprise-size plan.

    python bench/export.py [--keep] [--plan ID] [--format xlsx|csv|json]

Generates the plan of the validator's benchmark (bench/generate.py: 3,000 field mappings,
20,000 enum pairs, 5,000 users per side, 5,000 user-map entries) unless --plan names an existing
one, then exports it in a fresh Python process, as a worker would: reading the plan (snapshot and
findings), building the sheets and writing the workbook. Prints the export's wall time, the
file size, the CPU time of the exporting process (the database's own work is not in it; it shows
the export's cost when the machine is shared) and the process's peak resident memory (VmHWM) (ru_maxrss, Django and all). The generated plan
is deleted afterwards unless --keep is given. Targets: under 5 s and under 300 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncplan.settings")


def _reset_peak_rss() -> None:
    """Forget the peak memory inherited from the parent (Linux carries it across fork/exec), so
    the figure is this process's own."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def measure(plan_id: int, fmt: str) -> dict:
    """Run in the child process: one export, its time and this process's peak memory."""
    _reset_peak_rss()
    import django

    django.setup()
    from core.models import JobKind
    from planner.exports.job import render_export
    from planner.exports.sheets import ExportOptions
    from planner.models import Plan

    kind = {"xlsx": JobKind.EXPORT_XLSX, "csv": JobKind.EXPORT_CSV, "json": JobKind.EXPORT_JSON}
    plan = Plan.objects.select_related("sync_server").get(pk=plan_id)
    rss_before = _peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    content = render_export(plan, kind[fmt], ExportOptions())
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak = _peak_rss_mb()
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "bytes": len(content),
        "peak_rss_mb": round(peak, 1),
        "rss_before_export_mb": round(rss_before, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", type=int, help="Export this existing plan instead.")
    parser.add_argument("--keep", action="store_true", help="Keep the generated plan.")
    parser.add_argument("--format", choices=["xlsx", "csv", "json"], default="xlsx")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.format)))
        return

    import django

    django.setup()
    from bench.generate import generate_enterprise_plan
    from connections.models import EndpointUser, EnumPair, FieldMapping, UserMapEntry
    from planner.models import Plan

    plan_id = args.plan
    if plan_id is None:
        started = time.perf_counter()
        plan_id = generate_enterprise_plan().pk
        print(f"generated plan {plan_id} in {time.perf_counter() - started:.1f} s")
    try:
        counts = {
            "field mappings": FieldMapping.objects.filter(
                type_mapping__connection__plan_id=plan_id
            ),
            "enum pairs": EnumPair.objects.filter(
                field_mapping__type_mapping__connection__plan_id=plan_id
            ),
            "users": EndpointUser.objects.filter(endpoint__plan_id=plan_id),
            "user-map entries": UserMapEntry.objects.filter(user_map__connection__plan_id=plan_id),
        }
        counts = {name: queryset.count() for name, queryset in counts.items()}
        print("plan:", ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(plan_id), "--format", args.format],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        result = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"{args.format} export: {result['seconds']} s wall ({result['cpu_seconds']} s CPU in "
            f"the exporting process; load average {os.getloadavg()[0]:.1f}), "
            f"{result['bytes'] / 1e6:.1f} MB file, "
            f"peak RSS {result['peak_rss_mb']} MB (process before export: "
            f"{result['rss_before_export_mb']} MB)"
        )
    finally:
        if args.plan is None and not args.keep:
            from connections.models import Connection

            Connection.objects.filter(plan_id=plan_id).delete()  # they protect their endpoints
            Plan.objects.filter(pk=plan_id).delete()


if __name__ == "__main__":
    main()
