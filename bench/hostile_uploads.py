"""Benchmark: hostile uploads through the limits helper (core/uploads.py). Each file is read
the way its upload path reads it; prints the time and the peak memory each one costs. The 92 KB
workbook declaring A1:XFD1048576 took 15-30 s and about 1.6 GB before spreadsheets were read by
their actual cells.

    python bench/hostile_uploads.py

Needs no database: only the upload limit is read from the settings.
"""

import contextlib
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402

settings.configure(UPLOAD_MAX_BYTES=20 * 1024 * 1024)

from core import uploads  # noqa: E402
from tests.hostile import hostile_files, template_xlsx_declaring_whole_sheet  # noqa: E402


def _reader(name: str):
    if name.startswith("xlsx"):
        return uploads.xlsx_rows
    if name.startswith("json"):
        return uploads.load_json
    return lambda content, document: list(uploads.csv_rows(uploads.decode(content, document)))


def measure(name: str, content: bytes, read) -> None:
    started = time.perf_counter()
    try:
        result = read(content, name)
        outcome = f"read, {len(result):,} rows" if isinstance(result, list) else "read"
    except uploads.UploadRefused as refused:
        outcome = f"refused: {refused.reason[:60]}"
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    with contextlib.suppress(uploads.UploadRefused):
        read(content, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{name:34} {len(content) / 1024:8.0f} KB {elapsed:7.3f} s {peak / 1e6:8.1f} MB  {outcome}"
    )


def main():
    print(f"{'file':34} {'size':>11} {'time':>9} {'peak':>11}  outcome")
    measure(
        "template-xlsx-declaring-whole-sheet",
        template_xlsx_declaring_whole_sheet(),
        uploads.xlsx_rows,
    )
    for name, content in hostile_files().items():
        measure(name, content, _reader(name))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident size of the whole run: {rss:.0f} MB")


if __name__ == "__main__":
    main()
