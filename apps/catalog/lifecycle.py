"""The catalogue's part in merges (its review queue and genre links move to the title kept) and
the one shape every export gives a title."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from apps.catalog.models import Content, MatchReview
from apps.core.title_merge import register_title_mover, repoint


def exported_title(content: Content) -> dict[str, Any]:
    """How an export names a title: our id and the ids other sites know it by."""
    return {
        "content_id": content.pk,
        "title": content.title,
        "year": content.year,
        "kind": content.kind,
        "imdb_id": content.imdb_id,
        "mal_id": content.mal_id,
    }


def _drop_duplicate(duplicate: Model, kept: Model) -> None:
    duplicate.delete()


def _move_genres(source_id: int, target_id: int) -> None:
    """The kept title gains the duplicate's genres (a genre both have is linked once)."""
    through = Content.genres.through
    repoint(
        through,
        "content",
        source_id=source_id,
        target_id=target_id,
        unique_with=("genre_id",),
        resolve=_drop_duplicate,
    )


def _move_match_reviews(source_id: int, target_id: int) -> None:
    repoint(MatchReview, "match", source_id=source_id, target_id=target_id)


def register() -> None:
    register_title_mover(Content.genres.through, "content", _move_genres)
    register_title_mover(MatchReview, "match", _move_match_reviews)
