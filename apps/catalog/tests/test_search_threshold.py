"""The key search's trigram threshold (apps/catalog/search.py) is its own: the session's is back
afterwards, so other `%` queries keep PostgreSQL's default."""

from __future__ import annotations

import pytest
from django.db import connection

from apps.catalog import search
from apps.catalog.tests.factories import ContentFactory


def _threshold() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pg_trgm.similarity_threshold')")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db
def test_fuzzy_key_search_finds_a_misspelling_and_leaves_the_threshold_as_it_was() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigram threshold is PostgreSQL's")
    wanted = ContentFactory(title="Magadheera", search_key="magadir")
    ContentFactory(title="Dangal", search_key="dangal")
    before = _threshold()
    assert search.key_fuzzy_matches("magadiira", 10) == [wanted.pk]
    assert search.key_fuzzy_matches("magadra", 10) == [wanted.pk]
    assert _threshold() == before


@pytest.mark.django_db
def test_the_typo_tier_finds_a_misspelt_title_at_its_own_threshold() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigram threshold is PostgreSQL's")
    from apps.catalog.selectors import _search_postgres

    wanted = ContentFactory(title="Last Night in Soho", normalized_title="last night in soho")
    ContentFactory(title="Night", normalized_title="night")  # 0.36 similar: below 0.45
    before = _threshold()

    assert _search_postgres("last nigt in soho", "last nigt in soho", 10) == [wanted.pk]
    assert _threshold() == before
