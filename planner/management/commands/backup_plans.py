"""python manage.py backup_plans DIR"""

from pathlib import Path

from django.core.management.base import BaseCommand

from planner.backups import write_backup


class Command(BaseCommand):
    help = (
        "Write every plan (its plan document, versions, members and catalog products) as one "
        "JSON file per plan, plus a manifest, into DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        written = write_backup(directory)
        self.stdout.write(f"Backed up {len(written)} plan(s) into {directory}.")
