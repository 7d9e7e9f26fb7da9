"""analytics' handlers in the two registries: search history and the log on deletion, daily
title rollups on merge."""

from datetime import date

import pytest

from apps.accounts.tests.factories import UserFactory
from apps.analytics import lifecycle
from apps.analytics.models import Interaction, SearchQuery, TitleDaily
from apps.analytics.services import search_record
from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.merging import run_mover

pytestmark = pytest.mark.django_db


def test_search_history_is_exported_then_its_text_erased_and_the_count_kept():
    user, other = UserFactory(), UserFactory()
    search_record(user=user, query="jersey nani", filters={"language": "te"}, result_count=3)
    search_record(user=other, query="rrr", filters={}, result_count=1)

    exported = lifecycle._export_searches(user.pk)
    assert [(s["query"], s["filters"], s["results"]) for s in exported] == [
        ("jersey nani", {"language": "te"}, 3)
    ]

    lifecycle._anonymise_searches(user.pk)
    lifecycle._anonymise_activity(user.pk)

    assert SearchQuery.objects.count() == 2  # the day's search count is unchanged
    assert not SearchQuery.objects.filter(query__icontains="jersey").exists()
    assert not SearchQuery.objects.filter(user=user).exists()
    assert SearchQuery.objects.get(user=other).query == "rrr"
    search_events = Interaction.objects.filter(kind="search", user__isnull=True)
    assert [event.context for event in search_events] == [{}]


def test_merge_adds_up_the_daily_rollups_of_a_day_both_titles_have():
    keep, dup = ContentFactory(), ContentFactory()
    shared, only_dup = date(2026, 11, 1), date(2026, 11, 2)
    TitleDaily.objects.create(day=shared, content=keep, views=5, ratings=1, rating_sum=8)
    TitleDaily.objects.create(day=shared, content=dup, views=2, ratings=2, rating_sum=13)
    TitleDaily.objects.create(day=only_dup, content=dup, clicks=4)

    run_mover("analytics.TitleDaily.content", source=dup, target=keep)

    rows = {
        row.day: (row.views, row.clicks, row.ratings, row.rating_sum)
        for row in TitleDaily.objects.filter(content=keep)
    }
    assert rows == {shared: (7, 0, 3, 21), only_dup: (0, 4, 0, 0)}
    assert not TitleDaily.objects.filter(content=dup).exists()
