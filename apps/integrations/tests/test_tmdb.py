from datetime import date

import pytest
import responses

from apps.integrations.exceptions import (
    IntegrationAuthError,
    IntegrationNotConfigured,
    IntegrationNotFound,
)
from apps.integrations.tests.conftest import payload
from apps.integrations.tmdb import TmdbClient
from apps.integrations.tmdb.client import GENRE_NAMES

TMDB = "https://api.themoviedb.org/3"
JWT = "eyJhbGciOiJIUzI1NiJ9.test.sig"


def tmdb(sleeps):
    return TmdbClient(token=JWT, sleep=sleeps.append)


@responses.activate
def test_trending_parses_movies_and_tv_and_skips_people(sleeps):
    responses.get(f"{TMDB}/trending/all/day", json=payload("tmdb/trending_all.json"))

    page = tmdb(sleeps).trending()

    first = page.items[0]
    assert (first.title, first.kind, first.source_key) == (
        "Scream VI",
        "movie",
        "tmdb:movie:934433",
    )
    assert first.values["year"] == 2023
    assert (
        first.values["poster_url"]
        == "https://image.tmdb.org/t/p/w500/wDWwtvkRRlgTiUr6TyLSMX8FCuZ.jpg"
    )
    assert first.genres == ("Horror", "Mystery", "Thriller")
    assert responses.calls[0].request.headers["Authorization"] == f"Bearer {JWT}"
    assert {item.kind for item in page.items} <= {"movie", "tv", "anime"}


@responses.activate
def test_v3_keys_go_in_the_query_string(sleeps):
    responses.get(f"{TMDB}/movie/popular", json=payload("tmdb/movie_popular.json"))

    TmdbClient(token="abc123", sleep=sleeps.append).popular(media_type="movie")

    assert "api_key=abc123" in responses.calls[0].request.url
    assert "Authorization" not in responses.calls[0].request.headers


@responses.activate
def test_discover_sends_language_and_region_filters(sleeps):
    responses.get(f"{TMDB}/discover/tv", json=payload("tmdb/discover_tv.json"))

    page = tmdb(sleeps).discover(
        media_type="tv", original_language="te", region="IN", genre_ids=[18, 35]
    )

    url = responses.calls[0].request.url
    assert "with_original_language=te" in url
    assert "region=IN" in url
    assert "with_genres=18%2C35" in url
    assert page.items
    assert all(item.values["tmdb_type"] == "tv" for item in page.items)


@responses.activate
def test_search_multi_keeps_only_titles(sleeps):
    responses.get(f"{TMDB}/search/multi", json=payload("tmdb/search_multi.json"))

    items = tmdb(sleeps).search(query="fight club").items

    assert [i.values["tmdb_type"] for i in items] == ["movie", "tv"]


@responses.activate
def test_details_bring_trailer_certification_ids_keywords_and_providers(sleeps):
    body = payload("tmdb/movie_details_append_to_response.json")
    responses.get(f"{TMDB}/movie/{body['id']}", json=body)

    title = tmdb(sleeps).details(media_type="movie", tmdb_id=body["id"])

    assert title.values["imdb_id"] == body["imdb_id"]
    assert title.values["runtime_minutes"] == body["runtime"]
    assert title.values["release_date"] == date.fromisoformat(body["release_date"])
    assert len(title.values["trailer_youtube_id"]) == 11
    assert title.values["keywords"]
    assert title.extra["watch_providers"]
    offers = {(o.country, o.monetisation, o.provider_name) for o in title.extra["watch_offers"]}
    assert ("AT", "flatrate", "Amazon Prime Video") in offers
    assert ("AT", "rent", "Apple TV") in offers
    assert "availability" not in title.values  # stored by apps/ott, not merged onto Content
    assert (
        "append_to_response=videos%2Ccredits%2Cexternal_ids%2Ckeywords%2Crelease_dates"
        in responses.calls[0].request.url
    )


@responses.activate
def test_invalid_key_is_an_auth_error_not_retried(sleeps):
    responses.get(
        f"{TMDB}/trending/all/day", json=payload("tmdb/error_401_invalid_api_key.json"), status=401
    )

    with pytest.raises(IntegrationAuthError, match="Invalid API key"):
        tmdb(sleeps).trending()
    assert len(responses.calls) == 1


@responses.activate
def test_unknown_title_is_not_found(sleeps):
    responses.get(
        f"{TMDB}/movie/0", json=payload("tmdb/error_404_resource_not_found.json"), status=404
    )

    with pytest.raises(IntegrationNotFound):
        tmdb(sleeps).details(media_type="movie", tmdb_id=0)


@responses.activate
def test_empty_result_page(sleeps):
    responses.get(
        f"{TMDB}/discover/movie",
        json={"page": 1, "results": [], "total_pages": 0, "total_results": 0},
    )
    assert tmdb(sleeps).discover(original_language="kn").items == []


def test_missing_token_is_not_configured():
    with pytest.raises(IntegrationNotConfigured):
        TmdbClient(token="")


def test_genre_constants_cover_every_recorded_genre_id():
    # the recorded lists were fetched with language=de: ids are what must match
    listed = {
        g["id"]
        for name in ("genre_movie_list", "genre_tv_list")
        for g in payload(f"tmdb/{name}.json")["genres"]
    }
    assert listed <= set(GENRE_NAMES)
