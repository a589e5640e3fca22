"""The readers, the engine and the pairing are pure: no ORM, no settings (docs/rehearsal.md).

The rehearsal is also a feature package (docs/architecture.md, "Module shape"): its Django
side, the pages, forms, URLs, the job and the stored sample sets and results, sits in the
modules named in ``DJANGO_SIDE``; every other module of the package is pure."""

import ast
from pathlib import Path

import planner.rehearsal

PACKAGE = Path(planner.rehearsal.__file__).parent
DJANGO_SIDE = {"views.py", "forms.py", "urls.py", "services.py", "loading.py", "samples.py"}


def test_no_rehearsal_module_imports_django():
    modules = sorted(p for p in PACKAGE.glob("*.py") if p.name not in DJANGO_SIDE)
    assert {p.name for p in modules} >= {"readers.py", "engine.py", "pairing.py", "status.py"}
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
