"""Curators' edits of titles: hide, unhide, annotate, merge duplicates, add to a collection."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, QuerySet

from apps.accounts.models import User
from apps.catalog.models import Content
from apps.catalog.services.merge import MERGE_FIELDS
from apps.catalog.text import normalize_title
from apps.core.exceptions import ApplicationError
from apps.core.title_merge import move_title_references
from apps.curation.models import Collection, CollectionItem, ContentNote
from apps.curation.services.audit import audit_record
from apps.curation.versions import curation_changed

UNIQUE_IDS = ("tmdb_id", "imdb_id", "mal_id", "movielens_id", "tvmaze_rank")


@transaction.atomic
def content_set_hidden(*, actor: User | None, contents: QuerySet[Content], hidden: bool) -> int:
    """Hide (or unhide) titles everywhere at once; returns how many changed."""
    ids = list(contents.exclude(hidden=hidden).values_list("id", flat=True))
    Content.objects.filter(id__in=ids).update(hidden=hidden)
    for content_id in ids:
        audit_record(
            actor=actor,
            action="hide" if hidden else "unhide",
            target_type="content",
            target_id=content_id,
        )
    curation_changed(catalog=True)
    return len(ids)


@transaction.atomic
def content_annotate(*, actor: User | None, content: Content, text: str) -> ContentNote:
    text = text.strip()
    if not text:
        raise ApplicationError("A note needs some text.", code="empty_note")
    note = ContentNote.objects.create(
        content=content, author=actor if actor and actor.is_authenticated else None, text=text
    )
    audit_record(
        actor=actor,
        action="annotate",
        target_type="content",
        target_id=content.pk,
        payload={"note": text},
    )
    return note


@transaction.atomic
def collection_add(
    *, actor: User | None, collection: Collection, contents: list[Content]
) -> list[CollectionItem]:
    """Append titles to a collection in the given order; titles already in it stay where they are."""
    present = set(collection.items.values_list("content_id", flat=True))
    last = collection.items.aggregate(m=Max("order"))["m"] or 0
    added = []
    for content in contents:
        if content.pk in present:
            continue
        last += 1
        added.append(
            CollectionItem.objects.create(collection=collection, content=content, order=last)
        )
        present.add(content.pk)
    audit_record(
        actor=actor,
        action="collection_add",
        target_type="collection",
        target_id=collection.slug,
        payload={"content_ids": [item.content_id for item in added]},
    )
    curation_changed()
    return added


def _fill_from(source: Content, target: Content) -> list[str]:
    """Fields empty on the target take the duplicate's value (external ids included)."""
    taken = []
    for name in MERGE_FIELDS:
        ours, theirs = getattr(target, name), getattr(source, name)
        if ours in (None, "", [], {}) and theirs not in (None, "", [], {}):
            setattr(target, name, theirs)
            taken.append(name)
    target.titles = {**source.titles, **target.titles}
    target.overviews = {**source.overviews, **target.overviews}
    target.normalized_title = normalize_title(target.title)
    return taken


@transaction.atomic
def content_merge(*, actor: User | None, source: Content, target: Content) -> Content:
    """Fold a duplicate into the title that stays: every row of every app that refers to the
    duplicate moves to the kept title (each app's registered mover settles its own collisions);
    empty fields are filled from the duplicate; the duplicate is deleted. One transaction, audited."""
    if source.pk == target.pk or source.kind != target.kind:
        raise ApplicationError(
            "Merge needs two different titles of the same kind.",
            code="invalid_merge",
            details={"content_id": source.pk, "into": target.pk},
        )
    # Each app moves its own rows (apps.core.title_merge); what none moves would go with the
    # duplicate, and a test fails when a relation to Content is neither moved nor declared dropped.
    move_title_references(source_id=source.pk, target_id=target.pk)
    taken = _fill_from(source, target)
    snapshot = {"title": source.title, "year": source.year, "fields_taken": taken}
    source_id = source.pk
    source.delete()  # frees the duplicate's unique external ids before the target takes them
    target.provenance = {
        **target.provenance,
        **{name: {"source": "curator", "merged_from": source_id} for name in taken},
    }
    target.save()
    audit_record(
        actor=actor,
        action="merge",
        target_type="content",
        target_id=target.pk,
        payload={"merged_from": source_id, **snapshot},
    )
    curation_changed(catalog=True)
    return target
