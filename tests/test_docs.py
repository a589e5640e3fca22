"""The architecture pages name only modules that exist: every backticked path of
docs/architecture.md and docs/plan-facts.md ending in ``.py`` or ``/`` is a file or folder of the
repository (paths are from its root; a bare file name like ``check.py`` is read in its sentence's
context and not checked)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("docs/architecture.md", "docs/plan-facts.md")
# A relative path with at least one folder, ending in .py or /: `facts/`, `a/b.py`.
PATH = re.compile(r"[A-Za-z_][\w.-]*(?:/[\w.-]+)*(?:/|\.py)")


def module_paths(text: str) -> list[str]:
    return [
        span for span in re.findall(r"`([^`\n]+)`", text) if PATH.fullmatch(span) and "/" in span
    ]


def test_backticked_paths_are_found_and_other_spans_are_not():
    text = "`facts/` and `planner/a.py`, not `check.py`, `/plans/<id>/`, `x.y`, `../s/`"

    assert module_paths(text) == ["facts/", "planner/a.py"]


@pytest.mark.parametrize("doc", DOCS)
def test_every_module_path_a_doc_names_exists(doc):
    paths = module_paths((ROOT / doc).read_text(encoding="utf-8"))
    assert len(paths) >= 10, "the page names no modules: is the pattern still right?"

    missing = sorted({p for p in paths if not (ROOT / p).exists()})

    assert missing == [], f"{doc} names paths that do not exist: {missing}"
