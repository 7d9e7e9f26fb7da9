from datetime import date

import pytest
from django.utils import timezone

from apps.accounts.models import Rating, WatchlistItem
from apps.accounts.tests.factories import UserFactory
from apps.analytics.models import Interaction, TitleDaily
from apps.catalog.tests.factories import ContentFactory
from apps.curation.models import (
    CollectionItem,
    ContentNote,
    CuratorAuditLog,
    FeaturedItem,
    TelegramPost,
)
from apps.curation.selectors import hidden_content_ids
from apps.curation.tests.factories import CollectionFactory
from apps.ott.models import Availability, OfferCheck
from apps.ott.tests.factories import AvailabilityFactory
from apps.regional.models import Festival, FestivalPin
from apps.social.models import UserList, UserListItem

CURATE = "/api/admin/content/curate"


def _curate(client, **body):
    return client.post(CURATE, body, format="json")


def test_hide_removes_a_title_from_lists_and_search_and_unhide_brings_it_back(
    staff, staff_client, api_client
):
    shown = ContentFactory(title="Baahubali", popularity=50)
    hidden = ContentFactory(title="Baahubali 2", popularity=90)
    popular = api_client.get("/api/content/popular").json()["results"]
    assert hidden.pk in [row["id"] for row in popular]
    assert hidden_content_ids() == frozenset()

    response = _curate(staff_client, action="hide", content_ids=[hidden.pk])
    assert response.json() == {"action": "hide", "changed": 1}
    assert hidden_content_ids() == frozenset({hidden.pk})
    popular = api_client.get("/api/content/popular").json()["results"]
    assert [row["id"] for row in popular] == [shown.pk]
    search = api_client.get("/api/content/search?q=baahubali").json()["results"]
    assert [row["id"] for row in search] == [shown.pk]
    trending = api_client.get("/api/content/trending").json()["results"]
    assert hidden.pk not in [row["id"] for row in trending]
    assert CuratorAuditLog.objects.get(action="hide").actor == staff

    _curate(staff_client, action="unhide", content_ids=[hidden.pk])
    assert hidden_content_ids() == frozenset()
    popular = api_client.get("/api/content/popular").json()["results"]
    assert [row["id"] for row in popular] == [hidden.pk, shown.pk]


def test_hiding_twice_changes_nothing_the_second_time(staff_client):
    content = ContentFactory()
    _curate(staff_client, action="hide", content_ids=[content.pk])
    assert _curate(staff_client, action="hide", content_ids=[content.pk]).json()["changed"] == 0
    assert CuratorAuditLog.objects.filter(action="hide").count() == 1


def test_annotate_stores_a_note_and_audits_it(staff, staff_client):
    content = ContentFactory()
    response = _curate(
        staff_client, action="annotate", content_ids=[content.pk], note="check poster"
    )
    assert response.status_code == 200
    assert ContentNote.objects.get().text == "check poster"
    assert CuratorAuditLog.objects.get(action="annotate").payload == {"note": "check poster"}


def test_feature_through_curate(staff_client):
    content = ContentFactory()
    response = _curate(
        staff_client,
        action="feature",
        content_ids=[content.pk],
        slot="telugu-new",
        languages=["te"],
    )
    assert response.status_code == 200
    assert FeaturedItem.objects.get().slot == "telugu-new"


def test_add_to_collection_appends_in_order_once(staff_client):
    collection = CollectionFactory(slug="sankranti")
    a, b = ContentFactory(), ContentFactory()
    _curate(staff_client, action="add_to_collection", content_ids=[a.pk], collection="sankranti")
    response = _curate(
        staff_client, action="add_to_collection", content_ids=[b.pk, a.pk], collection="sankranti"
    )
    assert response.json()["added"] == [b.pk]
    assert list(collection.items.values_list("content_id", "order")) == [(a.pk, 1), (b.pk, 2)]
    missing = _curate(
        staff_client, action="add_to_collection", content_ids=[a.pk], collection="nope"
    )
    assert missing.status_code == 404


