"""python manage.py export_plan PLAN --format json|xlsx|csv --out FILE"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import JobKind
from planner.exports.job import render_export
from planner.exports.sheets import ExportOptions
from planner.models import Plan

KINDS = {"json": JobKind.EXPORT_JSON, "xlsx": JobKind.EXPORT_XLSX, "csv": JobKind.EXPORT_CSV}


class Command(BaseCommand):
    help = (
        "Export a plan as its plan document (json), the filled worksheet (xlsx) or the worksheet "
        "as one CSV per sheet in a zip (csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", help="The plan's id or exact name.")
        parser.add_argument("--format", choices=sorted(KINDS), default="json")
        parser.add_argument("--out", required=True, help="The file to write ('-' for stdout).")
        parser.add_argument(
            "--no-personal-data",
            action="store_true",
            help="Leave user emails and full names out of the worksheet.",
        )
        parser.add_argument(
            "--per-type-sheets",
            action="store_true",
            help="Fields and Enum values as one sheet per type mapping.",
        )

    def handle(self, *args, **options):
        plan = find_plan(options["plan"])
        export_options = ExportOptions(
            personal_data=not options["no_personal_data"],
            per_type_sheets=options["per_type_sheets"],
        )
        content = render_export(plan, KINDS[options["format"]], export_options)
        if options["out"] == "-":
            sys.stdout.buffer.write(content)
            return
        Path(options["out"]).write_bytes(content)
        self.stdout.write(f"Wrote {options['out']} ({len(content)} bytes) for plan {plan.pk}.")


def find_plan(reference: str) -> Plan:
    plans = (
        Plan.objects.filter(pk=int(reference))
        if reference.isdigit()
        else Plan.objects.filter(name=reference)
    )
    found = list(plans[:2])
    if not found:
        raise CommandError(f"No plan {reference!r}.")
    if len(found) > 1:
        raise CommandError(f"Several plans are named {reference!r}; give the plan's id.")
    return found[0]
