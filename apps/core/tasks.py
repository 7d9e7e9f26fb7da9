from celery import shared_task


@shared_task(name="core.ping")
def ping() -> str:
    """A trivial task that proves a worker consumes from the broker."""
    return "pong"
