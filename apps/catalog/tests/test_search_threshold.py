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
