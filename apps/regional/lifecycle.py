"""Regional's part in title merges: festival pins move to the title kept."""

from __future__ import annotations

from apps.core.title_merge import keep_least, register_title_mover, repoint
from apps.regional.models import FestivalPin


def _move_pins(source_id: int, target_id: int) -> None:
    """A festival that pinned both titles keeps one pin, at the higher place (lower position)."""
    repoint(
        FestivalPin,
        "content",
        source_id=source_id,
        target_id=target_id,
        unique_with=("festival_id",),
        resolve=keep_least("position"),
    )


def register() -> None:
    register_title_mover(FestivalPin, "content", _move_pins)
