"""The readers, the engine and the pairing are pure: no ORM, no settings (docs/rehearsal.md)."""

import ast
from pathlib import Path

import planner.rehearsal

PACKAGE = Path(planner.rehearsal.__file__).parent


def test_no_rehearsal_module_imports_django():
    modules = sorted(PACKAGE.glob("*.py"))
    assert {p.name for p in modules} >= {"readers.py", "engine.py", "pairing.py"}
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "django" for n in names), path.name
            assert not any(n.endswith(".models") for n in names), path.name
