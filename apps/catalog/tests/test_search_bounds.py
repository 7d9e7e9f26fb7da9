"""PostgreSQL's search tiers are bounded without changing what they find
(apps/catalog/search_postgres.py): the full-text tier's popularity floors keep exactly the most
popular matches, tiers that could add nothing are not asked, and a cancelled tier is no 500."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.catalog import search, search_postgres, selectors
from apps.catalog.selectors import ContentFilters, content_search
from apps.catalog.tests.factories import ContentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_only")]


@pytest.fixture
def floors_at(monkeypatch: pytest.MonkeyPatch):
    """Popularity floors at these ranks, read afresh (the per-process memo emptied)."""

    def use(*ranks: int) -> None:
        monkeypatch.setattr(search_postgres, "floor_ranks", lambda limit: list(ranks))
        monkeypatch.setattr(search_postgres, "_FLOORS", {})

    return use


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return str(cursor.fetchone()[0])


def test_full_text_above_a_floor_keeps_exactly_the_most_popular_matches(floors_at) -> None:
    floors_at(3, 6)
    shared = [ContentFactory(title=f"Kadali {i}", popularity=float(i)) for i in range(1, 11)]
    ContentFactory(title="Other", popularity=50.0)  # above every floor, no match
    by_popularity = [c.pk for c in sorted(shared, key=lambda c: -c.popularity)]

    assert search_postgres.popularity_floors(5) == ((3, 8.0), (6, 5.0))  # ranks from 0
    for limit in (2, 3, 5, 6, 9, 10, 12):  # within the first floor, the second, neither
        assert search_postgres.full_text_matches("kadali", limit) == by_popularity[:limit]


def test_the_floors_scale_with_the_ids_asked_for() -> None:
    few, more = search_postgres.floor_ranks(21), search_postgres.floor_ranks(201)
    assert len(few) == len(search_postgres.FLOOR_MULTIPLES)
    for rank, multiple in zip(few, search_postgres.FLOOR_MULTIPLES, strict=True):
        assert 21 * multiple <= rank < 2 * 21 * multiple
        assert rank & (rank - 1) == 0  # a power of two: neighbouring pages share it
    assert all(a < b for a, b in zip(few, more, strict=True))


def test_several_words_ask_every_match_at_once(floors_at) -> None:
    floors_at(1)
    titles = [ContentFactory(title=f"Prema Katha {i}", popularity=float(i)).pk for i in range(4)]
    ContentFactory(title="Prema", popularity=9.0)  # one word only

    with CaptureQueriesContext(connection) as queries:
        found = search_postgres.full_text_matches("prema katha", 3)

    assert found == titles[::-1][:3]
    assert sum("plainto_tsquery" in q["sql"] for q in queries.captured_queries) == 1


def test_a_catalogue_smaller_than_the_floors_asks_every_match(floors_at) -> None:
    floors_at(500)
    titles = [ContentFactory(title=f"Premam {i}", popularity=float(i)).pk for i in range(3)]

    assert search_postgres.popularity_floors(5) == ()
    assert search_postgres.full_text_matches("premam", 5) == titles[::-1]


def test_tiers_that_cannot_reach_the_list_are_not_asked() -> None:
    same = [ContentFactory(title="Bahubali", popularity=float(i)).pk for i in range(3)]
    ContentFactory(title="Bahubali Returns", popularity=99.0)  # full text would find it

    with CaptureQueriesContext(connection) as queries:
        ids = content_search(query="Bahubali", filters=ContentFilters(), limit=1)

    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert ids == [same[2]]
    # exact and key matches fill the list: neither full text nor a trigram tier was asked
    assert "plainto_tsquery" not in sql
    assert "SIMILARITY" not in sql


def _every_tier(query: str, limit: int) -> list[int]:
    """The ranking with every tier asked (as before the bounds), `limit` ids deep."""
    normalized = selectors.normalize_title(query)
    exact = list(
        selectors.Content.objects.filter(normalized_title=normalized, is_adult=False, hidden=False)
        .order_by("-popularity", "id")
        .values_list("id", flat=True)[:limit]
    )
    keyed = search.key_matches(query)
    similar = search_postgres.title_typo_matches(normalized, limit) if not (exact or keyed) else []
    text = search_postgres.full_text_matches(query, limit)
    fuzzy = list(dict.fromkeys([*similar, *text]))[:limit]
    fuzzy += search.key_fuzzy_matches(query, limit)
    return search.rank_tiers(exact, keyed, fuzzy, limit)


@pytest.mark.parametrize("limit", [1, 2, 4])
def test_asking_fewer_tiers_finds_the_same_titles(limit: int, floors_at) -> None:
    floors_at(2)
    for i, title in enumerate(
        ["Magadheera", "Magadheera", "Magadheera Returns", "Magadira", "Return of Magadheera",
         "Magadheera 2", "Eega", "Eega Returns", "The Last Magadheera", "Magadheer"]
    ):  # fmt: skip
        ContentFactory(title=title, popularity=float(10 - i))

    for query in ("Magadheera", "magadira", "Magadheeraa", "Returns", "eega"):
        expected = _every_tier(query, limit)
        assert (
            content_search(query=query, filters=ContentFilters(), limit=limit) == expected[:limit]
        )


def test_a_cancelled_tier_adds_nothing_and_puts_the_timeout_back() -> None:
    before = _setting("statement_timeout")

    def slow() -> list[int]:
        with search_postgres.tier_settings(timeout_ms=20), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(1)")
        return [1]

    assert search_postgres.bounded("slow", slow) == []
    assert _setting("statement_timeout") == before
    assert _setting("pg_trgm.similarity_threshold") == "0.3"


def test_a_search_whose_tiers_time_out_still_answers(api_client, monkeypatch) -> None:
    wanted = ContentFactory(title="Pushpa The Rise")

    def cancelled(*args: object, **kwargs: object) -> list[int]:
        with search_postgres.tier_settings(timeout_ms=1), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2)")
        return []

    monkeypatch.setattr(search_postgres, "title_typo_matches", cancelled)
    monkeypatch.setattr(search_postgres, "full_text_matches", cancelled)

    response = api_client.get("/api/content/search", {"q": "Pushpa The Rise"})

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [wanted.pk]
