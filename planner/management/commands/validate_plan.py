"""python manage.py validate_plan PLAN [--format text|json] [--today YYYY-MM-DD]

PLAN is a plan id (the plan is validated and its findings stored, as the Validate button does)
or the path to a plan JSON document (validated in memory). ``--today`` validates as of that date
instead of the server's, so scripts and tests check the expiry rules at a fixed date. The text
output names subjects for people (display.subject_text); JSON keeps the raw subject path. Exit
status 0 when no error is left unacknowledged, 1 otherwise.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentTypeError
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from facts.status import is_acknowledged


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date: give it as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Validate a plan (id or plan JSON document) and list its findings."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="A plan id, or the path to a plan JSON document.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--today",
            type=_iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="Validate as of this date (expiry rules); default: today on this server.",
        )

    def handle(self, *args, plan, format, today=None, **options):
        rows = self._findings(plan, today)
        unacknowledged_errors = sum(
            1 for r in rows if r["severity"] == "error" and not r["acknowledged"]
        )
        if format == "json":
            # Machines get the raw subject path, the identity acknowledgements key on.
            for r in rows:
                del r["subject_text"]
            self.stdout.write(json.dumps({"findings": rows}, indent=2, ensure_ascii=False))
        else:
            for r in rows:
                mark = " (acknowledged)" if r["acknowledged"] else ""
                self.stdout.write(
                    f"{r['severity'].upper():7} {r['code']} {r['subject_text']}{mark}"
                )
                self.stdout.write(f"        {r['message']}")
                if r["fix"]:
                    self.stdout.write(f"        Fix: {r['fix']}")
            counts = {
                s: sum(1 for r in rows if r["severity"] == s) for s in ("error", "warning", "info")
            }
            self.stdout.write(
                f"{len(rows)} findings: {counts['error']} errors ({unacknowledged_errors} "
                f"unacknowledged), {counts['warning']} warnings, {counts['info']} info."
            )
        if unacknowledged_errors:
            sys.exit(1)

    def _findings(self, plan_arg: str, today: date | None) -> list[dict]:
        if plan_arg.isdigit():
            return self._from_database(int(plan_arg), today)
        return self._from_document(Path(plan_arg), today)

    def _from_database(self, plan_id: int, today: date | None) -> list[dict]:
        from planner.models import Plan
        from planner.validation.services import run_validation

        plan = Plan.objects.select_related("sync_server").filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"No plan with id {plan_id}.")
        return [
            _row(f, f.acknowledgement is not None and not f.is_stale, f.subject_text)
            for f in run_validation(plan, today=today)
        ]

    def _from_document(self, path: Path, today: date | None) -> list[dict]:
        if not path.is_file():
            raise CommandError(f"{path} is neither a plan id nor a readable plan document.")
        from core import uploads
        from planner.document.load import (
            parse_document,
            snapshot_from_document,
            validate_document,
        )
        from planner.validation.display import subject_text
        from planner.validation.engine import validate

        try:
            with path.open("rb") as file:
                document = parse_document(uploads.read_upload(file, str(path)), str(path))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path} is not a JSON plan document: {exc}") from None
        problems = validate_document(document)
        if problems:
            raise CommandError(
                f"{path} is not a valid plan document:\n" + "\n".join(f"  {p}" for p in problems)
            )
        snapshot = snapshot_from_document(document)
        acks = {(a.code, a.subject): a.fingerprint for a in snapshot.acknowledgements}
        return [
            _row(
                f,
                is_acknowledged(f.fingerprint, acks.get((f.code, f.subject))),
                subject_text(snapshot, f.subject),
            )
            for f in validate(snapshot, today=today)
        ]


def _row(finding, acknowledged: bool, text: str) -> dict:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "subject": finding.subject,
        "subject_text": text or finding.subject,
        "message": finding.message,
        "fix": finding.fix,
        "acknowledged": acknowledged,
    }
