from urllib.parse import unquote

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import WatchlistItem
from apps.accounts.tests.factories import UserFactory
from apps.catalog.tests.factories import ContentFactory
from apps.core.exceptions import NotFoundError
from apps.social.models import UserList
from apps.social.services import list_update
from apps.social.share import content_share_meta

pytestmark = pytest.mark.django_db
LISTS = "/api/lists/"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def owner(db):
    return UserFactory(username="asha", display_name="Asha")


def test_named_list_with_readable_slug_read_only_for_others(api_client, owner):
    mine = client_for(owner)
    films = [
        ContentFactory(title=f"Film {i}", poster_url=f"https://img.example/{i}.jpg")
        for i in range(3)
    ]
    created = mine.post(LISTS, {"name": "Telugu Thrillers", "is_public": True}, format="json")
    assert created.status_code == 201
    slug = created.json()["slug"]
    assert slug == "asha-telugu-thrillers"
    for film in films:
        assert (
            mine.post(
                f"/api/lists/{slug}/items", {"content_id": film.pk}, format="json"
            ).status_code
            == 201
        )
    assert (
        mine.post(
            f"/api/lists/{slug}/items", {"content_id": films[0].pk}, format="json"
        ).status_code
        == 200
    )

    public = api_client.get(f"/api/lists/{slug}")
    assert public.status_code == 200
    body = public.json()
    assert [i["title"] for i in body["items"]] == ["Film 0", "Film 1", "Film 2"]
    assert body["owner"] == "Asha"
    share = body["share"]
    assert share["url"] == f"http://testserver/lists/{slug}"
    assert share["title"] == "Telugu Thrillers · Asha"
    assert share["image"] == "https://img.example/0.jpg"
    assert share["links"]["copy_link"] == share["url"]
    assert share["links"]["whatsapp"].startswith("https://wa.me/?text=")
    assert share["url"] in unquote(share["links"]["whatsapp"])

    stranger = client_for(UserFactory())
    assert (
        stranger.patch(f"/api/lists/{slug}", {"name": "Mine now"}, format="json").status_code == 404
    )
    assert stranger.delete(f"/api/lists/{slug}").status_code == 404
    assert (
        stranger.post(
            f"/api/lists/{slug}/items", {"content_id": films[0].pk}, format="json"
        ).status_code
        == 404
    )
    assert api_client.delete(f"/api/lists/{slug}").status_code == 401


def test_private_list_is_hidden_from_others_until_published(api_client, owner):
    mine = client_for(owner)
    slug = mine.post(LISTS, {"name": "Later"}, format="json").json()["slug"]
    assert api_client.get(f"/api/lists/{slug}").status_code == 404
    own = mine.get(f"/api/lists/{slug}")
    assert own.status_code == 200
    assert own.json()["share"] is None
    assert mine.patch(f"/api/lists/{slug}", {"is_public": True}, format="json").status_code == 200
    assert api_client.get(f"/api/lists/{slug}").status_code == 200


def test_publishing_the_watchlist_shows_the_library_entries(api_client, owner):
    film = ContentFactory(title="Jersey")
    WatchlistItem.objects.create(user=owner, content=film)
    mine = client_for(owner)
    response = mine.post(
        LISTS, {"name": "My watchlist", "kind": "watchlist", "is_public": True}, format="json"
    )
    assert response.status_code == 201
    slug = response.json()["slug"]
    assert [i["title"] for i in api_client.get(f"/api/lists/{slug}").json()["items"]] == ["Jersey"]
    again = mine.post(LISTS, {"name": "Again", "kind": "watchlist"}, format="json")
    assert again.status_code == 409
    direct = mine.post(f"/api/lists/{slug}/items", {"content_id": film.pk}, format="json")
    assert direct.status_code == 400
    assert direct.json()["error"]["code"] == "not_a_named_list"


