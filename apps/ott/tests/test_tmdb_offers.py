"""Recorded TMDB watch-provider responses -> rows per platform and type; curated rows survive."""

from datetime import date

import pytest
import responses
from django.utils import timezone

from apps.catalog.services import ingestion
from apps.catalog.tests.factories import ContentFactory
from apps.integrations.tmdb import TmdbClient
from apps.ott.models import Availability, Platform
from apps.ott.services import refresh_stale_availability, tmdb_offers_store
from apps.ott.tests.conftest import payload

pytestmark = pytest.mark.django_db
TMDB = "https://api.themoviedb.org/3"
JWT = "eyJhbGciOiJIUzI1NiJ9.test.sig"


def client() -> TmdbClient:
    return TmdbClient(token=JWT, sleep=lambda _s: None)


def rows(content):
    return set(
        Availability.objects.filter(content=content).values_list(
            "country", "monetisation", "platform__slug"
        )
    )


@responses.activate
def test_watch_providers_parse_every_country_and_offer_type():
    body = payload("tmdb/tv_1396_watch_providers_with_free_ads.json")
    responses.get(f"{TMDB}/tv/1396/watch/providers", json=body)

    offers = client().watch_providers(media_type="tv", tmdb_id=1396)

    assert {(o.country, o.monetisation, o.provider_name) for o in offers} == {
        ("JP", "buy", "Amazon Video"),
        ("JP", "free", "Amazon Prime Video"),
        ("JP", "rent", "FOD"),
        ("JP", "flatrate", "Netflix"),
        ("RU", "ads", "TvIgle"),
        ("NZ", "flatrate", "Neon TV"),
    }
    netflix = next(o for o in offers if o.provider_name == "Netflix")
    assert netflix.provider_id == 8
    assert netflix.link == "https://www.themoviedb.org/tv/1396-breaking-bad/watch?locale=JP"
    assert netflix.logo_url == "https://image.tmdb.org/t/p/original/pbpMk2JmcoNnQwx5JGpXngfoWtp.jpg"


@responses.activate
def test_in_block_is_stored_per_platform_and_type_for_the_kept_countries():
    body = payload("tmdb/tv_75219_watch_providers_with_IN.json")
    responses.get(f"{TMDB}/tv/75219/watch/providers", json=body)
    show = ContentFactory(title="9-1-1", kind="tv", tmdb_type="tv", tmdb_id=75219)

    offers = client().watch_providers(media_type="tv", tmdb_id=75219)
    written = tmdb_offers_store(content=show, offers=offers, countries=["IN", "US"])

    assert written == 9
    assert ("IN", "flatrate", "jiohotstar") in rows(show)  # TMDB's "Hotstar" (id 122)
    assert {r for r in rows(show) if r[0] == "US"} == {
        ("US", "flatrate", "hulu"),
        ("US", "flatrate", "fubotv"),
        ("US", "flatrate", "nbc"),
        ("US", "flatrate", "usa-network"),
        ("US", "free", "spectrum-on-demand"),
        ("US", "buy", "apple-tv"),
        ("US", "buy", "amazon-video"),
        ("US", "buy", "vudu"),
    }
    assert not any(r[0] == "NZ" for r in rows(show))  # not a kept country
    hotstar = Availability.objects.get(content=show, country="IN")
    assert hotstar.source == "tmdb"
    assert hotstar.as_of == timezone.now().date()
    assert hotstar.deep_link == "https://www.themoviedb.org/tv/75219-9-1-1/watch?locale=IN"
    assert Platform.objects.get(slug="vudu").kind == "store"
    assert 7 in Platform.objects.get(slug="vudu").tmdb_provider_ids


@responses.activate
def test_curated_rows_survive_ingestion_and_stale_tmdb_rows_go(settings):
    settings.OTT_COUNTRIES = ["IN"]
    show = ContentFactory(title="9-1-1", kind="tv", tmdb_type="tv", tmdb_id=75219)
    hotstar = Platform.objects.get(slug="jiohotstar")
    Availability.objects.create(
        content=show,
        platform=hotstar,
        country="IN",
        monetisation="flatrate",
        source="curator",
        as_of=date(2026, 1, 5),
        deep_link="https://www.hotstar.com/in/shows/9-1-1/1260023413",
        audio_languages=["en", "hi"],
        curated=True,
    )
    gone = Availability.objects.create(
        content=show,
        platform=Platform.objects.get(slug="netflix"),
        country="IN",
        monetisation="flatrate",
        source="tmdb",
        as_of=date(2025, 1, 1),
    )
    responses.get(
        f"{TMDB}/tv/75219/watch/providers",
        json=payload("tmdb/tv_75219_watch_providers_with_IN.json"),
    )

    summary = refresh_stale_availability(limit=10)

    kept = Availability.objects.get(content=show, platform=hotstar)
    assert kept.curated
    assert kept.source == "curator"
    assert kept.deep_link == "https://www.hotstar.com/in/shows/9-1-1/1260023413"
    assert kept.audio_languages == ["en", "hi"]
    assert not Availability.objects.filter(pk=gone.pk).exists()
    assert summary.checked == 1
    # a second run inside the staleness window asks TMDB nothing
    assert refresh_stale_availability(limit=10).checked == 0
    assert len(responses.calls) == 1


@responses.activate
def test_details_ingestion_stores_offers_for_kept_countries(settings, api_client):
    settings.OTT_COUNTRIES = ["US"]
    details = payload("tmdb/movie_550_watch_providers.json")
    from apps.integrations.tests.conftest import payload as integrations_payload

    movie = integrations_payload("tmdb/movie_details_550.json")
    movie["watch/providers"] = {"results": details["results"]}
    responses.get(f"{TMDB}/movie/550", json=movie)

    title = client().details(media_type="movie", tmdb_id=550)
    ingestion.ingest_titles("tmdb", [title])

    content_id = Availability.objects.values_list("content_id", flat=True).first()
    assert content_id is not None
    body = api_client.get(f"/api/ott/availability/{content_id}?country=US").json()
    assert body["offers"]["flatrate"]
    assert body["attribution"]["url"] == "https://www.justwatch.com/"
    assert not Availability.objects.filter(country="CA").exists()


def test_refresh_without_a_token_is_skipped(settings):
    settings.TMDB_API_TOKEN = ""
    ContentFactory(tmdb_type="movie", tmdb_id=550)

    summary = refresh_stale_availability(limit=5)

    assert summary.checked == 0
    assert "TMDB_API_TOKEN" in summary.skipped


def test_refresh_is_on_the_beat_schedule(settings):
    tasks = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "ott.refresh_stale" in tasks
