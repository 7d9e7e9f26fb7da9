"""Ingestion end to end over recorded provider payloads (HTTP stubbed, database real)."""

import pytest
import responses
from django.core.cache import cache
from django.test import override_settings

from apps.catalog.models import Content, MatchReview
from apps.catalog.services import ingestion
from apps.integrations.tests.conftest import payload

pytestmark = pytest.mark.django_db
TMDB = "https://api.themoviedb.org/3"
JIKAN = "https://api.jikan.moe/v4"
OMDB = "https://www.omdbapi.com"


def snapshot():
    return sorted(Content.objects.values_list("id", "title", "updated_at", "tmdb_vote_count"))


@responses.activate
def test_ingesting_the_same_payloads_twice_leaves_the_database_unchanged():
    responses.get(f"{TMDB}/trending/all/day", json=payload("tmdb/trending_all.json"))
    responses.get(f"{TMDB}/movie/popular", json=payload("tmdb/movie_popular.json"))
    responses.get(f"{TMDB}/tv/popular", json={"page": 1, "results": [], "total_pages": 1})
    responses.get(f"{JIKAN}/top/anime", json=payload("jikan/top_anime_tv_page1.json"))

    first = [
        ingestion.ingest_tmdb_trending(),
        ingestion.ingest_tmdb_popular(),
        ingestion.ingest_jikan_top(),
    ]
    before = snapshot()
    cache.clear()  # refetch instead of reading the HTTP cache
    second = [
        ingestion.ingest_tmdb_trending(),
        ingestion.ingest_tmdb_popular(),
        ingestion.ingest_jikan_top(),
    ]

    assert sum(s.counts["created"] for s in first) == len(before) > 25
    assert all(s.counts["created"] == s.counts["updated"] == 0 for s in second)
    # near-identical sequels (e.g. two Gintama seasons) wait for a curator, once
    assert [s.counts["queued"] for s in first] == [s.counts["queued"] for s in second]
    assert MatchReview.objects.count() == first[2].counts["queued"]
    assert snapshot() == before


@responses.activate
def test_same_film_from_tmdb_and_omdb_is_one_record_with_both_sources_fields():
    responses.get(f"{TMDB}/movie/550", json=payload("tmdb/movie_details_550.json"))
    omdb = payload("omdb/movie_by_id_tt4633694_with_ratings.json")
    omdb |= {
        "imdbID": "tt0137523",
        "Title": "Fight Club",
        "Year": "1999",
    }  # a real body re-keyed to this film
    responses.get(f"{OMDB}/", json=omdb)
    from apps.integrations.tmdb import tmdb_client_get

    ingestion.ingest_titles("tmdb", [tmdb_client_get().details(media_type="movie", tmdb_id=550)])
    Content.objects.update(updated_at="2000-01-01T00:00:00Z")  # stale, so the ratings job picks it
    summary = ingestion.ingest_omdb_ratings()

    row = Content.objects.get()
    assert summary.counts == {"updated": 1}
    assert (row.title, row.tmdb_id, row.imdb_id, row.runtime_minutes) == (
        "Fight Club",
        550,
        "tt0137523",
        139,
    )
    assert (row.imdb_rating, row.rotten_tomatoes, row.metacritic) == (8.6, 97, 87)
    assert row.provenance["runtime_minutes"]["source"] == "tmdb"
    assert row.provenance["rotten_tomatoes"]["source"] == "omdb"


@responses.activate
def test_jikan_details_merge_into_the_demo_anime_by_mal_id():
    from apps.catalog.services.merge import TitleCandidate, content_ingest

    content_ingest(
        TitleCandidate(
            source="mal_dataset",
            source_key="mal:1",
            kind="anime",
            title="Cowboy Bebop",
            values={"mal_id": 1, "mal_score": 8.82},
        )
    )
    responses.get(f"{JIKAN}/anime/1/full", json=payload("jikan/anime_1_full.json"))
    from apps.integrations.jikan import jikan_client_get

    ingestion.ingest_titles("jikan", [jikan_client_get().anime_full(1)])

    row = Content.objects.get()
    assert row.mal_score == 8.75  # Jikan outranks the 2016 data set for MAL scores
    assert row.year == 1998
    assert row.titles["ja"] == "カウボーイビバップ"


@override_settings(TMDB_API_TOKEN="")
def test_unconfigured_provider_is_skipped_with_a_reason():
    summary = ingestion.ingest_tmdb_trending()
    assert "TMDB_API_TOKEN is not set" in summary.skipped
    assert not Content.objects.exists()


@responses.activate
def test_ingest_command_prints_the_summary(capsys):
    from django.core.management import call_command

    responses.get(f"{JIKAN}/seasons/now", json=payload("jikan/seasons_now.json"))
    call_command("ingest", source="jikan", what="season")
    assert '"created"' in capsys.readouterr().out


def test_beat_schedule_covers_every_ingestion_job():
    from django.conf import settings

    scheduled = {
        tuple(entry["args"])
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "catalog.ingest"
    }
    assert scheduled == {
        (source, what) for source, jobs in ingestion.INGESTERS.items() for what in jobs
    }


@responses.activate
def test_tmdb_details_store_where_to_watch_and_details_show_it(api_client, settings):
    settings.OTT_COUNTRIES = ["AT"]  # offers are kept for the configured (and users') countries
    body = payload("tmdb/movie_details_append_to_response.json")
    responses.get(f"{TMDB}/movie/{body['id']}", json=body)
    from apps.integrations.tmdb import tmdb_client_get

    ingestion.ingest_titles(
        "tmdb", [tmdb_client_get().details(media_type="movie", tmdb_id=body["id"])]
    )
    content = Content.objects.get()
    details = api_client.get(f"/api/content/details/{content.pk}").json()

    # TMDB's "Amazon Prime Video" (provider 9/119) is our seeded platform "Prime Video"
    assert details["availability"]["AT"]["flatrate"] == ["Prime Video"]
    assert "Apple TV" in details["availability"]["AT"]["rent"]
    assert details["trailer"]["youtube_id"] == content.trailer_youtube_id


def test_a_cache_flush_never_brings_back_an_earlier_catalogue_version():
    """Per-process memos (search index, platform filter) are keyed by this number."""
    from django.core.cache import cache

    from apps.catalog.list_cache import catalog_cache_bump, catalog_cache_version

    first = catalog_cache_version()
    catalog_cache_bump()
    bumped = catalog_cache_version()
    cache.clear()  # a Redis restart or flush
    after_flush = catalog_cache_version()

    assert bumped == first + 1
    assert after_flush not in (first, bumped)
