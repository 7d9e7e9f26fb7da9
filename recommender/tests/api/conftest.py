"""A small catalogue with two taste groups and trained models, for the serving tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory
from apps.catalog.models import Content, Genre
from apps.catalog.tests.factories import ContentFactory
from recommender.serving.registry import registry
from recommender.training.runs import DEFAULT_ALGORITHMS, train


@pytest.fixture
def world(db):
    """Telugu action films (group A), English comedies (group B), and Telugu series.
    15 users like A and rate B low; 15 like B and rate A low."""
    action, comedy, romance = (Genre.objects.get(slug=s) for s in ("action", "comedy", "romance"))
    group_a = [
        ContentFactory(
            title=f"Telugu Action {i}",
            original_language="te",
            year=2010 + i,
            popularity=50 + i,
            runtime_minutes=150,
        )
        for i in range(10)
    ]
    group_b = [
        ContentFactory(
            title=f"English Comedy {i}",
            original_language="en",
            year=2000 + i,
            popularity=60 + i,
            runtime_minutes=95,
        )
        for i in range(10)
    ]
    series = [
        ContentFactory(
            title=f"Telugu Series {i}",
            kind="tv",
            original_language="te",
            popularity=40 + i,
            episodes=20,
            status="Ended",
        )
        for i in range(5)
    ]
    for c in group_a:
        c.genres.add(action)
    for c in group_b:
        c.genres.add(comedy, romance)
    for c in series:
        c.genres.add(romance)
    start = timezone.now() - timedelta(days=30)
    ratings = []
    for n in range(30):
        user = UserFactory()
        likes, dislikes = (group_a, group_b) if n < 15 else (group_b, group_a)
        for i, content in enumerate(likes):
            if (i + n) % 4:  # each user misses a few of their group's titles
                ratings.append(
                    Rating(
                        user=user,
                        content=content,
                        rating=9,
                        created_at=start + timedelta(minutes=n * 30 + i),
                    )
                )
        for content in dislikes[:2]:
            ratings.append(
                Rating(
                    user=user,
                    content=content,
                    rating=3,
                    created_at=start + timedelta(minutes=n * 30 + 20),
                )
            )
    Rating.objects.bulk_create(ratings)
    return {"a": group_a, "b": group_b, "series": series}


@pytest.fixture
def trained(world):
    registry.reset()
    train(DEFAULT_ALGORITHMS)
    yield world
    registry.reset()


def ids(response):
    assert response.status_code == 200, response.content
    return [item["content"]["id"] for item in response.json()["items"]]


def titles(response):
    assert response.status_code == 200, response.content
    return [item["content"]["title"] for item in response.json()["items"]]


__all__ = ["Content", "ids", "titles"]
