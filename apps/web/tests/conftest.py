"""A small catalogue for the site's tests: Telugu and Hindi films, English comedies, a series and
an anime, with genres (created here: live-server tests flush the migrations' genre rows)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from apps.catalog.models import Genre
from apps.catalog.tests.factories import ContentFactory
from apps.ott import selectors as ott_selectors


def _genre(slug: str, name: str) -> Genre:
    genre, _ = Genre.objects.get_or_create(slug=slug, defaults={"name": name})
    return genre


def build_catalogue() -> dict[str, Any]:
    action, comedy, drama = (
        _genre("action", "Action"),
        _genre("comedy", "Comedy"),
        _genre("drama", "Drama"),
    )
    telugu = [
        ContentFactory(
            title=f"Telugu Action {i}",
            original_language="te",
            year=2010 + i,
            popularity=80 - i,
            rating=7.5,
            imdb_rating=7.8,
            runtime_minutes=150,
        )
        for i in range(8)
    ]
    hindi = [
        ContentFactory(
            title=f"Hindi Drama {i}", original_language="hi", year=2000 + i, popularity=60 - i
        )
        for i in range(4)
    ]
    english = [
        ContentFactory(
            title=f"English Comedy {i}", original_language="en", year=1995 + i, popularity=90 - i
        )
        for i in range(4)
    ]
    series = ContentFactory(
        title="Telugu Series", kind="tv", original_language="te", episodes=10, rating=8.0
    )
    anime = ContentFactory(title="Mecha Anime", kind="anime", original_language="ja", popularity=70)
    for c in telugu:
        c.genres.add(action)
    for c in hindi:
        c.genres.add(drama)
    for c in english:
        c.genres.add(comedy)
    return {"te": telugu, "hi": hindi, "en": english, "series": series, "anime": anime}


@pytest.fixture
def catalogue(db: None) -> dict[str, Any]:
    return build_catalogue()


@pytest.fixture(autouse=True)
def _fresh_allowed_memo() -> Iterator[None]:
    """apps.ott keeps "titles on these platforms" per catalogue version in process memory; the
    version restarts after each test's cache.clear(), so a memo from this test would answer a
    later test's (other ids) with the same platforms. Cleared before and after (reported to the
    integrator: the memo needs a fingerprint like the search index's)."""
    ott_selectors._ALLOWED_MEMO.clear()
    yield
    ott_selectors._ALLOWED_MEMO.clear()
