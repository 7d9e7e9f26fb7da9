from apps.curation.services.audit import audit_record
from apps.curation.services.featuring import featured_create, featured_delete
from apps.curation.services.moderation import (
    collection_add,
    content_annotate,
    content_merge,
    content_set_hidden,
)
from apps.curation.services.publishing import (
    telegram_post_retry,
    telegram_post_send,
    telegram_publish_request,
)

__all__ = [
    "audit_record",
    "collection_add",
    "content_annotate",
    "content_merge",
    "content_set_hidden",
    "featured_create",
    "featured_delete",
    "telegram_post_retry",
    "telegram_post_send",
    "telegram_publish_request",
]
