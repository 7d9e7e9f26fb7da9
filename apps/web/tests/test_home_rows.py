"""Homepage rows that each bring something new: no title twice on the page, a festival row built
from its theme, "trending" only when there was activity, curated headings in the reader's language.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory
from apps.analytics.models import Interaction, InteractionKind
from apps.catalog.models import Genre
from apps.catalog.tests.factories import ContentFactory
from apps.curation.models import FeaturedItem
from apps.ott.models import Platform
from apps.ott.tests.factories import AvailabilityFactory
from apps.regional.festivals import festival_collection
from apps.regional.models import Festival
from apps.web.cards import Card
from apps.web.rows import ROW_SIZE, Row, dedupe_rows

TELANGANA = "14.139.64.1"  # DB-IP: Hyderabad, Telangana
PROXY = "10.0.0.7"
GENRES = ("action", "comedy", "drama", "family", "horror", "romance")
# Rows whose point is the titles themselves: the person's own watchlist.
REPEATING_ROWS = {"watchlist"}


def _genre(slug: str) -> Genre:
    genre, _ = Genre.objects.get_or_create(slug=slug, defaults={"name": slug.title()})
    return genre


@pytest.fixture
def big_catalogue(db: None) -> dict[str, list]:
    """Enough titles per language that every row can be full: 40 each in Telugu and Tamil, 30 in
    English, genres spread over them, a few free on YouTube."""
    made: dict[str, list] = {}
    for language, count in (("te", 40), ("ta", 40), ("en", 30)):
        made[language] = []
        for i in range(count):
            content = ContentFactory(
                title=f"{language.upper()} Film {i}",
                original_language=language,
                year=1990 + i,
                popularity=100 - i,
                rating=7.5,
            )
            content.genres.add(_genre(GENRES[i % len(GENRES)]), _genre(GENRES[(i + 1) % 6]))
            made[language].append(content)
    youtube = Platform.objects.get(slug="youtube")
    for content in made["te"][:3] + made["en"][:3]:
        AvailabilityFactory(content=content, platform=youtube, monetisation="free")
    return made


def _rows(body: str) -> dict[str, list[str]]:
    """Row key -> the title ids of its cards, in page order."""
    found = {}
    for key, html in re.findall(r'data-row="([^"]+)"(.*?)</section>', body, re.S):
        found[key] = re.findall(r'href="/title/(\d+)/', html)
    return found


def _duplicates(rows: dict[str, list[str]]) -> list[str]:
    shown = Counter(i for key, ids in rows.items() if key not in REPEATING_ROWS for i in ids)
    return [i for i, n in shown.items() if n > 1]


def _assert_rows_bring_something_new(body: str, at_least: int) -> dict[str, list[str]]:
    rows = _rows(body)
    assert len(rows) >= at_least, rows.keys()
    assert all(ids for ids in rows.values()), rows  # no empty row is rendered
    assert _duplicates(rows) == []
    for ids in rows.values():
        assert len(ids) == len(set(ids)) <= ROW_SIZE
    return rows


def test_telugu_visitor_sees_no_title_twice(client, big_catalogue, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    body = client.get("/", HTTP_X_FORWARDED_FOR=TELANGANA, REMOTE_ADDR=PROXY).content.decode()

    rows = _assert_rows_bring_something_new(body, at_least=4)
    assert "trending-te" in rows
    assert "regional" in rows  # popular Telugu movies: full, though trending took the first 12
    assert len(rows["regional"]) == ROW_SIZE


def test_tamil_visitor_sees_no_title_twice(client, big_catalogue):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="ta").content.decode()

    rows = _assert_rows_bring_something_new(body, at_least=4)
    assert "trending-ta" in rows


def test_anonymous_english_visitor_sees_no_title_twice(client, big_catalogue):
    body = client.get("/").content.decode()

    rows = _assert_rows_bring_something_new(body, at_least=4)
    assert "free" in rows  # the free row keeps its few titles although trending lists them too
    free_ids = {str(c.pk) for c in big_catalogue["te"][:3] + big_catalogue["en"][:3]}
    assert set(rows["free"]) == free_ids - set(rows["featured"])  # the hero is one of them


def test_signed_in_user_with_ratings_sees_no_title_twice(client, big_catalogue):
    user = UserFactory(preferred_languages=["te"])
    for content in big_catalogue["te"][:5]:
        Rating.objects.create(user=user, content=content, rating=9)
    client.force_login(user)
    client.post(
        reverse("web:watchlist-toggle", args=[big_catalogue["te"][10].pk]), {"action": "add"}
    )

    body = client.get("/").content.decode()

    rows = _assert_rows_bring_something_new(body, at_least=4)
    assert "for-you" in rows
    assert str(big_catalogue["te"][10].pk) in rows["watchlist"]


def _card(i: int) -> Card:
    return Card(i, f"T{i}", 2000, "movie", "te", "", "drama", 7.0)


def test_dedupe_keeps_page_order_lets_narrow_rows_claim_first_and_keeps_repeating_rows():
    broad = Row("trending", "Trending", [_card(i) for i in range(30)])
    free = Row("free", "Free", [_card(3), _card(40)])  # below trending, but only two titles
    popular = Row("popular", "Popular", [_card(i) for i in range(30)])
    watchlist = Row("watchlist", "Watchlist", [_card(5)], repeats=True)

    kept = dedupe_rows([broad, free, popular, watchlist], size=12)

    assert [r.key for r in kept] == ["trending", "free", "popular", "watchlist"]
    ids = {r.key: [c.id for c in r.cards] for r in kept}
    assert ids["free"] == [3, 40]
    assert ids["watchlist"] == [5]
    assert ids["trending"] == [0, 1, 2, 4, *range(6, 14)]
    assert ids["popular"] == list(range(14, 26))


def test_festival_collection_follows_the_theme_and_stays_family_friendly(big_catalogue):
    festival = Festival.objects.get(slug="sankranti")  # te, kn; family, drama, comedy
    ids = festival_collection(festival=festival, languages=("te",), limit=40)
    chosen = [c for c in big_catalogue["te"] if c.pk in ids]
    by_id = {c.pk: c for c in chosen}

    assert len(ids) >= 10
    genres = [set(by_id[i].genres.values_list("slug", flat=True)) for i in ids]
    assert all(g & {"family", "drama", "comedy"} for g in genres)
    assert not any("horror" in g for g in genres)  # family-friendly: no horror
    matches = [len(g & {"family", "drama", "comedy"}) for g in genres]
    assert matches == sorted(matches, reverse=True)  # two theme genres before one
    assert matches[0] == 2


def test_trending_is_named_for_what_it_measures(client, big_catalogue):
    # No activity in Telugu: the row shows new Telugu releases and says so
    quiet = client.get("/", {"lang": "te"}).content.decode()
    user = UserFactory()
    Interaction.objects.create(
        user=user, content=big_catalogue["te"][20], kind=InteractionKind.VIEW
    )
    cache.clear()  # the page and its rows are cached for ROW_TTL
    live = client.get("/", {"lang": "te"}).content.decode()

    assert "New in Telugu" in quiet
    assert "Trending in Telugu" not in quiet
    newest = {str(c.pk) for c in big_catalogue["te"][-3:]}  # 2027-2029: the last three years
    assert set(_rows(quiet)["trending-te"]) == newest  # only the newest three years
    assert "Trending in Telugu" in live


def test_catalogue_trending_on_historical_data_names_its_week(client, big_catalogue):
    user = UserFactory()
    film = big_catalogue["en"][10]  # horror and romance: no festival or free row claims it
    rating = Rating.objects.create(user=user, content=film, rating=8)
    Rating.objects.filter(pk=rating.pk).update(updated_at=datetime(2016, 12, 21, tzinfo=UTC))

    body = client.get("/").content.decode()

    assert "Most rated in the week to" in body
    assert "Trending this week" not in body
    assert _rows(body)["trending"][0] == str(film.pk)  # that week's activity comes first


def test_curated_headings_in_the_readers_language(client, big_catalogue):
    hero = big_catalogue["te"][0]
    FeaturedItem.objects.create(
        content=hero,
        slot="hero",
        languages=["te"],
        caption="Pick of the week",
        captions={"te": "ఈ వారం ఎంపిక"},
    )

    telugu = client.get("/", {"lang": "te"}, HTTP_ACCEPT_LANGUAGE="te").content.decode()
    hindi = client.get("/", {"lang": "te"}, HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    english = client.get("/", {"lang": "te"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    api = client.get("/api/featured", {"languages": "te"}, HTTP_ACCEPT_LANGUAGE="te").json()

    assert "ఈ వారం ఎంపిక" in telugu
    assert "ఈ వారం ఎంపిక" in hindi  # no Hindi caption: the language it targets comes next
    assert "Pick of the week" in english
    assert "ఈ వారం ఎంపిక" not in english
    captions = [item["caption"] for item in api["results"]]
    assert captions == ["ఈ వారం ఎంపిక"]
