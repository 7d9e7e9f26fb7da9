"""What curation keeps about a person (the curator's own records) and its part in title merges:
featured slots, collection items, Telegram posts and notes move to the title kept."""

from __future__ import annotations

from typing import Any

from apps.core.personal_data import register_personal_data
from apps.core.title_merge import keep_least, register_title_mover
from apps.curation.models import (
    CollectionItem,
    ContentNote,
    CuratorAuditLog,
    FeaturedItem,
    TelegramPost,
)


def _export_curation(user_id: int) -> dict[str, list[dict[str, Any]]]:
    """The curator's own records; audit payloads are left out (they quote other records)."""
    return {
        "featured": [
            {"content_id": f.content_id, "slot": f.slot, "at": f.created_at.isoformat()}
            for f in FeaturedItem.objects.filter(created_by_id=user_id)
        ],
        "telegram_posts": [
            {
                "content_id": p.content_id,
                "collection_id": p.collection_id,
                "channel": p.channel,
                "at": p.created_at.isoformat(),
            }
            for p in TelegramPost.objects.filter(requested_by_id=user_id)
        ],
        "notes": [
            {"content_id": n.content_id, "text": n.text, "at": n.created_at.isoformat()}
            for n in ContentNote.objects.filter(author_id=user_id)
        ],
        "audit_log": [
            {
                "action": a.action,
                "target_type": a.target_type,
                "target_id": a.target_id,
                "at": a.created_at.isoformat(),
            }
            for a in CuratorAuditLog.objects.filter(actor_id=user_id)
        ],
    }


def _anonymise_curation(user_id: int) -> None:
    """The records stay (the audit trail, the notes, the slots) without the person."""
    FeaturedItem.objects.filter(created_by_id=user_id).update(created_by=None)
    TelegramPost.objects.filter(requested_by_id=user_id).update(requested_by=None)
    ContentNote.objects.filter(author_id=user_id).update(author=None)
    CuratorAuditLog.objects.filter(actor_id=user_id).update(actor=None)


def _sent_post_wins(duplicate: TelegramPost, kept: TelegramPost) -> TelegramPost:
    """Both titles posted to one channel and campaign: the sent post stays (never post twice);
    if neither or both were sent, the kept title's."""
    sent = TelegramPost.Status.SENT
    return kept if duplicate.status == sent and kept.status != sent else duplicate


def register() -> None:
    register_personal_data(
        section="curation",
        models=(FeaturedItem, TelegramPost, ContentNote, CuratorAuditLog),
        export=_export_curation,
        erase=_anonymise_curation,
    )
    register_title_mover(FeaturedItem, "content")
    register_title_mover(ContentNote, "content")
    # a collection holding both keeps one item, at the earlier place, with a note if either had one
    register_title_mover(
        CollectionItem,
        "content",
        unique_with=("collection_id",),
        resolve=keep_least("order", fill=("note",)),
    )
    register_title_mover(
        TelegramPost, "content", unique_with=("channel", "campaign"), resolve=_sent_post_wins
    )
