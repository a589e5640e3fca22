"""``python manage.py import_schema ENDPOINT FILE [FILE...] [--format F] [--type T] [--dry-run]
[--confirm-removals]``

Prints what the import would change (the same diff the upload page previews) and applies it
unless ``--dry-run``; removals and weakened facts only with ``--confirm-removals``. ENDPOINT is the endpoint's id or ``<plan id>/<endpoint key>``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from connections.importers import FORMAT_CHOICES, ImportDocument, SchemaImportError, parse_documents
from connections.importers.documents import upload_limit
from connections.imports.services import apply_import, preview_import
from connections.models import Endpoint


class Command(BaseCommand):
    help = "Import an endpoint's schema from its product's REST responses (prints the diff)."

    def add_arguments(self, parser):
        parser.add_argument("endpoint", help="endpoint id, or <plan id>/<endpoint key>")
        parser.add_argument("files", nargs="+", help="response documents of one product")
        parser.add_argument("--format", default="auto", choices=FORMAT_CHOICES)
        parser.add_argument(
            "--type", default="", help="item type the documents describe, when they do not say"
        )
        parser.add_argument("--dry-run", action="store_true", help="print the diff, change nothing")
        parser.add_argument(
            "--confirm-removals",
            action="store_true",
            help="also apply the removals and weakened facts (held back otherwise)",
        )

    def handle(self, *args, **options):
        endpoint = self._endpoint(options["endpoint"])
        documents = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file")
            if path.stat().st_size > upload_limit():
                raise CommandError(
                    f"{name}: the document is {path.stat().st_size:,} bytes, over the limit of "
                    f"{upload_limit():,} bytes"
                )
            documents.append(ImportDocument(path.name, path.read_bytes()))
        try:
            schema = parse_documents(documents, options["format"], options["type"])
        except SchemaImportError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if options["dry_run"]:
            diff = preview_import(endpoint, schema)
        else:
            diff = apply_import(
                endpoint,
                schema,
                source=", ".join(d.name for d in documents),
                confirm_removals=options["confirm_removals"],
            )
        self.stdout.write(diff.as_text())
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(f"{verb} {schema.contents()} into {endpoint}.")

    def _endpoint(self, ref: str) -> Endpoint:
        queryset = Endpoint.objects.select_related("plan", "product")
        if "/" in ref:
            plan_id, _, key = ref.partition("/")
            endpoint = (
                queryset.filter(plan_id=plan_id, key=key).first()
                if plan_id.isascii() and plan_id.isdigit()
                else None
            )
        else:
            endpoint = queryset.filter(pk=ref).first() if ref.isascii() and ref.isdigit() else None
        if endpoint is None:
            raise CommandError(f"no endpoint {ref!r} (give its id or <plan id>/<endpoint key>)")
        return endpoint
