from django.core.management.base import BaseCommand, CommandError

from connections.catalog.loader import CatalogError
from planner.demo import DEMO_OWNER, load_demo_plan


class Command(BaseCommand):
    help = (
        "Load the demo plan (two connections with deliberate planning mistakes) and the product "
        "catalog it needs. Idempotent: an existing demo plan is reported and left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--owner",
            default=DEMO_OWNER,
            help="Username of the plan's owner; created with an unusable password if missing "
            f"(default: {DEMO_OWNER}).",
        )

    def handle(self, *args, owner, **options):
        try:
            result = load_demo_plan(owner_username=owner)
        except CatalogError as exc:
            raise CommandError(f"demo plan not loaded: {exc}") from exc
        plan = result.plan
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f'Demo plan created: "{plan.name}" (id {plan.pk}), owner {owner}.'
                )
            )
        else:
            self.stdout.write(
                f'Demo plan already exists: "{plan.name}" (id {plan.pk}); left as it is.'
            )
