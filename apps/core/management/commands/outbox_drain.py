from typing import Any

from django.core.management.base import BaseCommand

from apps.core import outbox


class Command(BaseCommand):
    help = "Send the tasks recorded in the outbox while the broker was unreachable."

    def handle(self, *args: Any, **options: Any) -> None:
        result = outbox.drain()
        self.stdout.write(f"sent {result['sent']}, still pending {result['remaining']}")
