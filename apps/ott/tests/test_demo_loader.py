"""The demo matcher on real rows of the shipped catalogues (apps/ott/demo/ott_catalogues.csv.gz)
against real catalogue rows (apps/catalog/demo/indian_films.csv.gz)."""

from pathlib import Path

import pandas as pd
import pytest

from apps.catalog.tests.factories import ContentFactory
from apps.ott.demo_loader import DEMO_FILE, load_demo_availability
from apps.ott.models import Availability

pytestmark = pytest.mark.django_db
INDIAN_FILMS = Path(__file__).resolve().parents[2] / "catalog" / "demo" / "indian_films.csv.gz"


def real_film(title: str, year: int) -> dict:
    films = pd.read_csv(INDIAN_FILMS)
    row = films[(films.title == title) & (films.year == year)].iloc[0]
    return {
        "title": row.title,
        "year": int(row.year),
        "original_language": row.original_language,
        "imdb_id": row.imdb_id,
    }


@pytest.fixture
def shipped_rows(tmp_path):
    """The shipped file cut down to a few real titles (so the test loads in milliseconds)."""

    def cut(*titles: str) -> Path:
        frame = pd.read_csv(DEMO_FILE, keep_default_na=False)
        path = tmp_path / "cut.csv.gz"
        frame[frame.title.isin(titles)].to_csv(path, index=False)
        return path

    return cut


def test_a_telugu_film_shows_where_it_streamed_with_its_as_of_date(shipped_rows, api_client):
    arjun = ContentFactory(kind="movie", **real_film("Arjun Reddy", 2017))
    assert arjun.original_language == "te"

    stats = load_demo_availability(shipped_rows("Arjun Reddy"))

    offer = Availability.objects.get(content=arjun, platform__slug="jiohotstar")
    assert (offer.country, offer.historical) == ("IN", True)
    assert offer.source == "dataset:ott-hotstar 2023"
    prime = Availability.objects.get(content=arjun, platform__slug="prime-video")
    assert (prime.country, prime.source) == ("US", "dataset:ott-prime 2021")
    assert stats.datasets["ott-hotstar"].matched == 1
    assert stats.datasets["ott-hotstar"].matched_indian == 1

    body = api_client.get(f"/api/ott/availability/{arjun.pk}").json()  # default country IN
    [shown] = body["offers"]["flatrate"]
    assert shown["text"] == "on JioHotstar in 2023"
    assert shown["historical"] is True
    assert shown["as_of"] == "2023-01-01"
    assert shown["link"] == "https://www.hotstar.com/in"
    card = api_client.get("/api/content/popular?language=te").json()["results"][0]
    assert card["where_to_watch"]["text"] == "on JioHotstar in 2023"


def test_ambiguous_joins_are_skipped_not_guessed(shipped_rows):
    # two catalogue films called "Pokiri" from 2006 (the real one and a same-name record)
    real = ContentFactory(kind="movie", **real_film("Pokiri", 2006))
    ContentFactory(kind="movie", title="Pokiri", year=2006, original_language="ta")

    stats = load_demo_availability(shipped_rows("Pokiri"))

    assert stats.datasets["ott-hotstar"].ambiguous == 1
    assert not Availability.objects.filter(content=real).exists()


def test_a_different_year_is_not_the_same_film(shipped_rows):
    # the Hindi "Jersey" (2022) is not the Telugu "Jersey" (2019) that Hotstar lists
    hindi = ContentFactory(kind="movie", title="Jersey", year=2022, original_language="hi")

    stats = load_demo_availability(shipped_rows("Jersey"))

    assert stats.datasets["ott-hotstar"].unmatched >= 1
    assert not Availability.objects.filter(content=hindi, platform__slug="jiohotstar").exists()


def test_loading_twice_adds_nothing_and_keeps_curated_rows(shipped_rows):
    arjun = ContentFactory(kind="movie", **real_film("Arjun Reddy", 2017))
    path = shipped_rows("Arjun Reddy")
    load_demo_availability(path)
    Availability.objects.filter(content=arjun, country="IN").update(curated=True, source="curator")

    second = load_demo_availability(path)

    assert second.created == 0
    assert Availability.objects.get(content=arjun, country="IN").source == "curator"


def test_platforms_without_a_demo_source_have_no_rows():
    frame = pd.read_csv(DEMO_FILE, keep_default_na=False)
    assert not {"mx-player", "jiocinema", "jiotv"} & set(frame.platform)
    assert set(frame.platform) == {"jiohotstar", "netflix", "prime-video", "disney-plus", "hulu"}
