"""catalog's handlers in the merge registry: genre links and the review queue."""

import pytest

from apps.catalog.models import Genre, MatchReview
from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.merging import run_mover

pytestmark = pytest.mark.django_db


def test_merge_gives_the_kept_title_the_duplicates_genres_once():
    keep, dup = ContentFactory(), ContentFactory()
    drama = Genre.objects.get_or_create(slug="drama", defaults={"name": "Drama"})[0]
    action = Genre.objects.get_or_create(slug="action", defaults={"name": "Action"})[0]
    keep.genres.set([drama])
    dup.genres.set([drama, action])

    run_mover("catalog.Content_genres.content", source=dup, target=keep)

    assert set(keep.genres.values_list("slug", flat=True)) == {"drama", "action"}
    assert not dup.genres.exists()


def _review(match, key, status=MatchReview.Status.PENDING):
    return MatchReview.objects.create(
        match=match,
        source="tmdb",
        source_key=key,
        candidate={},
        score=90,
        reason="r",
        status=status,
    )


def test_merge_moves_review_queue_entries_and_one_record_waits_once():
    keep, dup = ContentFactory(), ContentFactory()
    _review(keep, "tmdb:movie:1")
    _review(dup, "tmdb:movie:1")  # the same record pending against both
    _review(keep, "tmdb:movie:2", status=MatchReview.Status.REJECTED)
    _review(dup, "tmdb:movie:2", status=MatchReview.Status.REJECTED)
    _review(dup, "tmdb:movie:3")

    run_mover("catalog.MatchReview.match", source=dup, target=keep)

    rows = sorted(MatchReview.objects.values_list("source_key", "status", "match_id"))
    assert rows == [
        ("tmdb:movie:1", "pending", keep.pk),
        ("tmdb:movie:2", "rejected", keep.pk),
        ("tmdb:movie:2", "rejected", keep.pk),
        ("tmdb:movie:3", "pending", keep.pk),
    ]
