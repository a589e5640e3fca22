"""python manage.py check_plan_document FILE: check a plan document without importing it.

(The validator's ``validate_plan FILE`` runs the planning rules over a document; this command
checks the document itself: schema, names, duplicates.)
"""

from django.core.management.base import BaseCommand, CommandError

from planner.document.hashing import content_sha256
from planner.document.load import validate_document
from planner.management.commands.import_plan import read_document


class Command(BaseCommand):
    help = (
        "Check a plan document (JSON) against the schema and its own names, without importing "
        "it. Exits with status 1 and one line per problem (JSON pointer first) when it is "
        "refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        doc = read_document(options["file"])
        problems = validate_document(doc)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{options['file']}: {len(problems)} problems.")
        self.stdout.write(f"{options['file']} is a valid plan document (content SHA-256 "
                          f"{content_sha256(doc)}).")  # fmt: skip
