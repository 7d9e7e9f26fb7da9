from celery import shared_task

from apps.core import outbox


@shared_task(name="core.ping")
def ping() -> str:
    """A trivial task that proves a worker consumes from the broker."""
    return "pong"


@shared_task(name="core.outbox_drain", ignore_result=True)
def outbox_drain() -> dict[str, int]:
    """Send what requests recorded while the broker was unreachable (beat: every minute)."""
    return outbox.drain()
