"""Plan facts are pure: no module of facts imports Django (no ORM, no settings)."""

import ast
from pathlib import Path

import facts

FACTS = Path(facts.__file__).parent


def test_no_facts_module_imports_django():
    modules = sorted(FACTS.glob("*.py"))
    assert len(modules) >= 8
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "django" for n in names), path.name
