"""The site's browse grids count only as far as their cap (apps/core/paginator.py): a genre of
hundreds of thousands of titles is not counted for a page of 24, and the pager says "N+"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.catalog.models import Genre
from apps.catalog.tests.factories import ContentFactory
from apps.web.pages.browse import PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def fifty_dramas() -> list[int]:
    drama = Genre.objects.get_or_create(slug="drama", defaults={"name": "Drama"})[0]
    titles = [ContentFactory(title=f"Drama {i:02}", popularity=float(100 - i)) for i in range(50)]
    for title in titles:
        title.genres.add(drama)
    return [t.pk for t in titles]


def test_a_grid_above_the_cap_says_so_and_every_page_is_reachable(client, settings, fifty_dramas):
    settings.API_COUNT_CAP = PAGE_SIZE  # 50 dramas, counted to 25
    url = reverse("web:browse-genre", args=["drama"])

    first = client.get(url).content.decode()
    third = client.get(url, {"page": 3}).content.decode()

    assert "Page 1 of 2+" in first
    assert "Drama 00" in first
    assert "Drama 24" not in first
    assert "Drama 48" in third  # the page asked for is counted as far as itself
    assert 'rel="prev"' in third


def test_a_grid_under_the_cap_has_its_exact_page_count(client, fifty_dramas):
    body = client.get(reverse("web:browse-genre", args=["drama"])).content.decode()

    assert "Page 1 of 3<" in body
