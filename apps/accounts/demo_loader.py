"""The accounts' part of the demo: MovieLens and MyAnimeList users with their real ratings
(apps/catalog/demo/README.md), and `load_demo`, which loads the catalogue's titles and these
ratings in order, in one transaction. Accounts sits above the catalogue, so it runs the
catalogue's loaders and never the reverse; ott's offers are loaded after it by the `load_demo`
command (apps/web/management/commands/load_demo.py). Idempotent: users and ratings are keyed
and inserted with ignore_conflicts, so a second run creates nothing."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Avg, Count

from apps.accounts.models import Rating, User
from apps.catalog.demo_loader import (
    BATCH,
    DEMO_DIR,
    DEMO_EMAIL_DOMAIN,
    DemoStats,
    demo_rating_and_popularity,
    load_anime_titles,
    load_indian_films,
    load_movielens_titles,
    load_tv_series,
    movielens_dir,
)
from apps.catalog.models import Content
from apps.core.bulk import batches, db_datetime, insert_ignore

logger = logging.getLogger(__name__)
ANIME_RATED_AT = datetime(
    2016, 12, 21, tzinfo=UTC
)  # the data set has no dates: its publication day


def _demo_users(prefix: str, raw_ids: Iterable[int], **profile: Any) -> dict[int, int]:
    password = make_password(None)  # unusable: demo users never log in
    users = [
        User(
            email=f"{prefix}{uid}@{DEMO_EMAIL_DOMAIN}",
            username=f"{prefix}{uid}",
            password=password,
            **profile,
        )
        for uid in raw_ids
    ]
    for chunk in batches(users, BATCH):
        User.objects.bulk_create(chunk, ignore_conflicts=True)
    found = User.objects.filter(
        email__endswith=f"@{DEMO_EMAIL_DOMAIN}", username__startswith=prefix
    )
    return {int(u[len(prefix) :]): pk for u, pk in found.values_list("username", "id")}


RATING_COLUMNS = (
    "user_id",
    "content_id",
    "rating",
    "review",
    "review_is_public",
    "created_at",
    "updated_at",
)


def _bulk_ratings(rows: Iterable[tuple[int, int, int, Any]]) -> None:
    """(user id, content id, rating, rated at in database form) rows; existing pairs are kept."""
    insert_ignore(
        Rating,
        RATING_COLUMNS,
        ((user, content, rating, "", True, at, at) for user, content, rating, at in rows),
    )


def load_movielens_ratings(path: Path, titles: dict[int | str, int]) -> None:
    frame = pd.read_csv(path / "ml-100k.inter", sep="\t")
    frame.columns = ["user", "item", "rating", "timestamp"]
    users = _demo_users(
        "ml",
        sorted(frame["user"].unique()),
        preferred_languages=["en"],
        country="US",
        location_source="user",
        onboarding_completed=True,
    )
    stamps = pd.to_datetime(frame["timestamp"], unit="s", utc=True)
    _bulk_ratings(
        (users[u], titles[i], int(r) * 2, db_datetime(t.to_pydatetime()))
        for u, i, r, t in zip(frame["user"], frame["item"], frame["rating"], stamps, strict=True)
        if i in titles
    )
    _movielens_rating_and_popularity(list(titles.values()))


def _movielens_rating_and_popularity(content_ids: list[int]) -> None:
    votes = (
        Rating.objects.filter(content_id__in=content_ids)
        .values("content_id")
        .annotate(n=Count("id"), avg=Avg("rating"))
    )
    demo_rating_and_popularity((v["content_id"], v["n"], v["avg"]) for v in votes)


def load_anime_ratings(titles: dict[int | str, int]) -> None:
    frame = pd.read_csv(DEMO_DIR / "anime_ratings.csv.gz")
    users = _demo_users(
        "mal",
        sorted(frame["user_id"].unique()),
        preferred_content_types=["anime"],
        onboarding_completed=True,
    )
    rated_at = db_datetime(ANIME_RATED_AT)
    _bulk_ratings(
        (users[u], titles[a], int(r), rated_at)
        for u, a, r in zip(frame["user_id"], frame["anime_id"], frame["rating"], strict=True)
        if a in titles and 1 <= r <= 10
    )


def load_demo(progress: Callable[[str], None] | None = None) -> DemoStats:
    """Everything, in order; safe to run again."""
    say = progress or (lambda _step: None)
    started = time.perf_counter()
    before = (Content.objects.count(), User.objects.count(), Rating.objects.count())
    stats = DemoStats()
    with transaction.atomic():
        ml = movielens_dir()
        if ml is None:
            logger.warning("MovieLens 100K not found (install requirements/demo.txt); skipping it")
        else:
            say("MovieLens titles")
            ml_titles = load_movielens_titles(ml)
            say("MovieLens ratings")
            load_movielens_ratings(ml, ml_titles)
        say("anime titles")
        anime = load_anime_titles()
        say("Indian films")
        load_indian_films()
        say("TV series (merged against the catalogue)")
        load_tv_series(stats)
        say("anime ratings")
        load_anime_ratings(anime)
    after = (Content.objects.count(), User.objects.count(), Rating.objects.count())
    stats.titles, stats.users, stats.ratings = (a - b for a, b in zip(after, before, strict=True))
    stats.seconds = time.perf_counter() - started
    return stats
