"""Creates the demo curator account once and prints its credentials that one time."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.accounts.models import User

DEMO_ADMIN_EMAIL = "admin@cinerec.local"


class Command(BaseCommand):
    help = "Create the demo admin (superuser) if absent, printing its password once."

    def handle(self, *args: object, **options: object) -> None:
        if User.objects.filter(email=DEMO_ADMIN_EMAIL).exists():
            self.stdout.write(
                f"Demo admin {DEMO_ADMIN_EMAIL} exists (credentials were printed when it was "
                f"created; also in {self._credentials_file()})."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            email=DEMO_ADMIN_EMAIL, password=password, username="admin", display_name="Demo curator"
        )
        path = self._credentials_file()
        path.write_text(f"email={DEMO_ADMIN_EMAIL}\npassword={password}\n")
        path.chmod(0o600)
        self.stdout.write(self.style.SUCCESS("Demo admin created (shown once; copy it now):"))
        self.stdout.write(f"  e-mail:   {DEMO_ADMIN_EMAIL}\n  password: {password}")

    @staticmethod
    def _credentials_file() -> Path:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        return Path(settings.VAR_DIR) / "demo-admin.txt"
