from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from connections.catalog.loader import CATALOG_DIR, CatalogError, load_catalog


class Command(BaseCommand):
    help = (
        "Load the product catalog (connections/catalog/*.json) into Product rows. Idempotent: "
        "unchanged products are left alone, changed files update their product."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=CATALOG_DIR,
            help="Folder of catalog files (default: the built-in catalog).",
        )

    def handle(self, *args, directory, **options):
        try:
            result = load_catalog(directory)
        except CatalogError as exc:
            raise CommandError(f"catalog not loaded: {exc}") from exc
        for label, keys in (
            ("created", result.created),
            ("updated", result.updated),
            ("unchanged", result.unchanged),
        ):
            for key in keys:
                self.stdout.write(f"  {label:<9} {key}")
        total = len(result.created) + len(result.updated) + len(result.unchanged)
        self.stdout.write(
            self.style.SUCCESS(
                f"Product catalog: {total} products ({len(result.created)} created, "
                f"{len(result.updated)} updated, {len(result.unchanged)} unchanged)."
            )
        )
