from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.catalog.tests.factories import ContentFactory
from recommender.tests.api.conftest import trained, world  # noqa: F401 (shared fixtures)

FIXTURES = Path(__file__).parent / "fixtures"


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else (FIXTURES / name).read_bytes())


@pytest.fixture
def imdb_titles(db):
    """The catalogue records the IMDb fixtures point at (ids and years are IMDb's)."""
    return {
        "tt0468569": ContentFactory(title="The Dark Knight", year=2008, imdb_id="tt0468569"),
        "tt0111161": ContentFactory(
            title="The Shawshank Redemption", year=1994, imdb_id="tt0111161"
        ),
        # no imdb_id on record: found by normalised title + year + kind
        "tt0211915": ContentFactory(title="Amelie", year=2001, original_language="fr"),
        "tt7366338": ContentFactory(title="Chernobyl", year=2019, kind="tv", imdb_id="tt7366338"),
    }


@pytest.fixture
def anime_titles(db):
    return {
        5114: ContentFactory(
            title="Fullmetal Alchemist: Brotherhood", kind="anime", mal_id=5114, year=2009
        ),
        52991: ContentFactory(title="Sousou no Frieren", kind="anime", mal_id=52991, year=2023),
        48: ContentFactory(title=".hack//Sign", kind="anime", mal_id=48, year=2002),
    }


@pytest.fixture(autouse=True)
def _tasks_run_in_process(monkeypatch):
    """The PostgreSQL + Redis leg has a broker but no worker for these queues: the outbox runs
    the tasks in-process here, as the SQLite leg does (tests of an outage set it back)."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