def test_own_lists_crud(owner):
    mine = client_for(owner)
    film = ContentFactory()
    slug = mine.post(LISTS, {"name": "Weekend"}, format="json").json()["slug"]
    second = mine.post(LISTS, {"name": "Weekend"}, format="json").json()["slug"]
    assert second == f"{slug}-2"
    listing = mine.get(LISTS).json()
    assert listing["count"] == 2
    mine.post(f"/api/lists/{slug}/items", {"content_id": film.pk}, format="json")
    assert mine.delete(f"/api/lists/{slug}/items/{film.pk}").status_code == 204
    assert mine.delete(f"/api/lists/{slug}/items/{film.pk}").status_code == 404
    renamed = mine.patch(
        f"/api/lists/{slug}", {"name": "Sunday", "description": "slow films"}, format="json"
    )
    assert renamed.json()["name"] == "Sunday"
    assert renamed.json()["slug"] == slug
    empty = mine.patch(f"/api/lists/{slug}", {}, format="json")
    assert empty.status_code == 400
    assert empty.json()["error"]["code"] == "validation_error"
    assert mine.delete(f"/api/lists/{slug}").status_code == 204
    assert mine.get(f"/api/lists/{slug}").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "ok", "kind": "diary"}, "kind"),
        ({"name": "ok", "is_public": "perhaps"}, "is_public"),
    ],
)
def test_bad_list_bodies_are_400(owner, body, field):
    response = client_for(owner).post(LISTS, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_bad_item_bodies_and_unknown_ids(owner, api_client):
    mine = client_for(owner)
    slug = mine.post(LISTS, {"name": "L"}, format="json").json()["slug"]
    for body in ({}, {"content_id": "x"}, {"content_id": -1}, {"content_id": 2**40}):
        response = mine.post(f"/api/lists/{slug}/items", body, format="json")
        assert response.status_code == 400, body
        assert "content_id" in response.json()["error"]["details"]
    assert (
        mine.post(f"/api/lists/{slug}/items", {"content_id": 999999}, format="json").status_code
        == 404
    )
    assert api_client.get("/api/lists/no-such-list").status_code == 404
    assert mine.get(LISTS, {"page_size": 1000}).status_code == 400
    assert api_client.get(LISTS).status_code == 401


def test_title_share_card_has_year_languages_overview_and_image():
    film = ContentFactory(
        title="RRR",
        year=2022,
        original_language="te",
        spoken_languages=["te", "hi"],
        overview="Two revolutionaries.",
        poster_url="https://img.example/rrr.jpg",
    )
    meta = content_share_meta(content=film, base_url="https://cinerec.example/")
    assert meta.title == "RRR (2022)"
    assert meta.description == "te, hi · Two revolutionaries."
    assert meta.image == "https://img.example/rrr.jpg"
    assert meta.url == f"https://cinerec.example/title/{film.pk}/"
    assert meta.as_json()["twitter_card"] == "summary_large_image"


def test_a_rename_does_not_write_back_a_stale_visibility(owner):
    """The view loads the list, then another request publishes it: the rename keeps that."""
    created = UserList.objects.create(owner=owner, name="Weekend", slug="weekend-stale")
    loaded_before = UserList.objects.get(pk=created.pk)
    UserList.objects.filter(pk=created.pk).update(is_public=True, description="slow films")

    list_update(user_list=loaded_before, data={"name": "Sunday"})

    fresh = UserList.objects.get(pk=created.pk)
    assert (fresh.name, fresh.is_public, fresh.description) == ("Sunday", True, "slow films")


def test_renaming_a_list_deleted_meanwhile_is_a_404_and_does_not_bring_it_back(owner):
    """Found by make fuzz with two workers: a PATCH racing a DELETE answered 500."""
    created = UserList.objects.create(owner=owner, name="Weekend", slug="weekend-gone")
    loaded_before = UserList.objects.get(pk=created.pk)
    created.delete()

    with pytest.raises(NotFoundError):
        list_update(user_list=loaded_before, data={"name": "Sunday"})

    assert not UserList.objects.filter(slug="weekend-gone").exists()
