"""manage.py generate_synthetic_catalogue: only into a scratch PostgreSQL database, every row
labelled SYNTHETIC, the indexes it drops for the load all back, search finds its titles."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.accounts.tests.factories import UserFactory
from apps.catalog.models import Content
from apps.catalog.selectors import ContentFilters, content_search
from apps.catalog.tests.factories import ContentFactory
from apps.ott.models import Availability

COMMAND = ("generate_synthetic_catalogue", "--titles", "400", "--chunk", "150", "--seed", "5")


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN "
            "('catalog_content', 'catalog_content_genres', 'ott_availability')"
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_refuses_a_database_with_real_users() -> None:
    UserFactory()
    with pytest.raises(CommandError, match="real users"):
        call_command(*COMMAND)
    assert Content.objects.count() == 0


@pytest.mark.django_db
def test_refuses_a_database_with_real_titles() -> None:
    ContentFactory()
    with pytest.raises(CommandError, match="real titles"):
        call_command(*COMMAND)
    assert Content.objects.count() == 1


@pytest.mark.django_db
def test_refuses_anything_but_postgresql() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("the refusal is for other databases")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command(*COMMAND)


@pytest.mark.django_db
def test_load_labels_every_row_and_keeps_every_index() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("COPY needs PostgreSQL (DATABASE_URL=postgres://...)")
    before = _indexes()
    call_command(*COMMAND)
    assert _indexes() == before  # dropped for the load, rebuilt with their own definitions
    rows = list(Content.objects.values_list("provenance", "overview"))
    assert len(rows) == 400
    assert all(p == {"synthetic": True} and o.startswith("SYNTHETIC ") for p, o in rows)
    assert Content.genres.through.objects.filter(content__in=Content.objects.all()).count() >= 400
    offers = list(Availability.objects.values_list("source", flat=True))
    assert 40 < len(offers) < 1_200
    assert set(offers) == {"synthetic"}
    telugu = Content.objects.filter(original_language="te", hidden=False, is_adult=False).first()
    assert telugu is not None
    found = content_search(query=telugu.original_title, filters=ContentFilters())
    assert telugu.pk in found
    with pytest.raises(CommandError, match="already holds a SYNTHETIC"):
        call_command(*COMMAND)
