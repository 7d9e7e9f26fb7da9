"""Reasons are codes with parameters, rendered in the request's language; cached lists are kept
per language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from apps.accounts.tests.factories import UserFactory
from recommender.serving.reasons import Reason, render

pytestmark = pytest.mark.django_db

TELUGU = re.compile(r"[\u0C00-\u0C7F]")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
SCRIPTS = {
    "te": TELUGU,
    "hi": DEVANAGARI,
    "ta": re.compile(r"[\u0B80-\u0BFF]"),
    "kn": re.compile(r"[\u0C80-\u0CFF]"),
}
EVERY_REASON = [
    Reason("mood_match", {"mood": "thrilling"}),
    Reason("weekend_movie_night"),
    Reason("binge_worthy"),
    Reason("late_night_pick"),
    Reason("because_you_liked", {"title": "Baahubali"}),
    Reason("popular_with_people_like_you", {"language": "te"}),
    Reason("popular_in_your_genres", {"language": "ta", "genres": ["action", "drama"]}),
    Reason("popular_in_your_genres", {"language": "", "genres": ["action"]}),
    Reason("popular_in_language", {"language": "kn"}),
    Reason("popular_now"),
    Reason("similar_catalog", {"title": "RRR"}),
    Reason("also_liked", {"title": "RRR", "genres": ["action"]}),
    Reason("similar_to", {"title": "RRR", "genres": []}),
    Reason("trending_in_language", {"language": "hi"}),
    Reason("trending_now"),
]


def rate(client, content, value):
    response = client.post(
        reverse("user-api:rating"), {"content_id": content.pk, "rating": value}, format="json"
    )
    assert response.status_code in (200, 201)


@pytest.mark.parametrize("language", ["te", "hi", "ta", "kn"])
def test_every_reason_renders_in_each_language(language):
    for reason in EVERY_REASON:
        with translation.override("en"):
            english = render(reason)
        with translation.override(language):
            text = render(reason)
        assert text != english, (language, reason.code)
        assert SCRIPTS[language].search(text), (language, reason.code, text)


def test_language_names_are_native_in_their_own_language():
    reason = Reason("popular_in_language", {"language": "te"})
    with translation.override("te"):
        assert "తెలుగు" in render(reason)
    with translation.override("en"):
        assert render(reason) == "popular in Telugu"
    with translation.override("hi"):
        assert "हिन्दी" in render(Reason("trending_in_language", {"language": "hi"}))


def test_accept_language_te_gets_telugu_reasons_not_the_cached_english_list(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    for content in trained["b"][:5]:
        rate(api_client, content, 10)
    url = reverse("ml-api:user", args=[user.pk])

    english = api_client.post(url, {"k": 5}, format="json").json()
    assert english["items"][0]["reason"].startswith("because you liked English Comedy")
    again = api_client.post(url, {"k": 5}, format="json").json()
    assert again["meta"]["cached"] is True  # the English list is in the cache

    telugu = api_client.post(url, {"k": 5}, format="json", HTTP_ACCEPT_LANGUAGE="te").json()
    assert telugu["meta"]["cached"] is False  # not the English list from the cache
    assert [i["content"]["id"] for i in telugu["items"]] == [
        i["content"]["id"] for i in english["items"]
    ]
    for item in telugu["items"]:
        code = item["reason_code"]
        assert code["code"] == "because_you_liked"
        assert code["params"]["title"].startswith("English Comedy")
        assert item["reason"] == f"మీకు {code['params']['title']} నచ్చినందువల్ల"
    cached_telugu = api_client.post(url, {"k": 5}, format="json", HTTP_ACCEPT_LANGUAGE="te").json()
    assert cached_telugu["meta"]["cached"] is True
    assert cached_telugu["items"][0]["reason"] == telugu["items"][0]["reason"]
    english_after = api_client.post(url, {"k": 5}, format="json").json()
    assert english_after["items"][0]["reason"] == english["items"][0]["reason"]


def test_ui_language_wins_over_accept_language(api_client, trained):
    user = UserFactory(ui_language="hi")
    api_client.force_authenticate(user)
    response = api_client.post(
        reverse("ml-api:trending"), {"k": 5}, format="json", HTTP_ACCEPT_LANGUAGE="te"
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert items
    for item in items:
        assert item["reason_code"]["code"] == "trending_in_language"
        assert DEVANAGARI.search(item["reason"]), item["reason"]


def test_similar_and_trending_items_carry_reason_codes(api_client, trained):
    content = trained["a"][0]
    similar = api_client.post(
        reverse("ml-api:similar", args=[content.pk]), {"k": 3}, format="json"
    ).json()
    assert similar["items"]
    for item in similar["items"]:
        assert item["reason_code"]["code"] in ("also_liked", "similar_to")
        assert item["reason_code"]["params"]["title"] == content.title
        assert item["reason"].startswith(("people who liked", "similar to"))
    trending = api_client.post(
        reverse("ml-api:trending"), {"k": 3}, format="json", HTTP_ACCEPT_LANGUAGE="kn"
    ).json()
    assert trending["items"]
    assert all(SCRIPTS["kn"].search(item["reason"]) for item in trending["items"])


@pytest.mark.parametrize("language", ["te", "hi", "ta", "kn"])
def test_genre_names_inside_reasons_are_translated_too(language):
    reason = Reason("popular_in_your_genres", {"language": "", "genres": ["action", "drama"]})
    with translation.override(language):
        text = render(reason)
    with translation.override("en"):
        english = render(reason)

    assert english == "popular and one of your genres: Action, Drama"
    assert "Action" not in text
    assert "Drama" not in text
    assert "action" not in text