def test_merge_folds_a_duplicate_into_the_kept_title(staff, staff_client):
    keep = ContentFactory(title="RRR", imdb_id=None, overview="")
    dup = ContentFactory(title="R.R.R.", imdb_id="tt8178634", overview="Two revolutionaries")
    both, only_dup = UserFactory(), UserFactory()
    Rating.objects.create(user=both, content=dup, rating=3)
    Rating.objects.create(user=both, content=keep, rating=9)  # the newer of the two stays
    Rating.objects.create(user=only_dup, content=dup, rating=8)
    WatchlistItem.objects.create(user=only_dup, content=dup)
    Interaction.objects.create(user=only_dup, content=dup, kind="view")
    CollectionItem.objects.create(collection=CollectionFactory(), content=dup)

    response = _curate(staff_client, action="merge", content_ids=[dup.pk], into=keep.pk)
    assert response.status_code == 200
    keep.refresh_from_db()
    assert (keep.imdb_id, keep.overview) == ("tt8178634", "Two revolutionaries")
    assert dict(Rating.objects.filter(content=keep).values_list("user_id", "rating")) == {
        both.pk: 9,
        only_dup.pk: 8,
    }
    assert WatchlistItem.objects.get().content_id == keep.pk
    assert Interaction.objects.get().content_id == keep.pk
    assert CollectionItem.objects.get().content_id == keep.pk
    assert not type(keep).objects.filter(pk=dup.pk).exists()
    log = CuratorAuditLog.objects.get(action="merge")
    assert log.payload["merged_from"] == dup.pk
    assert "imdb_id" in log.payload["fields_taken"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "merge", "content_ids": [1]}, "into"),
        ({"action": "annotate", "content_ids": [1]}, "note"),
        ({"action": "feature", "content_ids": [1]}, "slot"),
        ({"action": "explode", "content_ids": [1]}, "action"),
        ({"action": "hide", "content_ids": []}, "content_ids"),
    ],
)
def test_invalid_curate_requests_are_400(staff_client, body, field):
    response = staff_client.post(CURATE, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_unknown_content_is_404_and_writes_nothing(staff_client):
    content = ContentFactory()
    response = _curate(staff_client, action="hide", content_ids=[content.pk, 999999])
    assert response.status_code == 404
    content.refresh_from_db()
    assert content.hidden is False
    assert not CuratorAuditLog.objects.exists()


def test_merge_into_itself_is_a_400(staff_client):
    content = ContentFactory()
    response = _curate(staff_client, action="merge", content_ids=[content.pk], into=content.pk)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_merge"


def test_admin_search_filters_by_source_query_and_includes_hidden(staff_client):
    jikan = ContentFactory(title="Naruto", provenance={"title": {"source": "jikan"}}, hidden=True)
    ContentFactory(title="Naruto Shippuden", provenance={"title": {"source": "tmdb"}})
    body = staff_client.get("/api/admin/content/search?source=jikan&q=naru").json()
    assert [row["id"] for row in body["results"]] == [jikan.pk]
    assert body["results"][0]["hidden"] is True
    assert staff_client.get("/api/admin/content/search?kind=opera").status_code == 400


def test_hidden_titles_leave_similar_lists_and_cached_pages(staff_client, api_client):
    base = ContentFactory(title="Kantara")
    twin = ContentFactory(title="Kantara Chapter 1")
    assert twin.pk in [
        r["id"] for r in api_client.get(f"/api/content/similar/{base.pk}").json()["results"]
    ]
    _curate(staff_client, action="hide", content_ids=[twin.pk])
    similar = api_client.get(f"/api/content/similar/{base.pk}").json()["results"]
    assert twin.pk not in [r["id"] for r in similar]


def test_merge_loses_no_row_of_another_app_that_pointed_at_the_duplicate(staff_client):
    keep, dup = ContentFactory(title="Kantara"), ContentFactory(title="Kaantara")
    owner = UserFactory()
    public = UserList.objects.create(owner=owner, name="Best", slug="best", is_public=True)
    UserListItem.objects.create(user_list=public, content=dup)
    festival = Festival.objects.create(slug="dasara", name="Dasara", collection_title="Dasara")
    FestivalPin.objects.create(festival=festival, content=dup)
    AvailabilityFactory(content=dup)
    OfferCheck.objects.create(content=dup, source="tmdb", checked_at=timezone.now())
    ContentNote.objects.create(content=dup, text="same film")
    TitleDaily.objects.create(day=date(2026, 11, 1), content=dup, views=3)
    TelegramPost.objects.create(content=dup, channel="@cinerec")
    owned = [UserListItem, FestivalPin, Availability, OfferCheck, ContentNote, TitleDaily]
    owned.append(TelegramPost)

    response = _curate(staff_client, action="merge", content_ids=[dup.pk], into=keep.pk)

    assert response.status_code == 200
    assert [m.objects.filter(content=keep).count() for m in owned] == [1] * len(owned)
