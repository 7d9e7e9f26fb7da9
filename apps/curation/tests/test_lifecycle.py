"""curation's handlers in the two registries: curators' own records, collection items,
Telegram posts, notes and featured slots."""

import pytest

from apps.accounts.tests.factories import UserFactory
from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.merging import run_mover
from apps.curation import lifecycle
from apps.curation.models import (
    CollectionItem,
    ContentNote,
    CuratorAuditLog,
    FeaturedItem,
    TelegramPost,
)
from apps.curation.tests.factories import CollectionFactory

pytestmark = pytest.mark.django_db


def test_a_curators_records_are_exported_then_kept_without_them():
    curator = UserFactory(is_staff=True)
    content = ContentFactory()
    FeaturedItem.objects.create(content=content, slot="hero", created_by=curator)
    ContentNote.objects.create(content=content, author=curator, text="check the dub")
    CuratorAuditLog.objects.create(actor=curator, action="hide", target_type="content")
    TelegramPost.objects.create(content=content, channel="@c", requested_by=curator)

    exported = lifecycle._export_curation(curator.pk)
    assert [n["text"] for n in exported["notes"]] == ["check the dub"]
    assert [len(exported[k]) for k in ("featured", "telegram_posts", "audit_log")] == [1, 1, 1]

    lifecycle._anonymise_curation(curator.pk)

    assert FeaturedItem.objects.get().created_by_id is None
    assert ContentNote.objects.get().author_id is None
    assert CuratorAuditLog.objects.get().actor_id is None
    assert TelegramPost.objects.get().requested_by_id is None


def test_merge_keeps_one_collection_item_at_the_earlier_place():
    keep, dup = ContentFactory(), ContentFactory()
    both, only_dup = CollectionFactory(), CollectionFactory()
    CollectionItem.objects.create(collection=both, content=keep, order=7)
    CollectionItem.objects.create(collection=both, content=dup, order=2, note="the classic")
    CollectionItem.objects.create(collection=only_dup, content=dup, order=4)

    run_mover("curation.CollectionItem.content", source=dup, target=keep)

    items = {
        (i.collection_id, i.content_id): (i.order, i.note) for i in CollectionItem.objects.all()
    }
    assert items == {(both.pk, keep.pk): (2, "the classic"), (only_dup.pk, keep.pk): (4, "")}


def test_merge_keeps_the_sent_post_of_a_channel_and_campaign_so_nothing_posts_twice():
    keep, dup = ContentFactory(), ContentFactory()
    sent = TelegramPost.Status.SENT
    TelegramPost.objects.create(content=keep, channel="@c", campaign="diwali")
    TelegramPost.objects.create(content=dup, channel="@c", campaign="diwali", status=sent)
    TelegramPost.objects.create(content=keep, channel="@c", campaign="onam", status=sent)
    TelegramPost.objects.create(content=dup, channel="@c", campaign="onam")
    TelegramPost.objects.create(content=dup, channel="@other", campaign="")

    run_mover("curation.TelegramPost.content", source=dup, target=keep)

    posts = {(p.channel, p.campaign): p.status for p in TelegramPost.objects.all()}
    assert posts == {("@c", "diwali"): sent, ("@c", "onam"): sent, ("@other", ""): "pending"}
    assert set(TelegramPost.objects.values_list("content_id", flat=True)) == {keep.pk}


def test_merge_moves_notes_and_featured_slots():
    keep, dup = ContentFactory(), ContentFactory()
    ContentNote.objects.create(content=dup, text="dubbed in Hindi")
    FeaturedItem.objects.create(content=dup, slot="hero")

    run_mover("curation.ContentNote.content", source=dup, target=keep)
    run_mover("curation.FeaturedItem.content", source=dup, target=keep)

    assert ContentNote.objects.get().content_id == keep.pk
    assert FeaturedItem.objects.get().content_id == keep.pk
