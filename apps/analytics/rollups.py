"""Daily rollups from the interaction log, ratings, search history, sign-ups and experiment
events (those from the recommender's source, apps/analytics/rollup_sources.py). Recomputing a range replaces its rows in one transaction, so the beat task and a
backfill can run any number of times."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models.functions import TruncDate

from apps.accounts.models import Rating, User
from apps.analytics.models import (
    DailyMetric,
    Interaction,
    InteractionKind,
    RecommendationDaily,
    SearchQuery,
    TitleDaily,
)
from apps.analytics.rollup_sources import recommendation_rows
from apps.core.vocabulary import state_lookup

Metric = DailyMetric.Metric


@functools.lru_cache(maxsize=1024)
def state_code(region: str | None) -> str:
    """A profile's region as an ISO 3166-2:IN code ("" when unknown or outside India).

    From the shared vocabulary (analytics sits below curation); cached, as the rollup asks it
    once per rating and profiles repeat a few region spellings."""
    state = state_lookup(region.strip()) if region else None
    return state.code if state is not None else ""


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time.min, tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
    )


@dataclass
class _Tally:
    counts: Counter[tuple[date, str, str, str]] = field(default_factory=Counter)
    users: dict[tuple[date, str, str], set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, day: date, metric: str, language: str, state: str, n: int = 1) -> None:
        for lang, st in {("", ""), (language, ""), ("", state)}:
            if (lang, st) == ("", "") or lang or st:
                self.counts[(day, metric, lang, st)] += n

    def active(self, day: date, user: int, language: str, state: str) -> None:
        for lang, st in {("", ""), (language, ""), ("", state)}:
            if (lang, st) == ("", "") or lang or st:
                self.users[(day, lang, st)].add(user)

    def rows(self) -> list[DailyMetric]:
        out = [
            DailyMetric(day=d, metric=m, language=lang, state=st, value=v)
            for (d, m, lang, st), v in self.counts.items()
        ]
        out += [
            DailyMetric(day=d, metric=Metric.ACTIVE_USERS, language=lang, state=st, value=len(u))
            for (d, lang, st), u in self.users.items()
        ]
        return out


def _primary(languages: Any) -> str:
    return str(languages[0]) if isinstance(languages, list) and languages else ""


def _activity(start: datetime, end: datetime) -> tuple[_Tally, dict[tuple[date, int], list[int]]]:
    tally = _Tally()
    titles: dict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    events = Interaction.objects.filter(created_at__gte=start, created_at__lt=end).annotate(
        day=TruncDate("created_at")
    )
    for day, user, content, kind, lang, region in events.values_list(
        "day", "user_id", "content_id", "kind", "content__original_language", "user__region"
    ).iterator(chunk_size=5000):
        state = state_code(region)
        if user is not None:
            tally.active(day, user, "", state)
        if kind == InteractionKind.WATCHLIST_ADD:
            tally.add(day, Metric.WATCHLIST_ADDS, lang or "", state)
        if content is not None and kind in (InteractionKind.VIEW, InteractionKind.CLICK):
            titles[(day, content)][0 if kind == InteractionKind.VIEW else 1] += 1
        if content is not None and kind == InteractionKind.WATCHLIST_ADD:
            titles[(day, content)][2] += 1
    ratings = Rating.objects.filter(updated_at__gte=start, updated_at__lt=end).annotate(
        day=TruncDate("updated_at")
    )
    for day, user, content, score, lang, region in ratings.values_list(
        "day", "user_id", "content_id", "rating", "content__original_language", "user__region"
    ).iterator(chunk_size=5000):
        state = state_code(region)
        tally.active(day, user, "", state)
        tally.add(day, Metric.RATINGS, lang or "", state)
        titles[(day, content)][3] += 1
        titles[(day, content)][4] += score
    return tally, titles


def _searches_and_signups(tally: _Tally, start: datetime, end: datetime) -> None:
    searches = SearchQuery.objects.filter(created_at__gte=start, created_at__lt=end).annotate(
        day=TruncDate("created_at")
    )
    for day, filters, results, region, langs in searches.values_list(
        "day", "filters", "result_count", "user__region", "user__preferred_languages"
    ).iterator(chunk_size=5000):
        lang = (filters or {}).get("language") or _primary(langs)
        state = state_code(region)
        tally.add(day, Metric.SEARCHES, lang, state)
        if results == 0:
            tally.add(day, Metric.ZERO_RESULT_SEARCHES, lang, state)
    joined = User.objects.filter(date_joined__gte=start, date_joined__lt=end).annotate(
        day=TruncDate("date_joined")
    )
    for day, region, langs in joined.values_list("day", "region", "preferred_languages"):
        tally.add(day, Metric.NEW_USERS, _primary(langs), state_code(region))


def rollup_range(*, start: date, end: date) -> dict[str, int]:
    """Recompute every rollup for the days start..end (inclusive); returns the rows written."""
    low, high = _bounds(start, end)
    tally, titles = _activity(low, high)
    _searches_and_signups(tally, low, high)
    metrics = tally.rows()
    per_title = [
        TitleDaily(
            day=d,
            content_id=c,
            views=v[0],
            clicks=v[1],
            watchlist_adds=v[2],
            ratings=v[3],
            rating_sum=v[4],
        )
        for (d, c), v in titles.items()
    ]
    recs = recommendation_rows(low, high)
    with transaction.atomic():
        for model in (DailyMetric, TitleDaily, RecommendationDaily):
            model.objects.filter(day__gte=start, day__lte=end).delete()
        DailyMetric.objects.bulk_create(metrics, batch_size=2000)
        TitleDaily.objects.bulk_create(per_title, batch_size=2000)
        RecommendationDaily.objects.bulk_create(recs, batch_size=2000)
    return {"metrics": len(metrics), "titles": len(per_title), "recommendations": len(recs)}
