"""A genre list asks for the genre's id in a semi-join (selectors._in_genre): each title once,
whatever other genres it has, in the list's order; an unknown genre lists nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.catalog.models import Genre
from apps.catalog.selectors import ContentFilters, content_list
from apps.catalog.tests.factories import ContentFactory

pytestmark = pytest.mark.django_db


def _titled(slugs: list[str], **fields: object) -> int:
    content = ContentFactory(**fields)
    content.genres.set(Genre.objects.filter(slug__in=slugs))
    return int(content.pk)


def test_a_genre_lists_each_of_its_titles_once_in_popularity_order() -> None:
    both = _titled(["action", "drama"], popularity=90.0, original_language="te")
    action = _titled(["action"], popularity=95.0, original_language="hi")
    _titled(["drama"], popularity=99.0, original_language="te")
    _titled(["action"], popularity=97.0, original_language="te", hidden=True)

    listed = content_list(filters=ContentFilters(genre="action"))

    assert list(listed.values_list("id", flat=True)) == [action, both]
    assert listed.count() == 2
    in_telugu = content_list(filters=ContentFilters(genre="action", language="te"))
    assert list(in_telugu.values_list("id", flat=True)) == [both]


def test_the_genre_is_asked_by_its_id_without_a_join() -> None:
    _titled(["mecha"], popularity=1.0)
    mecha = Genre.objects.get(slug="mecha")

    with CaptureQueriesContext(connection) as queries:
        list(content_list(filters=ContentFilters(genre="mecha")).values_list("id", flat=True))

    listing = queries.captured_queries[-1]["sql"]
    assert "EXISTS" in listing
    assert f'genre_id" = {mecha.pk}' in listing
    assert 'catalog_genre"' not in listing.split("EXISTS")[0]


def test_a_genre_missing_from_the_vocabulary_lists_nothing() -> None:
    _titled(["action"])
    Genre.objects.filter(slug="western").delete()

    assert not content_list(filters=ContentFilters(genre="western")).exists()
