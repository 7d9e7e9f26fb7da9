"""YouTube free films from ingestion, curators' edits in the admin, translated card text, and the
data migration that moved Content.availability into Availability rows."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from apps.catalog.services import ingestion
from apps.catalog.tests.factories import ContentFactory
from apps.integrations.types import SourceTitle
from apps.ott.models import Availability, Platform
from apps.ott.selectors import availability_summaries
from apps.ott.tests.factories import AvailabilityFactory


@pytest.mark.django_db
def test_a_free_film_found_on_youtube_becomes_a_free_offer(settings):
    settings.OTT_COUNTRIES = ["IN"]
    film = ContentFactory(title="Mayabazar", year=1957, imdb_id="tt0050665")
    found = SourceTitle(
        source="youtube",
        source_key="youtube:xbvU3QkLAqA",
        kind="movie",
        title="Mayabazar",
        values={"free_youtube_id": "xbvU3QkLAqA", "imdb_id": "tt0050665"},
    )

    ingestion.ingest_titles("youtube", [found])

    offer = Availability.objects.get(content=film)
    assert offer.platform.slug == "youtube"
    assert offer.monetisation == "free"
    assert offer.deep_link == "https://www.youtube.com/watch?v=xbvU3QkLAqA"
    assert offer.source == "youtube"


@pytest.mark.django_db
def test_a_curator_edit_in_the_admin_is_marked_curated(client, django_user_model):
    curator = django_user_model.objects.create_superuser(email="c@example.com", password="x" * 12)
    client.force_login(curator)
    film = ContentFactory(title="RRR")
    url = reverse("admin:ott_availability_add")

    response = client.post(
        url,
        {
            "content": film.pk,
            "platform": Platform.objects.get(slug="zee5").pk,
            "country": "IN",
            "monetisation": "flatrate",
            "as_of": "2026-11-30",
            "audio_languages": '["te", "hi", "ta"]',
            "subtitle_languages": "[]",
            "deep_link": "https://www.zee5.com/movies/details/rrr/0-0-1z5225178",
        },
    )

    assert response.status_code == 302, response.content[:2000]
    row = Availability.objects.get(content=film)
    assert row.curated
    assert row.source == "curator"
    assert row.audio_languages == ["te", "hi", "ta"]


@pytest.mark.django_db
def test_card_text_is_translated():
    film = ContentFactory(title="Arjun Reddy")
    AvailabilityFactory(
        content=film,
        platform=Platform.objects.get(slug="jiohotstar"),
        historical=True,
        as_of=date(2023, 1, 1),
        source="dataset:ott-hotstar 2023",
    )
    with translation.override("te"):
        assert availability_summaries([film.pk], "IN")[film.pk]["text"] == "2023లో JioHotstarలో"
    with translation.override("hi"):
        assert availability_summaries([film.pk], "IN")[film.pk]["text"] == "2023 में JioHotstar पर"


@pytest.mark.django_db(transaction=True)
def test_migration_moves_the_availability_json_into_rows():
    executor = MigrationExecutor(connection)
    old = [("catalog", "0003_content_availability"), ("ott", "0002_seed_platforms")]
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    Content = apps.get_model("catalog", "Content")
    content = Content.objects.create(
        kind="movie",
        title="Fight Club",
        normalized_title="fight club",
        free_youtube_id="",
        availability={
            "US": {"flatrate": ["Netflix"], "rent": ["Apple TV"], "link": "https://x.example/"},
            "IN": {"flatrate": ["Hotstar"]},
        },
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = set(
        Availability.objects.filter(content_id=content.pk).values_list(
            "country", "monetisation", "platform__slug", "source"
        )
    )
    assert moved == {
        ("US", "flatrate", "netflix", "tmdb"),
        ("US", "rent", "apple-tv", "tmdb"),
        ("IN", "flatrate", "jiohotstar", "tmdb"),
    }
    assert Platform.objects.get(slug="apple-tv").kind == "store"
