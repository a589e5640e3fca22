"""python manage.py restore_plans DIR"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planner.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Recreate the plans of a backup_plans directory in an empty database (all or nothing). "
        "Members missing here are created without a usable password."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        try:
            restored = restore_backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for item in restored:
            self.stdout.write(
                f"{item.name}: plan {item.plan.pk} {item.plan.name!r} "
                f"with {item.versions} version(s)"
            )
        self.stdout.write(f"Restored {len(restored)} plan(s).")
