import pytest

from apps.catalog.tests.factories import ContentFactory
from apps.portability.matching import Matcher
from apps.portability.parsers import ImportRow

pytestmark = pytest.mark.django_db


def match(**fields):
    row = ImportRow(line=2, **fields)
    return Matcher([row]).content_id(row)


def test_ids_first_then_exact_title_then_close_title_same_year():
    by_id = ContentFactory(title="Something Else", imdb_id="tt0111161", year=1994)
    exact = ContentFactory(title="Magadheera", year=2009)
    close = ContentFactory(title="Kumbalangi Nights", year=2019)
    assert (
        match(title="The Shawshank Redemption", year=1994, kind="movie", imdb_id="tt0111161")
        == by_id.pk
    )
    assert match(title="MAGADHEERA", year=2009, kind="movie") == exact.pk
    assert match(title="Kumbalangi Nigths", year=2019, kind="movie") == close.pk


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Magadheera", "year": 2010, "kind": "movie"},  # a year off
        {"title": "Magadheera", "year": None, "kind": "movie"},  # year unknown
        {"title": "Magadheera", "year": 2009, "kind": "tv"},  # another kind
        {"title": "Magadheera", "year": 2009, "kind": "movie", "imdb_id": "tt9999999"},  # id clash
        {"title": "Baahubali", "year": 2015, "kind": "movie"},  # two records: ambiguous
        {"title": "Magadheera Returns", "year": 2009, "kind": "movie"},  # a different title
    ],
)
def test_anything_uncertain_stays_unmatched(fields):
    ContentFactory(title="Magadheera", year=2009, imdb_id="tt1447500")
    ContentFactory(title="Baahubali", year=2015)
    ContentFactory(title="Baahubali", year=2015)
    assert match(**fields) is None
