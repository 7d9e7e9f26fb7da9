"""Publishing to the Telegram channel: one post record per title (or collection), channel and
campaign, sent by a Celery task enqueued on commit; a second request posts nothing."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.catalog.models import Content
from apps.core import outbox
from apps.core.exceptions import ApplicationError
from apps.curation.captions import collection_post, content_post
from apps.curation.models import Collection, TelegramPost
from apps.curation.services.audit import audit_record
from apps.integrations.exceptions import IntegrationError, TransientIntegrationError
from apps.integrations.telegram.client import TelegramClient
from apps.integrations.telegram.types import SentMessage

logger = logging.getLogger(__name__)
Status = TelegramPost.Status


def _enqueue(post_id: int) -> None:
    """Through the outbox: recorded with the post, sent on commit or once the broker is back."""
    outbox.enqueue("curation.publish_telegram_post", post_id)


def telegram_publish_request(
    *,
    actor: User | None,
    content: Content | None = None,
    collection: Collection | None = None,
    campaign: str = "",
    channel: str | None = None,
) -> tuple[TelegramPost, bool]:
    """The post record for this target, channel and campaign, and whether it is new (only a new
    one is sent: asking twice never posts twice)."""
    if (content is None) == (collection is None):
        raise ApplicationError("Publish a title or a collection.", code="invalid_target")
    channel = channel or settings.TELEGRAM_CHANNEL_ID
    if not channel:
        raise ApplicationError(
            "TELEGRAM_CHANNEL_ID is not set.", code="telegram_not_configured", status_code=409
        )
    if content is not None and content.hidden:
        raise ApplicationError("A hidden title cannot be published.", code="content_hidden")
    lookup = {
        "content": content,
        "collection": collection,
        "channel": channel,
        "campaign": campaign,
    }
    try:
        with transaction.atomic():
            post, created = TelegramPost.objects.get_or_create(
                **lookup,
                defaults={"requested_by": actor if actor and actor.is_authenticated else None},
            )
            if created:
                audit_record(
                    actor=actor,
                    action="telegram_publish",
                    target_type="telegram_post",
                    target_id=post.pk,
                    payload={
                        "content_id": content.pk if content else None,
                        "collection": collection.slug if collection else None,
                        "channel": channel,
                        "campaign": campaign,
                    },
                )
                _enqueue(post.pk)
    except IntegrityError:  # a concurrent request created it first
        return TelegramPost.objects.get(**lookup), False
    return post, created


@transaction.atomic
def telegram_post_retry(*, actor: User | None, post: TelegramPost) -> bool:
    """Send a failed, stuck or waiting post again; a sent post is never re-sent (the task's
    atomic claim of a pending post keeps a double enqueue from sending twice)."""
    post = TelegramPost.objects.select_for_update().get(pk=post.pk)
    if post.status == Status.SENT:
        return False
    post.status = Status.PENDING
    post.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="telegram_retry", target_type="telegram_post", target_id=post.pk
    )
    _enqueue(post.pk)
    return True


def _claim(post_id: int) -> TelegramPost | None:
    with transaction.atomic():
        post = TelegramPost.objects.select_for_update().filter(pk=post_id).first()
        if post is None or post.status != Status.PENDING:
            return None  # sent, being sent by another worker, or failed (retry from the admin)
        post.status = Status.SENDING
        post.attempts += 1
        post.save(update_fields=["status", "attempts", "updated_at"])
    return post


def _send(post: TelegramPost, client: TelegramClient) -> SentMessage:
    if post.collection_id:
        assert post.collection is not None
        return client.send_message(chat_id=post.channel, html=collection_post(post.collection))
    assert post.content is not None
    html, photo = content_post(post.content)
    if photo:
        return client.send_photo(chat_id=post.channel, photo_url=photo, caption_html=html)
    return client.send_message(chat_id=post.channel, html=html)


def _finish(post: TelegramPost, **fields: object) -> None:
    for name, value in fields.items():
        setattr(post, name, value)
    post.save(update_fields=[*fields, "updated_at"])


def telegram_post_send(
    *, post_id: int, client: TelegramClient | None = None, final_attempt: bool = True
) -> TelegramPost | None:
    """Send a pending post (no network inside a transaction). A transient failure leaves it
    pending and re-raises for the task's retry (failed on the final attempt); a refusal (bad
    chat, bot not a member, bad token, not configured) marks it failed for the admin."""
    post = _claim(post_id)
    if post is None:
        return None
    try:
        sent = _send(post, client or TelegramClient.from_settings())
    except TransientIntegrationError as exc:
        if final_attempt:
            _finish(post, status=Status.FAILED, last_error=str(exc))
            return post
        _finish(post, status=Status.PENDING, last_error=str(exc))
        raise
    except IntegrationError as exc:
        logger.warning("telegram post %s failed: %s", post.pk, exc)
        _finish(post, status=Status.FAILED, last_error=str(exc))
        return post
    _finish(
        post, status=Status.SENT, message_id=sent.message_id, sent_at=timezone.now(), last_error=""
    )
    return post
