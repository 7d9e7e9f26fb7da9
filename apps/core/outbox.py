"""The one way a request hands work to Celery: `enqueue(task_name, *args, **kwargs)`.

The intent is a row (`OutboxMessage`) written in the caller's transaction, so it exists exactly
when the request's own writes do. When the transaction commits the row is sent to the broker;
if the broker is unreachable the request still succeeds, the row keeps the error, and
`drain()` (the `core.outbox_drain` beat task every minute, or `manage.py outbox_drain`) sends it
once the broker is back. A circuit breaker stops requests from each paying the broker's connect
timeout during an outage. Without a broker (CELERY_TASK_ALWAYS_EAGER) "sending" runs the task
in-process, as before.

A message's arguments are dropped once it is sent, and nothing secret goes in them in the first
place: a task that mails a link makes the link when it runs (apps/accounts/email_messages.py).

Delivery is at least once (a send whose acknowledgement is lost is sent again), so tasks sent
through the outbox must be idempotent or check their own state, as `recommender.train` does.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from celery import Celery, current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.core.breaker import CircuitBreaker
from apps.core.models import OutboxMessage

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 60
broker_breaker = CircuitBreaker(
    "broker", open_seconds=float(getattr(settings, "OUTBOX_BREAKER_SECONDS", 10.0))
)


def enqueue(task_name: str, *args: Any, **kwargs: Any) -> OutboxMessage:
    """Record the task in the current transaction and send it when that commits."""
    message = OutboxMessage.objects.create(
        task_name=task_name, args=list(args), kwargs=kwargs, task_id=str(uuid.uuid4())
    )
    transaction.on_commit(lambda: dispatch(message.pk))
    return message


def dispatch(pk: int) -> bool:
    """Send one message now unless the broker is known to be down; True when it was sent."""
    if not broker_breaker.allow():
        return False
    message = _claim(pk)
    return message is not None and _send(message)


def drain(limit: int = 500) -> dict[str, int]:
    """Send pending messages oldest first; stops at the first broker error."""
    pending = list(
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in pending:
        message = _claim(pk)
        if message is None:
            continue  # sent or claimed by someone else meanwhile
        if not _send(message):
            break
        sent += 1
    remaining = OutboxMessage.objects.filter(sent_at__isnull=True).count()
    if sent or remaining:
        logger.info("outbox drained", extra={"sent": sent, "remaining": remaining})
    return {"sent": sent, "remaining": remaining}


def _celery() -> Celery:
    """The project's Celery app (config/celery.py makes it the current one when Django loads
    `config`); core sits below config and does not import it."""
    return current_app._get_current_object()


def _claim(pk: int) -> OutboxMessage | None:
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    return OutboxMessage.objects.get(pk=pk) if claimed else None


def _send(message: OutboxMessage) -> bool:
    app = _celery()
    attempts = message.attempts + 1
    try:
        if app.conf.task_always_eager:
            _run_in_process(message)
        else:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=2)
                app.send_task(
                    message.task_name,
                    args=message.args,
                    kwargs=message.kwargs,
                    task_id=message.task_id,
                    connection=connection,
                    retry=False,
                )
    except Exception as exc:  # any broker or transport error: keep the row for the drain
        broker_breaker.record_failure(exc)
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=attempts, last_error=f"{type(exc).__name__}: {exc}"[:2000], locked_until=None
        )
        return False
    broker_breaker.record_success()
    # A sent message keeps no body: its arguments (addresses, ids) are not kept at rest once
    # the broker has them.
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=attempts, sent_at=timezone.now(), locked_until=None, args=[], kwargs={}
    )
    return True


def _run_in_process(message: OutboxMessage) -> None:
    """Eager mode: run now; a failing task is logged and recorded, never the caller's error."""
    app = _celery()
    if message.task_name not in app.tasks:
        app.loader.import_default_modules()  # autodiscovery is lazy outside a worker
    try:
        app.tasks[message.task_name].apply(
            args=message.args, kwargs=message.kwargs, task_id=message.task_id, throw=True
        )
    except Exception as exc:
        logger.exception("task %s failed in-process", message.task_name)
        OutboxMessage.objects.filter(pk=message.pk).update(
            last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
