"""Load test: N simulated users against gunicorn + a Celery worker + PostgreSQL + Redis.

    python -m bench.load --users 20 --duration 120

Starts the web and worker processes with the commands docker-compose uses
(``gunicorn syncplan.wsgi -b 127.0.0.1:PORT -w 3`` and ``celery -A syncplan worker``) against
DATABASE_URL and CELERY_BROKER_URL from the environment, prepares a plan with one 300-field
type mapping and N member accounts, signs every user in through the real login form, then lets
them work with 1 second of think time for a bounded time, in a mix of about 85 % reads, 10 %
edits, 4 % validations and 1 % exports. Prints requests, errors and p50/p95/p99 latency per
request kind, and the overall page-and-partial figures the target is stated in.

Each user is a keep-alive HTTP connection with its own cookies (stdlib ``http.client``), like
a browser tab. The request kinds are the ``KINDS`` list below: every kind names the URL it
needs (a Django URL name); kinds whose URL does not exist in this checkout are left out, and a
category left empty falls back to its stand-in (validations and exports run the worker
self-check job, which exercises the same queue, worker, polling and download path). Add a kind
by appending a ``Kind`` with a function that makes the requests of one user action.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
# Set on the benchmark accounts at every run: nothing to keep secret, nothing to commit.
PASSWORD = secrets.token_urlsafe(18)
PLAN_NAME = "Load benchmark plan"
MIX = {"read": 85, "edit": 10, "validate": 4, "export": 1}
JOB_POLL_LIMIT_S = 60


# --------------------------------------------------------------------------- HTTP per user


class Session:
    """One simulated browser: a keep-alive connection, cookies, and a record of every request."""

    def __init__(self, host: str, port: int, recorder: Recorder):
        self.host, self.port, self.recorder = host, port, recorder
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def request(self, kind: str, method: str, path: str, *, form=None, htmx=False, ok=(200,)):
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "syncplan-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST":
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        if htmx:
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.recorder.add(kind, time.perf_counter() - started, error=f"{method} {path}: {exc}")
            return None, b"", {}
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        error = None if response.status in ok else f"{method} {path}: {response.status}"
        self.recorder.add(kind, elapsed, error=error)
        return response.status, content, dict(response.getheaders())

    def login(self, username: str) -> bool:
        self.request("login", "GET", "/login/")
        status, _, headers = self.request(
            "login", "POST", "/login/",
            form={"username": username, "password": PASSWORD,
                  "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")},
            ok=(302,),
        )  # fmt: skip
        return status == 302 and "/login/" not in headers.get("Location", "/login/")


# --------------------------------------------------------------------------- request kinds


@dataclass
class Context:
    """What the users work on (ids prepared by ``prepare``)."""

    plan_id: int
    connection_id: int
    endpoint_ids: list[int]
    type_mapping_id: int
    field_mapping_ids: list[int]
    enum_mapping_ids: list[int]


@dataclass
class Kind:
    name: str
    category: str  # read | edit | validate | export
    needs: str  # the Django URL name it requests; the kind is skipped when it does not exist
    action: object  # action(session, ctx, rng) -> None: the requests of one user action
    weight: int = 1  # relative weight inside its category
    stand_in: bool = False  # used only when no other kind of its category is available


def _follow_job(session: Session, page: str, poll: str, *, page_kind: str, poll_kind: str):
    """Open the page a start request redirected to, then poll the job's partial each second
    until the job has finished (htmx answers 286 then), as the page does in a browser."""
    session.request(page_kind, "GET", page)
    deadline = time.monotonic() + JOB_POLL_LIMIT_S
    while time.monotonic() < deadline:
        time.sleep(1)
        status, content, _ = session.request(poll_kind, "GET", poll, htmx=True, ok=(200, 286))
        if status == 286:
            if b"Failed" in content:
                session.recorder.add(poll_kind, 0, error=f"job failed: {poll}")
            return
        if status is None or status >= 400:
            return
    session.recorder.add(poll_kind, 0, error=f"job not finished in {JOB_POLL_LIMIT_S}s: {poll}")


def read_dashboard(s, ctx, rng):
    s.request("page: dashboard", "GET", "/")


def read_plan(s, ctx, rng):
    s.request("page: plan detail", "GET", f"/plans/{ctx.plan_id}/")


def read_connection(s, ctx, rng):
    s.request("page: connection", "GET", f"/plans/{ctx.plan_id}/connections/{ctx.connection_id}/")


def read_endpoint(s, ctx, rng):
    endpoint = rng.choice(ctx.endpoint_ids)
    s.request("page: endpoint", "GET", f"/plans/{ctx.plan_id}/endpoints/{endpoint}/")


def read_workspace(s, ctx, rng):
    path = f"/plans/{ctx.plan_id}/connections/{ctx.connection_id}/types/{ctx.type_mapping_id}/"
    s.request("page: type mapping workspace", "GET", path)


def read_findings(s, ctx, rng):
    s.request("page: findings", "GET", f"/plans/{ctx.plan_id}/findings/")


def edit_new_plan(s, ctx, rng):
    """Stand-in edit until the mapping edit endpoints merge: a form POST that writes rows."""
    s.request(
        "edit: create plan", "POST", "/plans/new/",
        form={"name": f"Scratch plan {rng.randrange(10**6)}", "description": "load test",
              "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
        ok=(302,),
    )  # fmt: skip


LOCK_VERSION = re.compile(rb'name="lock_version" value="(\d+)"')
PAIR_MOVE = re.compile(
    rb'action="([^"]*/pairs/\d+/move/)"[^>]*>.{0,400}?name="lock_version" value="(\d+)">'
    rb'<button type="submit" name="offset" value="(up|down)"',
    re.S,
)


def _workspace_path(ctx) -> str:
    return f"/plans/{ctx.plan_id}/connections/{ctx.connection_id}/types/{ctx.type_mapping_id}/"


def edit_field_mapping(s, ctx, rng):
    """Open a field mapping's row for editing, then save it with new notes (its lock_version
    from the row: a concurrent save of the same row is a conflict, shown with status 200)."""
    row = f"{_workspace_path(ctx)}fields/{rng.choice(ctx.field_mapping_ids)}/"
    _, content, _ = s.request("partial: field mapping row", "GET", f"{row}row/", htmx=True)
    found = LOCK_VERSION.search(content or b"")
    if found is None:
        s.recorder.add("edit: field mapping", 0, error=f"no lock_version in {row}row/")
        return
    s.request(
        "edit: field mapping", "POST", row, htmx=True,
        form={"lock_version": found.group(1).decode(), "direction": "", "conflict_policy": "",
              "notes": f"checked in load run {rng.randrange(10**6)}",
              "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
    )  # fmt: skip


def edit_enum_pair(s, ctx, rng):
    """Open an enum field mapping's pair editor and move one pair up or down."""
    editor = f"{_workspace_path(ctx)}fields/{rng.choice(ctx.enum_mapping_ids)}/values/"
    _, content, _ = s.request("page: enum pair editor", "GET", editor)
    moves = PAIR_MOVE.findall(content or b"")
    if not moves:
        s.recorder.add("edit: enum pair", 0, error=f"no pair to move in {editor}")
        return
    action, lock_version, offset = rng.choice(moves)
    s.request(
        "edit: enum pair", "POST", action.decode(), htmx=True,
        form={"lock_version": lock_version.decode(), "offset": offset.decode(),
              "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
    )  # fmt: skip


def validate_plan(s, ctx, rng):
    status, _, headers = s.request(
        "job: start validation", "POST", f"/plans/{ctx.plan_id}/validate/",
        form={"csrfmiddlewaretoken": s.cookies.get("csrftoken", "")}, ok=(302,),
    )  # fmt: skip
    if status == 302:
        location = headers["Location"]
        _follow_job(s, location, location, page_kind="page: job", poll_kind="partial: job status")


def export_plan(s, ctx, rng):
    status, _, headers = s.request(
        "job: start export", "POST", f"/plans/{ctx.plan_id}/export/",
        form={"format": "xlsx", "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
        ok=(302,),
    )  # fmt: skip
    if status == 302:
        location = headers["Location"]
        _follow_job(s, location, location, page_kind="page: job", poll_kind="partial: job status")


def selfcheck_job(s, ctx, rng):
    """Stand-in job: the worker self-check (queue, worker, database, file storage, polling)."""
    status, _, headers = s.request(
        "job: start self-check", "POST", "/system/selfcheck/",
        form={"csrfmiddlewaretoken": s.cookies.get("csrftoken", "")}, ok=(302,),
    )  # fmt: skip
    if status != 302:
        return
    page = headers["Location"]
    job_id = page.rpartition("job=")[2]
    if job_id.isdigit():
        _follow_job(s, page, f"/system/selfcheck/{job_id}/", page_kind="page: system",
                    poll_kind="partial: self-check status")  # fmt: skip


KINDS = [
    Kind("dashboard", "read", "planner:dashboard", read_dashboard, weight=2),
    Kind("plan detail", "read", "planner:plan_detail", read_plan, weight=3),
    Kind("connection", "read", "connections:connection_detail", read_connection, weight=2),
    Kind("endpoint", "read", "connections:endpoint_detail", read_endpoint, weight=1),
    Kind("workspace", "read", "connections:workspace", read_workspace, weight=3),
    Kind("findings", "read", "planner:findings", read_findings, weight=1),
    Kind("field mapping", "edit", "connections:field_mapping_update", edit_field_mapping, weight=3),
    Kind("enum pair", "edit", "connections:enum_pair_move", edit_enum_pair, weight=2),
    Kind("create plan", "edit", "planner:plan_create", edit_new_plan, stand_in=True),
    Kind("validate", "validate", "planner:validate_plan", validate_plan),
    Kind("self-check", "validate", "planner:selfcheck_start", selfcheck_job, stand_in=True),
    Kind("export", "export", "planner:plan_export", export_plan),
    Kind("self-check", "export", "planner:selfcheck_start", selfcheck_job, stand_in=True),
]


def available_kinds() -> dict[str, list[Kind]]:
    from django.urls import get_resolver

    names = set()
    resolver = get_resolver()
    for key in resolver.reverse_dict:
        if isinstance(key, str):
            names.add(key)
    for namespace, (_, sub) in resolver.namespace_dict.items():
        names.update(f"{namespace}:{k}" for k in sub.reverse_dict if isinstance(k, str))
    by_category = defaultdict(list)
    for kind in KINDS:
        if kind.needs in names and not kind.stand_in:
            by_category[kind.category].append(kind)
    for kind in KINDS:
        if kind.stand_in and not by_category[kind.category] and kind.needs in names:
            by_category[kind.category].append(kind)
    return by_category


# --------------------------------------------------------------------------- figures


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def add(self, kind: str, seconds: float, error: str | None = None):
        with self.lock:
            if seconds:
                self.times[kind].append(seconds * 1000)
            if error:
                self.errors[kind].append(error)


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)  # nearest rank
    rank = math.ceil(pct / 100 * len(ordered))
    return ordered[min(len(ordered), max(1, rank)) - 1]


def report(recorder: Recorder, duration: float, users: int) -> dict:
    rows = []
    for kind in sorted(set(recorder.times) | set(recorder.errors)):
        values = recorder.times[kind]
        rows.append({
            "kind": kind, "requests": len(values), "errors": len(recorder.errors[kind]),
            "p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95),
            "p99_ms": percentile(values, 99), "max_ms": max(values, default=0.0),
        })  # fmt: skip
    interactive = [
        v for k, vs in recorder.times.items() if k.startswith(("page:", "partial:")) for v in vs
    ]
    every = [v for k, vs in recorder.times.items() if k != "login" for v in vs]
    summary = {
        "users": users,
        "duration_s": round(duration, 1),
        "requests": len(every),
        "errors": sum(len(e) for e in recorder.errors.values()),
        "requests_per_s": round(len(every) / duration, 1) if duration else 0,
        "pages_and_partials": {
            "requests": len(interactive),
            "p50_ms": percentile(interactive, 50),
            "p95_ms": percentile(interactive, 95),
            "p99_ms": percentile(interactive, 99),
        },
        "all": {
            "p50_ms": percentile(every, 50),
            "p95_ms": percentile(every, 95),
            "p99_ms": percentile(every, 99),
        },
        "kinds": rows,
        "first_errors": [e for es in recorder.errors.values() for e in es][:10],
    }
    print(
        f"\n{'kind':34} {'requests':>8} {'errors':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}"
    )
    for row in rows:
        print(
            f"{row['kind']:34} {row['requests']:8d} {row['errors']:6d} {row['p50_ms']:8.1f} "
            f"{row['p95_ms']:8.1f} {row['p99_ms']:8.1f} {row['max_ms']:8.1f}"
        )
    pp = summary["pages_and_partials"]
    print(
        f"\n{users} users, {summary['duration_s']} s: {summary['requests']} requests "
        f"({summary['requests_per_s']}/s), {summary['errors']} errors; pages and partials: "
        f"{pp['requests']} requests, p50 {pp['p50_ms']:.1f} ms, p95 {pp['p95_ms']:.1f} ms, "
        f"p99 {pp['p99_ms']:.1f} ms (all requests but sign-ins: p50 "
        f"{summary['all']['p50_ms']:.1f}, p95 {summary['all']['p95_ms']:.1f}, "
        f"p99 {summary['all']['p99_ms']:.1f} ms)"
    )
    for error in summary["first_errors"]:
        print("  error:", error)
    return summary


# --------------------------------------------------------------------------- set-up


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncplan.settings")
    import django

    django.setup()


def ensure_database():
    """Create the DATABASE_URL database when missing, then migrate it."""
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        import psycopg

        conf = connection.settings_dict
        with psycopg.connect(
            dbname="postgres", user=conf["USER"], password=conf["PASSWORD"] or None,
            host=conf["HOST"], port=conf["PORT"] or 5432, autocommit=True,
        ) as admin:  # fmt: skip
            admin.execute(f'CREATE DATABASE "{conf["NAME"]}"')
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, check=True)


