"""python manage.py import_plan FILE [--owner USERNAME] [--name NAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core import uploads
from planner.document.load import DocumentRejected, import_document, parse_document


class Command(BaseCommand):
    help = "Import a plan document (JSON) as a new plan. Nothing is created when it is refused."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--owner", help="Username of the new plan's owner (default: the first superuser)."
        )
        parser.add_argument("--name", help="Name of the new plan (default: the document's).")

    def handle(self, *args, **options):
        doc = read_document(options["file"])
        owner = self._owner(options["owner"])
        try:
            plan = import_document(doc, user=owner, name=options["name"])
        except DocumentRejected as refused:
            for message in refused.messages:
                self.stderr.write(message)
            raise CommandError(
                f"{options['file']} was refused ({len(refused.messages)} problems); nothing was "
                "imported."
            ) from None
        self.stdout.write(
            f"Imported plan {plan.pk} ({plan.name}), owned by {owner.get_username()}."
        )

    def _owner(self, username):
        users = get_user_model().objects
        if username:
            owner = users.filter(username=username).first()
            if owner is None:
                raise CommandError(f"No user {username!r}.")
            return owner
        owner = users.filter(is_superuser=True).order_by("pk").first()
        if owner is None:
            raise CommandError("No superuser to own the plan; name an owner with --owner.")
        return owner


def read_document(path: str):
    """The parsed document, under the same limits as an upload (core.uploads)."""
    try:
        with Path(path).open("rb") as file:
            return parse_document(uploads.read_upload(file, path), path)
    except (FileNotFoundError, IsADirectoryError):
        raise CommandError(f"No file {path}.") from None
    except uploads.UploadRefused as refused:
        raise CommandError(f"{path} is not a JSON document: {refused.reason}") from None
