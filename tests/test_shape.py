"""Every feature of the plan domain and of the connections app has the same module shape (issue
13, point 4 (f); the shape is described in docs/architecture.md, "Module shape" and "The
connections app"), and nothing of a feature sits outside its package, so the shape cannot drift
back.

A feature is ``planner/<feature>/`` with ``views.py`` (its pages) and ``urls.py`` (their
patterns, included by planner/urls.py), its forms and services where it has them, its models in
``planner/models/<feature>.py``, its templates in ``templates/planner/<feature>/`` and its tests
in ``tests/planner/<feature>/``. A new feature gets a line in ``FEATURES``; a new top-level
module of planner/ gets a line in ``PLUMBING`` (with its reason) or goes into a feature.
``connections/`` has the same shape: ``CONNECTIONS_FEATURES``, ``CONNECTIONS_PLUMBING``, ...
"""

import ast
import importlib
import re
from pathlib import Path

import pytest
from django.urls import URLResolver

ROOT = Path(__file__).resolve().parents[1]

# feature: its forms module (or None: its pages take no form input, or build forms elsewhere,
# as named in the comment), its service modules (relative to planner/<feature>/, or elsewhere
# when the feature writes through another home), its model modules (planner/models/).
FEATURES = {
    "plans": {
        "forms": "forms.py",
        "services": ["services.py", "clone.py"],
        "models": ["plans.py"],
    },
    # Writes through the document reader (load/: check, resolve, write).
    "document": {"forms": "forms.py", "services": ["load/", "import_job.py"], "models": []},
    # The findings filters are read by display.py (FindingFilter), not a Django form.
    "validation": {"forms": None, "services": ["services.py"], "models": ["validation.py"]},
    "rehearsal": {
        "forms": "forms.py",
        "services": ["services.py", "loading.py", "samples.py"],
        "models": ["rehearsal.py"],
    },
    # Read only: the job service and the Job model are the kernel's (core/jobs.py).
    "job_pages": {"forms": None, "services": [], "models": []},
    "system": {"forms": None, "services": ["selfcheck.py", "health.py"], "models": []},
    "operations": {"forms": "forms.py", "services": ["services.py"], "models": ["operations.py"]},
    # Many write paths: one service module each. The team's invitations and the outbox of its
    # notifications are review's models too.
    "review": {
        "forms": "forms.py",
        "services": ["signoff.py", "team.py", "comments.py", "restore.py"],
        "models": ["review.py", "invitations.py", "outbox.py"],
    },
    # The step forms are built from the questions by presenter.py (StepForm).
    "wizard": {"forms": None, "services": ["services.py"], "models": ["wizard.py"]},
}
# Packages of planner/ without pages (no views, no urls): the worksheet and its jobs (their
# pages, export and print, are the documents'), and Django's own folders.
DOMAIN_PACKAGES = {"exports", "models", "migrations", "management", "templatetags"}
# Top-level modules of planner/: the app's plumbing and cross-cutting code, no feature.
PLUMBING = {
    "__init__.py": "the package",
    "admin.py": "the app's admin registrations",
    "apps.py": "the app config: job runners and the write boundary's effects",
    "urls.py": "includes each feature's urls.py",
    "tasks.py": "Celery tasks (thin)",
    "effects.py": "what a content change does to a plan (registered with core.changes)",
    "middleware.py": "request handling for every page",
    "auth.py": "sign-in rate limiting and the forgot-password form",
    "logs.py": "structured logs",
    "servers.py": "who sees a sync server's register (used by plans, operations, review)",
    "backups.py": "backup_plans / restore_plans (commands)",
    "demo.py": "the demo plan (setup command)",
    "subject_links.py": "finding subjects to page links (validation and connections' pages)",
}
# tests/planner/test_<name>.py that test no top-level module of the same name: concerns that
# cut across the features.
CROSS_CUTTING_TESTS = {
    "test_write_boundary.py": "every write path of every feature runs in the write boundary",
    "test_security.py": "headers, cookies and CSRF on every page",
    "test_uploads.py": "the upload limits on every upload of the plan domain",
    "test_double_submit.py": "identical POSTs at once, on several features' pages",
    "test_password_reset.py": "the forgot-password flow (planner/auth.py)",
}
# tests/planner/ folders that mirror a package without pages.
TEST_FOLDERS_OF_PACKAGES = {"exports": "planner/exports/", "commands": "planner/management/"}
# Modules besides a feature's urls.py that may import its views: the health answer (/healthz)
# is served ahead of the stack by the middleware and routed by the project's URLconf.
VIEW_IMPORTERS = {("planner/middleware.py", "system"), ("syncplan/urls.py", "system")}

