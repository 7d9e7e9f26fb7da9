import pytest
import responses

from apps.integrations.exceptions import IntegrationNotFound
from apps.integrations.jikan import JikanClient
from apps.integrations.tests.conftest import payload

JIKAN = "https://api.jikan.moe/v4"


def jikan(sleeps):
    return JikanClient(sleep=sleeps.append)


@responses.activate
def test_full_details_parse_into_our_vocabulary(sleeps):
    responses.get(f"{JIKAN}/anime/1/full", json=payload("jikan/anime_1_full.json"))

    title = jikan(sleeps).anime_full(1)

    assert (title.title, title.kind, title.source_key) == ("Cowboy Bebop", "anime", "jikan:1")
    assert title.values["year"] == 1998
    assert title.values["episodes"] == 26
    assert title.values["mal_score"] == 8.75
    assert title.values["certification"] == "R"
    assert title.titles["ja"] == "カウボーイビバップ"
    assert "Action" in title.genres
    assert title.values["is_adult"] is False


@responses.activate
def test_top_and_pagination(sleeps):
    responses.get(f"{JIKAN}/top/anime", json=payload("jikan/top_anime_tv_page1.json"))

    page = jikan(sleeps).top()

    assert len(page.items) == 25
    assert page.total_pages == 290
    assert "sfw=true" in responses.calls[0].request.url


@responses.activate
def test_search_and_current_season(sleeps):
    responses.get(f"{JIKAN}/anime", json=payload("jikan/anime_search_naruto.json"))
    responses.get(f"{JIKAN}/seasons/now", json=payload("jikan/seasons_now.json"))

    assert any("Naruto" in t.title for t in jikan(sleeps).search(query="naruto").items)
    assert jikan(sleeps).season_now().items


@responses.activate
def test_recommendations_are_sorted_by_votes(sleeps):
    responses.get(
        f"{JIKAN}/anime/1/recommendations",
        json=payload("jikan/anime_id_recommendations_trimmed.json"),
    )

    pairs = jikan(sleeps).recommendations(1)

    assert pairs
    assert [v for _, v in pairs] == sorted((v for _, v in pairs), reverse=True)


@responses.activate
def test_not_found(sleeps):
    responses.get(
        f"{JIKAN}/anime/999999999/full",
        json=payload("jikan/error_404_anime_not_found.json"),
        status=404,
    )
    with pytest.raises(IntegrationNotFound):
        jikan(sleeps).anime_full(999999999)


@responses.activate
def test_jikan_429_waits_the_retry_after(sleeps):
    responses.get(
        f"{JIKAN}/anime/1/full",
        status=429,
        headers={"Retry-After": "2"},
        json={"status": 429, "message": "RateLimitException"},
    )
    responses.get(f"{JIKAN}/anime/1/full", json=payload("jikan/anime_1_full.json"))

    assert jikan(sleeps).anime_full(1).values["mal_id"] == 1
    assert 2.0 in sleeps


def test_jikan_declares_its_published_limits():
    assert [(w.calls, w.seconds) for w in JikanClient.rate_windows] == [(3, 1), (60, 60)]


@responses.activate
def test_synonyms_are_kept_for_search(sleeps):
    responses.get(
        f"{JIKAN}/anime/11757/full", json=payload("jikan/anime_by_id_reactive_jikan.json")
    )

    title = jikan(sleeps).anime_full(11757)

    assert title.title == "Sword Art Online"
    assert title.values["synonyms"] == ["S.A.O", "SAO"]
