"""Benchmark: what the rehearsal's findings (RHR) cost a validation. Rehearses the generated
items of bench/rehearse.py (10,000 items, 50 field mappings, in the shape of the real Jira
search sample), keeps the result as the job stores it (JSON), then times reading it back and
validating the plan with and without it (best of --repeat). No database: the engine, the rules
and the result are pure.

    python bench/rehearsal_findings.py [--items 10000] [--mappings 50] [--repeat 3]
"""

import argparse
import gc
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.rehearse import generate, snapshot  # noqa: E402 - it sets Django up
from planner.rehearsal.readers import read  # noqa: E402
from planner.rehearsal.results import rehearsal_result  # noqa: E402
from planner.validation.engine import validate  # noqa: E402


def best(repeat, work):
    fastest, value = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        value = work()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest, value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--mappings", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    documents, keys, kinds = generate(args.items, args.mappings, 4)
    plan = snapshot(keys, kinds)
    sets = {"jira": [read(d, f"bench-{i}.json", max_bytes=50 * 1024 * 1024)
                     for i, d in enumerate(documents)]}  # fmt: skip
    result, _pairings, _reports = rehearsal_result(plan, sets)
    stored = json.dumps(result, ensure_ascii=False, default=str).encode()
    print(f"{args.items:,} items x {args.mappings} field mappings; stored result "
          f"{len(stored) / 1e6:.1f} MB")  # fmt: skip

    read_s, data = best(args.repeat, lambda: json.loads(stored))
    plain_s, plain = best(args.repeat, lambda: validate(plan))
    with_s, found = best(args.repeat, lambda: validate(plan, rehearsal=data))
    rhr = sorted({f.code for f in found if f.family == "RHR"})
    print(f"read the stored result back:       {read_s:.3f} s")
    print(f"validate without the rehearsal:    {plain_s:.3f} s ({len(plain)} findings)")
    print(f"validate with the rehearsal:       {with_s:.3f} s ({len(found)} findings: "
          f"{', '.join(rhr)})")  # fmt: skip
    print(f"the RHR rules add:                 {with_s - plain_s:.3f} s")


if __name__ == "__main__":
    main()