# The connections app (connections/urls.py includes each feature's urls.py into the
# "connections" namespace). Services: the feature's writes and its read models.
CONNECTIONS_FEATURES = {
    # The catalog's products are the endpoints' second model module.
    "endpoints": {
        "forms": "forms.py",
        "services": ["services.py"],
        "models": ["endpoints.py", "product.py"],
    },
    # The parsers are the package connections/importers/.
    "imports": {"forms": "forms.py", "services": ["services.py", "bulk.py"], "models": []},
    "setup": {
        "forms": "forms.py",
        "services": ["services.py", "picture.py"],
        "models": ["setup.py"],
    },
    # The row editor's input is parsed by the views (PickerState, CalcState), no Django form.
    "field_mappings": {
        "forms": None,
        "services": ["services.py", "workspace.py", "coverage.py", "suggest.py"],
        "models": ["field_mappings.py"],
    },
    # The editor's actions are single buttons read by the views.
    "enums": {
        "forms": None,
        "services": ["services.py", "editor.py", "pairs.py"],
        "models": ["enums.py"],
    },
    "users": {"forms": "forms.py", "services": ["services.py"], "models": ["users.py"]},
    # Read only: what a delete takes with it; the deletes are each feature's own.
    "deletes": {"forms": None, "services": ["cascade.py"], "models": []},
}
CONNECTIONS_DOMAIN_PACKAGES = {
    "models",
    "migrations",
    "management",
    "templatetags",
    "catalog",
    "importers",
}
CONNECTIONS_PLUMBING = {
    "__init__.py": "the package",
    "admin.py": "the app's admin registrations",
    "apps.py": "the app config",
    "urls.py": "includes each feature's urls.py",
    "navigation.py": "breadcrumbs and links of every connections page (and of the plan page)",
    "rows.py": "the row round trip and RowForm, which every feature's pages and forms share",
    "editing.py": "the single-row write path (create, update, delete in the write boundary)",
    "undo.py": "the Undo stub of the workspace and of the enum editor",
    "restore.py": "what Undo restores (field mappings, enum pairs)",
}
# templates/connections/ folders that are no feature: partials every feature includes.
CONNECTIONS_SHARED_TEMPLATES = {"rows": "the row partials of every authoring page (rows.py)"}
CONNECTIONS_CROSS_CUTTING_TESTS = {
    "test_authoring_access.py": "the role table on every authoring page",
    "test_authoring_queries.py": "query counts of the authoring pages",
    "test_directions.py": "effective direction over the connections' models (facts/direction.py)",
}
CONNECTIONS_TEST_FOLDERS_OF_PACKAGES = {"importers": "connections/importers/"}
APPS = {"planner": FEATURES, "connections": CONNECTIONS_FEATURES}


def shape_problems(root: Path, feature: str, spec: dict, app: str = "planner") -> list[str]:
    """What ``<app>/<feature>/`` and its templates, models and tests lack of the shape."""
    package = root / app / feature
    wanted = [package / "__init__.py", package / "views.py", package / "urls.py"]
    if spec["forms"]:
        wanted.append(package / spec["forms"])
    wanted += [package / name for name in spec["services"]]
    wanted += [root / app / "models" / name for name in spec["models"]]
    problems = [f"missing {p.relative_to(root)}" for p in wanted if not p.exists()]
    init = package / "__init__.py"
    if init.exists() and not ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))):
        problems.append(f"{init.relative_to(root)} does not say what the feature is")
    templates = root / "templates" / app / feature
    if not any(templates.glob("*.html")):
        problems.append(f"no templates in {templates.relative_to(root)}/")
    tests = root / "tests" / app / feature
    if not any(tests.glob("test_*.py")):
        problems.append(f"no tests in {tests.relative_to(root)}/")
    views = package / "views.py"
    if views.exists():
        shared = CONNECTIONS_SHARED_TEMPLATES if app == "connections" else {}
        own = [f"{app}/{folder}/" for folder in [feature, *shared]]
        problems += [
            f"{views.relative_to(root)} renders {name}, not one of templates/{app}/{feature}/"
            for name in sorted(template_names(views, app))
            if not name.startswith(tuple(own))
        ]
    return problems


def template_names(path: Path, app: str = "planner") -> set[str]:
    """The app's templates a module names in its strings (a partial's ``#name`` left off)."""
    pattern = re.compile(rf"{app}/[\w/]+\.html")
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.update(pattern.findall(node.value))
    return names


