"""Curation tasks: publishing to Telegram (enqueued on commit by the publishing service)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from apps.curation.services.publishing import telegram_post_send
from apps.integrations.exceptions import TransientIntegrationError
from apps.integrations.telegram.client import TelegramRateLimited

MAX_RETRIES = 5
BACKOFF_SECONDS = 30


@shared_task(
    bind=True, name="curation.publish_telegram_post", max_retries=MAX_RETRIES, acks_late=True
)
def publish_telegram_post(self: Any, post_id: int) -> str:
    """Send one post; transient failures retry with backoff (a 429 after its retry_after)."""
    final = self.request.retries >= MAX_RETRIES
    try:
        post = telegram_post_send(post_id=post_id, final_attempt=final)
    except TelegramRateLimited as exc:
        raise self.retry(exc=exc, countdown=exc.retry_after) from exc
    except TransientIntegrationError as exc:
        raise self.retry(exc=exc, countdown=BACKOFF_SECONDS * 2**self.request.retries) from exc
    return post.status if post is not None else "skipped"