def prepare(users: int) -> tuple[Context, list[str], bool]:
    """The plan (one 300-field type mapping) and ``users`` member accounts, made once and
    reused by later runs. Returns the context, the usernames and whether they are staff."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from bench.generate import generate_enterprise_plan
    from connections.models import Connection, Endpoint, FieldMapping, TypeMapping
    from core.access import Role
    from planner.models import Membership, Plan

    User = get_user_model()  # noqa: N806
    needs_staff = any(k.stand_in and k.category != "edit" for ks in _kinds().values() for k in ks)
    password = make_password(PASSWORD)
    names = [f"load-user-{i:03d}" for i in range(1, users + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create(
        [User(username=n, email=f"{n}@example.com", password=password) for n in names
         if n not in existing]
    )  # fmt: skip
    User.objects.filter(username__in=names).update(password=password, is_staff=needs_staff)
    plan = Plan.objects.filter(name=PLAN_NAME).first()
    if plan is None:
        plan = generate_enterprise_plan(
            types=2, fields_per_type=301, type_mappings=1, field_mappings=300,
            enum_pairs=600, users=300, user_map_entries=300,
        )  # fmt: skip
        Plan.objects.filter(pk=plan.pk).update(name=PLAN_NAME)
    members = set(Membership.objects.filter(plan=plan).values_list("user__username", flat=True))
    Membership.objects.bulk_create(
        [Membership(plan=plan, user=u, role=Role.EDITOR)
         for u in User.objects.filter(username__in=names) if u.username not in members]
    )  # fmt: skip
    mapping = TypeMapping.objects.filter(connection__plan=plan).order_by("pk").first()
    context = Context(
        plan_id=plan.pk,
        connection_id=Connection.objects.filter(plan=plan).order_by("pk").first().pk,
        endpoint_ids=list(Endpoint.objects.filter(plan=plan).values_list("pk", flat=True)),
        type_mapping_id=mapping.pk,
        field_mapping_ids=list(
            FieldMapping.objects.filter(type_mapping=mapping).values_list("pk", flat=True)
        ),
        enum_mapping_ids=list(
            FieldMapping.objects.filter(type_mapping=mapping, enum_pairs__isnull=False)
            .distinct()
            .values_list("pk", flat=True)
        ),
    )
    return context, names, needs_staff


_KINDS_CACHE: dict[str, list[Kind]] = {}


def _kinds() -> dict[str, list[Kind]]:
    if not _KINDS_CACHE:
        _KINDS_CACHE.update(available_kinds())
    return _KINDS_CACHE


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_servers(port: int, out: Path, worker_concurrency: int) -> list[subprocess.Popen]:
    env = {**os.environ, "LOG_FORMAT": "json"}
    out.mkdir(parents=True, exist_ok=True)
    commands = {
        "gunicorn": ["gunicorn", "syncplan.wsgi", "-b", f"127.0.0.1:{port}", "-w", "3"],
        "worker": ["celery", "-A", "syncplan", "worker", "--pool", "prefork",
                   "-c", str(worker_concurrency), "--loglevel", "INFO"],
    }  # fmt: skip
    bindir = Path(sys.executable).parent
    processes = []
    for name, command in commands.items():
        log = open(out / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        command = [str(bindir / command[0]), *command[1:]]
        processes.append(
            subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        )
    return processes


def wait_until_up(port: int, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn on port {port} did not answer /healthz within {timeout} s")


# --------------------------------------------------------------------------- the run


@dataclass
class Run:
    """Shared clock: work starts once every user has signed in (sign-ins hash passwords on
    purpose, so they are measured apart and do not skew the working figures)."""

    users: int
    duration: float
    signed_in: threading.Barrier = None
    stop_at: float = 0.0
    started: float = 0.0

    def __post_init__(self):
        self.signed_in = threading.Barrier(self.users, action=self._start)

    def _start(self):
        self.started = time.monotonic()
        self.stop_at = self.started + self.duration


def simulated_user(username, host, port, ctx, recorder, run: Run, rng, think):
    session = Session(host, port, recorder)
    if not session.login(username):
        recorder.add("login", 0, error=f"{username} could not sign in")
        run.signed_in.abort()
        return
    try:
        run.signed_in.wait(timeout=120)
    except threading.BrokenBarrierError:
        return
    categories = [c for c in MIX if _kinds().get(c)]
    weights = [MIX[c] for c in categories]
    time.sleep(rng.uniform(0, think))  # users do not all click in the same instant
    while time.monotonic() < run.stop_at:
        category = rng.choices(categories, weights)[0]
        kinds = _kinds()[category]
        kind = rng.choices(kinds, [k.weight for k in kinds])[0]
        kind.action(session, ctx, rng)
        time.sleep(think)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=120, help="seconds of work")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between actions")
    parser.add_argument("--port", type=int, default=0, help="gunicorn port (default: a free one)")
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--base-url", help="use a running server (host:port) instead")
    parser.add_argument("--out", type=Path, default=REPO / "var" / "load")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    _django()
    ensure_database()
    ctx, names, staff = prepare(args.users)
    plan = {c: [k.name for k in ks] for c, ks in _kinds().items()}
    print(f"plan {ctx.plan_id}; request kinds by category: {json.dumps(plan)}")
    if staff:
        print("(validations/exports use the self-check stand-in: the users are staff)")

    processes = []
    if args.base_url:
        host, _, port = args.base_url.rpartition(":")
        port = int(port)
    else:
        host, port = "127.0.0.1", args.port or _free_port()
        processes = start_servers(port, args.out, args.worker_concurrency)
    try:
        wait_until_up(port)
        recorder = Recorder()
        run = Run(users=len(names), duration=args.duration)
        threads = []
        for i, name in enumerate(names):
            rng = random.Random(args.seed * 1000 + i)
            thread = threading.Thread(
                target=simulated_user,
                args=(name, host, port, ctx, recorder, run, rng, args.think),
                daemon=True,
            )
            threads.append(thread)
            thread.start()
        for thread in threads:
            thread.join(timeout=args.duration + JOB_POLL_LIMIT_S + 150)
        elapsed = time.monotonic() - run.started if run.started else 0.0
        summary = report(recorder, elapsed, args.users)
        summary["command"] = " ".join(
            [Path(sys.executable).name, "-m", "bench.load", *sys.argv[1:]]
        )
        if args.json:
            args.json.write_text(json.dumps(summary, indent=2))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0 if summary["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