def test_shape_problems_names_what_a_feature_lacks(tmp_path):
    package = tmp_path / "planner" / "alpha"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")  # no docstring
    (package / "views.py").write_text(
        'PAGE = "planner/alpha/page.html#row"\nOTHER = "planner/beta/page.html"\n'
    )
    (tmp_path / "templates" / "planner" / "alpha").mkdir(parents=True)
    (tmp_path / "templates" / "planner" / "alpha" / "page.html").write_text("")
    spec = {"forms": "forms.py", "services": ["services.py"], "models": []}

    assert shape_problems(tmp_path, "alpha", spec) == [
        "missing planner/alpha/urls.py",
        "missing planner/alpha/forms.py",
        "missing planner/alpha/services.py",
        "planner/alpha/__init__.py does not say what the feature is",
        "no tests in tests/planner/alpha/",
        "planner/alpha/views.py renders planner/beta/page.html, not one of "
        "templates/planner/alpha/",
    ]


def views_imports(root: Path, app: str = "planner") -> set[tuple[str, str]]:
    """(importing file, feature) for every import of a views module of one of ``app``'s
    features, in all the apps."""
    found = set()
    for folder in ("planner", "connections", "core", "syncplan"):
        for path in sorted((root / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                elif isinstance(node, ast.Import):
                    modules = [a.name for a in node.names]
                else:
                    continue
                for module in modules:
                    parts = module.split(".")
                    if len(parts) == 3 and parts[0] == app and parts[2] == "views":
                        found.add((str(path.relative_to(root)), parts[1]))
    return found


def test_views_imports_finds_both_import_forms(tmp_path):
    (tmp_path / "planner" / "alpha").mkdir(parents=True)
    (tmp_path / "planner" / "alpha" / "urls.py").write_text("from planner.alpha import views\n")
    (tmp_path / "planner" / "beta.py").write_text(
        "from planner.alpha.views import page\nfrom planner.alpha import services\n"
    )

    assert views_imports(tmp_path) == {
        ("planner/alpha/urls.py", "alpha"),
        ("planner/beta.py", "alpha"),
    }


# (app, feature) for every feature of both domain apps: one shape, checked the same way.
APP_FEATURES = [(app, feature) for app, features in APPS.items() for feature in features]


@pytest.mark.parametrize(("app", "feature"), APP_FEATURES)
def test_each_feature_package_has_the_shape(app, feature):
    assert shape_problems(ROOT, feature, APPS[app][feature], app=app) == []


@pytest.mark.parametrize(("app", "feature"), APP_FEATURES)
def test_each_features_urls_serve_only_its_own_views(app, feature):
    urls = importlib.import_module(f"{app}.{feature}.urls")

    assert not hasattr(urls, "app_name"), f"the {app} namespace is {app}/urls.py's"
    assert urls.urlpatterns
    foreign = {
        p.name: p.callback.__module__
        for p in urls.urlpatterns
        if p.callback.__module__ != f"{app}.{feature}.views"
    }
    assert foreign == {}


@pytest.mark.parametrize("app", APPS)
def test_an_apps_urls_is_only_its_features_urls(app):
    root_urls = importlib.import_module(f"{app}.urls")

    included = []
    for pattern in root_urls.urlpatterns:
        assert isinstance(pattern, URLResolver), f"{pattern} belongs in a feature's urls.py"
        included.append(pattern.urlconf_module.__name__)

    assert sorted(included) == sorted(f"{app}.{feature}.urls" for feature in APPS[app])
    assert root_urls.app_name == app


@pytest.mark.parametrize("app", APPS)
def test_a_features_views_are_imported_only_by_its_urls(app):
    foreign = {
        (path, feature)
        for path, feature in views_imports(ROOT, app=app)
        if path != f"{app}/{feature}/urls.py" and (path, feature) not in VIEW_IMPORTERS
    }

    assert foreign == set(), (
        "what another module needs of a page belongs in a service or read model"
    )


def test_no_feature_code_outside_the_feature_packages():
    planner = ROOT / "planner"
    packages = {p.name for p in planner.iterdir() if p.is_dir() and p.name != "__pycache__"}
    modules = {p.name for p in planner.glob("*.py")}

    assert packages - set(FEATURES) - DOMAIN_PACKAGES == set()
    assert modules - set(PLUMBING) == set(), "put it into its feature, or say why in PLUMBING"
    for old in ("views", "services"):
        assert not (planner / old).exists(), f"planner/{old}/: a feature's code is in its package"


def test_planner_templates_live_in_their_features_folders():
    templates = ROOT / "templates" / "planner"
    loose = sorted(p.name for p in templates.iterdir() if p.is_file())
    folders = {p.name for p in templates.iterdir() if p.is_dir()}

    assert loose == []
    assert folders == set(FEATURES)


def test_model_modules_are_named_after_their_feature():
    owned = {name for spec in FEATURES.values() for name in spec["models"]}
    modules = {p.name for p in (ROOT / "planner" / "models").glob("*.py")} - {"__init__.py"}

    assert modules == owned


def test_planner_tests_mirror_the_features():
    tests = ROOT / "tests" / "planner"
    folders = {p.name for p in tests.iterdir() if p.is_dir() and p.name != "__pycache__"}
    top_level = {p.name for p in tests.glob("test_*.py")}
    unmirrored = {
        name
        for name in top_level - set(CROSS_CUTTING_TESTS)
        if not (ROOT / "planner" / name.removeprefix("test_")).exists()
    }

    assert folders - set(FEATURES) - set(TEST_FOLDERS_OF_PACKAGES) == set()
    assert unmirrored == set(), "a feature's tests go into tests/planner/<feature>/"


# The connections app ---------------------------------------------------------------------------


def test_shape_problems_lets_a_connections_view_render_the_shared_row_partials(tmp_path):
    package = tmp_path / "connections" / "alpha"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Alpha."""\n')
    (package / "urls.py").write_text("")
    (package / "views.py").write_text(
        'ROW = "connections/rows/rows.html#row"\nPAGE = "connections/alpha/page.html"\n'
        'OTHER = "connections/beta/page.html"\n'
    )
    (tmp_path / "templates" / "connections" / "alpha").mkdir(parents=True)
    (tmp_path / "templates" / "connections" / "alpha" / "page.html").write_text("")
    (tmp_path / "tests" / "connections" / "alpha").mkdir(parents=True)
    (tmp_path / "tests" / "connections" / "alpha" / "test_views.py").write_text("")
    spec = {"forms": None, "services": [], "models": ["alpha.py"]}

    assert shape_problems(tmp_path, "alpha", spec, app="connections") == [
        "missing connections/models/alpha.py",
        "connections/alpha/views.py renders connections/beta/page.html, not one of "
        "templates/connections/alpha/",
    ]


def test_no_feature_code_outside_the_connections_feature_packages():
    app = ROOT / "connections"
    packages = {p.name for p in app.iterdir() if p.is_dir() and p.name != "__pycache__"}
    modules = {p.name for p in app.glob("*.py")}

    assert packages - set(CONNECTIONS_FEATURES) - CONNECTIONS_DOMAIN_PACKAGES == set()
    assert modules - set(CONNECTIONS_PLUMBING) == set(), (
        "put it into its feature, or say why in CONNECTIONS_PLUMBING"
    )
    for old in ("views", "services"):
        assert not (app / old).exists(), f"connections/{old}/: a feature's code is its package's"
    assert not (app / "forms.py").exists(), "a feature's forms are in its forms.py"


def test_connections_templates_live_in_their_features_folders():
    templates = ROOT / "templates" / "connections"
    loose = sorted(p.name for p in templates.iterdir() if p.is_file())
    folders = {p.name for p in templates.iterdir() if p.is_dir()}

    assert loose == []
    assert folders == set(CONNECTIONS_FEATURES) | set(CONNECTIONS_SHARED_TEMPLATES)


def test_connections_model_modules_are_named_after_their_feature():
    owned = {name for spec in CONNECTIONS_FEATURES.values() for name in spec["models"]}
    modules = {p.name for p in (ROOT / "connections" / "models").glob("*.py")} - {"__init__.py"}

    assert modules == owned


def test_connections_tests_mirror_the_features():
    tests = ROOT / "tests" / "connections"
    folders = {p.name for p in tests.iterdir() if p.is_dir() and p.name != "__pycache__"}
    top_level = {p.name for p in tests.glob("test_*.py")}
    app = ROOT / "connections"
    unmirrored = {
        name
        for name in top_level - set(CONNECTIONS_CROSS_CUTTING_TESTS)
        if not (app / name.removeprefix("test_")).exists()
        and not (app / name.removeprefix("test_").removesuffix(".py")).is_dir()
    }

    assert folders - set(CONNECTIONS_FEATURES) - set(CONNECTIONS_TEST_FOLDERS_OF_PACKAGES) == set()
    assert unmirrored == set(), "a feature's tests go into tests/connections/<feature>/"
