"""Synonyms a source lists (Jikan's title_synonyms) are searched, never matched on: seasons of
one show often share one, and must stay separate titles."""

from datetime import date

import pytest

from apps.catalog.selectors import ContentFilters, content_search
from apps.catalog.services import TitleCandidate, content_ingest

pytestmark = pytest.mark.django_db


def _anime(mal_id: int, title: str, year: int, synonyms: list[str]) -> TitleCandidate:
    return TitleCandidate(
        source="jikan",
        source_key=f"jikan:{mal_id}",
        kind="anime",
        title=title,
        values={
            "mal_id": mal_id,
            "year": year,
            "release_date": date(year, 4, 1),
            "original_language": "ja",
            "synonyms": synonyms,
        },
    )


def test_a_synonym_finds_the_title_in_search():
    sao = content_ingest(_anime(11757, "Sword Art Online", 2012, ["S.A.O", "SAO"])).content
    assert sao is not None

    assert sao.synonyms == ["S.A.O", "SAO"]
    assert content_search(query="SAO", filters=ContentFilters())[:1] == [sao.pk]


def test_two_seasons_sharing_a_synonym_stay_two_titles():
    first = content_ingest(_anime(918, "Gintama", 2006, ["Silver Soul"])).content
    second = content_ingest(_anime(9969, "Silver Soul", 2006, [])).content

    assert first is not None
    assert second is not None
    assert first.pk != second.pk  # "Silver Soul" is the first's synonym, not one of its titles
    found = content_search(query="Silver Soul", filters=ContentFilters())
    assert set(found[:2]) == {first.pk, second.pk}  # search finds both
