"""Reads of curated collections for the site's public pages (apps.curation has no selector for
them yet; these read its models only)."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.catalog.models import Content
from apps.curation.models import Collection


def collection_list() -> QuerySet[Collection]:
    return Collection.objects.filter(is_public=True).order_by("title", "id")


def collection_get(*, slug: str) -> Collection | None:
    return Collection.objects.filter(slug=slug, is_public=True).first()


def collection_contents(*, collection: Collection) -> list[Content]:
    """The collection's visible titles in the curators' order, genres prefetched."""
    items = (
        collection.items.filter(content__hidden=False)
        .select_related("content")
        .prefetch_related("content__genres")
        .order_by("order", "id")
    )
    return [item.content for item in items]
