"""Recommendations filtered to the services a person has: filtered before the top-k cut."""

import pytest
from django.urls import reverse

from apps.accounts.tests.factories import UserFactory
from apps.curation.roles import curator_group
from apps.ott.models import Platform
from apps.ott.tests.factories import AvailabilityFactory
from recommender.tests.api.conftest import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(trained):
    """Six Telugu titles on Aha, three on Netflix, two free on YouTube; the rest nowhere."""
    aha, netflix, youtube = (Platform.objects.get(slug=s) for s in ("aha", "netflix", "youtube"))
    group_a, group_b = trained["a"], trained["b"]
    on_aha = group_a[:6]
    on_netflix = group_b[:3]
    free = [group_a[9], group_b[9]]
    for content in on_aha:
        AvailabilityFactory(content=content, platform=aha)
    for content in on_netflix:
        AvailabilityFactory(content=content, platform=netflix)
    for content in free:
        AvailabilityFactory(content=content, platform=youtube, monetisation="free")
    return {c.pk for c in on_aha + on_netflix + free}, {c.pk for c in on_aha + free}


def test_my_platforms_filter_recommendations_and_still_give_k(api_client, offers):
    reachable, _ = offers
    user = UserFactory(country="IN")
    api_client.force_authenticate(user)
    assert (
        api_client.put(
            reverse("ott-user-api:user-platforms"), {"platforms": ["aha", "netflix"]}, format="json"
        ).status_code
        == 200
    )

    everything = ids(
        api_client.post(reverse("ml-api:user", args=[user.pk]), {"k": 8}, format="json")
    )
    mine = ids(
        api_client.post(
            reverse("ml-api:user", args=[user.pk]),
            {"k": 8, "available_to_me": True},
            format="json",
        )
    )

    assert not set(everything) <= reachable  # unfiltered lists reach beyond the two services
    assert len(mine) == 8
    assert set(mine) <= reachable


def test_recommended_cards_say_where_to_watch_in_the_visitors_country(api_client, offers):
    user = UserFactory(country="IN")
    api_client.force_authenticate(user)

    body = api_client.post(
        reverse("ml-api:user", args=[user.pk]), {"k": 8, "platforms": ["aha"]}, format="json"
    ).json()
    similar = api_client.post(
        reverse("ml-api:similar", args=[body["items"][0]["content"]["id"]]),
        {"k": 5, "platforms": ["aha"]},
        format="json",
    ).json()
    on_aha_in_the_us = api_client.post(
        reverse("ml-api:user", args=[user.pk]),
        {"k": 8, "platforms": ["aha"], "country": "US"},
        format="json",
    ).json()
    american = UserFactory(country="US")
    api_client.force_authenticate(american)
    abroad = api_client.post(
        reverse("ml-api:user", args=[american.pk]), {"k": 8}, format="json"
    ).json()

    cards = [i["content"] for i in body["items"] + similar["items"]]
    assert cards
    for card in cards:
        summary = card["where_to_watch"]
        assert summary is not None, card
        assert set(summary["platforms"]) & {"aha", "youtube"}
        assert summary["text"] in ("aha", "free on YouTube"), summary
    assert on_aha_in_the_us["items"] == []  # the offers are Indian: nothing on aha in the US
    assert len(abroad["items"]) == 8
    assert all(i["content"]["where_to_watch"] is None for i in abroad["items"])  # offers are IN


def test_a_cards_where_to_watch_follows_a_new_offer(api_client, offers):
    from apps.catalog.models import Content
    from apps.ott.services import youtube_free_film_store

    user = UserFactory(country="IN")
    api_client.force_authenticate(user)
    url = reverse("ml-api:user", args=[user.pk])
    before = api_client.post(url, {"k": 8}, format="json").json()["items"]
    bare = next(i["content"] for i in before if i["content"]["where_to_watch"] is None)

    youtube_free_film_store(
        content=Content.objects.get(pk=bare["id"]), video_id="dQw4w9WgXcQ", countries=["IN"]
    )
    after = api_client.post(url, {"k": 9}, format="json").json()["items"]  # a fresh list

    card = next(i["content"] for i in after if i["content"]["id"] == bare["id"])
    assert card["where_to_watch"]["platforms"] == ["youtube"]


def test_platforms_param_on_trending_and_similar(api_client, offers):
    _, aha_or_free = offers
    trending = ids(
        api_client.post(
            reverse("ml-api:trending"), {"k": 5, "platforms": "aha", "country": "in"}, format="json"
        )
    )
    some_title = next(iter(aha_or_free))
    similar = ids(
        api_client.post(
            reverse("ml-api:similar", args=[some_title]),
            {"k": 5, "platforms": ["aha"]},
            format="json",
        )
    )

    assert trending
    assert set(trending) <= aha_or_free
    assert similar
    assert set(similar) <= aha_or_free


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"platforms": ["no-such-service"]}, "platforms"),
        ({"platforms": "aha", "country": "XX1"}, "country"),
        ({"platforms": 7}, "platforms"),
    ],
)
def test_bad_where_to_watch_input_is_400_naming_the_field(api_client, trained, body, field):
    response = api_client.post(reverse("ml-api:trending"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_available_to_me_needs_sign_in(api_client, trained):
    response = api_client.post(reverse("ml-api:trending"), {"available_to_me": True}, format="json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_title_a_curator_hides_leaves_cached_and_fresh_recommendations(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    url = reverse("ml-api:user", args=[user.pk])
    for content in trained["b"][:3]:
        api_client.post(
            reverse("user-api:rating"), {"content_id": content.pk, "rating": 10}, format="json"
        )
    before = ids(api_client.post(url, {"k": 5}, format="json"))  # now cached
    curator = UserFactory(is_staff=True)
    curator.groups.add(curator_group())
    staff = type(api_client)()
    staff.force_authenticate(curator)

    hidden = staff.post(
        reverse("curation-admin-api:content-curate"),
        {"action": "hide", "content_ids": [before[0]]},
        format="json",
    )
    cached = api_client.post(url, {"k": 5}, format="json")
    fresh = ids(api_client.post(url, {"k": 6}, format="json"))

    assert hidden.status_code == 200, hidden.content
    assert cached.json()["meta"]["cached"] is True
    assert before[0] not in ids(cached)
    assert before[0] not in fresh
    assert len(fresh) == 6
