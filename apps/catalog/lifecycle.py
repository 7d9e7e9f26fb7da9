"""The catalogue's part in merges (its review queue and genre links move to the title kept) and
the one shape every export gives a title."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from apps.catalog.models import Content, MatchReview
from apps.core.title_merge import register_title_mover


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


def _drop_duplicate(duplicate: Model, kept: Model) -> Model:
    return duplicate


def _one_pending_review(duplicate: MatchReview, kept: MatchReview) -> MatchReview | None:
    """The same incoming record waiting against both titles now waits once."""
    return duplicate if duplicate.status == MatchReview.Status.PENDING else None


def register() -> None:
    # the kept title gains the duplicate's genres; a genre both have is linked once
    register_title_mover(
        Content.genres.through, "content", unique_with=("genre_id",), resolve=_drop_duplicate
    )
    register_title_mover(
        MatchReview, "match", unique_with=("source_key", "status"), resolve=_one_pending_review
    )
