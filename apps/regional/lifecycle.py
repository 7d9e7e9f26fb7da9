"""Regional's part in title merges: festival pins move to the title kept."""

from __future__ import annotations

from apps.core.title_merge import keep_least, register_title_mover
from apps.regional.models import FestivalPin


def register() -> None:
    # a festival that pinned both titles keeps one pin, at the higher place (lower position)
    register_title_mover(
        FestivalPin, "content", unique_with=("festival_id",), resolve=keep_least("position")
    )
