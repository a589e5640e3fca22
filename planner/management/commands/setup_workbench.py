"""Everything the run command needs after migrating: catalog, demo plan, demo login.

Idempotent: a second run changes nothing and reports the existing login.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command

DEMO_USERNAME = "demo"


class Command(BaseCommand):
    help = "Load the product catalog and the demo plan, and create (or report) the demo login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where the server listens."
        )

    def handle(self, *args, url, **options):
        call_command("load_catalog", verbosity=0)
        password = self._demo_login()
        call_command("load_demo_plan", owner=DEMO_USERNAME, verbosity=0)
        if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
            self.stdout.write("No mail server is set: emails (invitations, reminders) print here.")
        self.stdout.write(f"Syncplan is ready at {url}")
        self.stdout.write(f"Sign in as {DEMO_USERNAME} / {password}")

    def _demo_login(self) -> str:
        """Create the demo user with a random password kept in the var directory (so a second
        run can print it again), or report the existing one."""
        secret_file = settings.VAR_DIR / "demo-login.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=DEMO_USERNAME).first()
        if user is not None and secret_file.exists():
            return secret_file.read_text().strip()
        password = secrets.token_urlsafe(12)
        if user is None:
            user = user_model(username=DEMO_USERNAME, email="demo@example.com")
        user.set_password(password)
        user.save()
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(password + "\n")
        secret_file.chmod(0o600)
        return password
