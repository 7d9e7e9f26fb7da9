"""What ott keeps about a person (their streaming services) and its part in title merges: the
duplicate's offers and offer checks move to the title kept."""

from __future__ import annotations

from typing import Any

from apps.core.personal_data import register_personal_data
from apps.core.title_merge import register_title_mover
from apps.ott.models import Availability, OfferCheck, UserPlatform


def _export_platforms(user_id: int) -> list[dict[str, Any]]:
    rows = UserPlatform.objects.filter(user_id=user_id).select_related("platform")
    return [
        {
            "platform": row.platform.slug,
            "name": row.platform.name,
            "since": row.created_at.isoformat(),
        }
        for row in rows.order_by("platform__slug")
    ]


def _erase_platforms(user_id: int) -> None:
    UserPlatform.objects.filter(user_id=user_id).delete()


def _better_offer(duplicate: Availability, kept: Availability) -> Availability:
    """Same platform, country and terms on both: a curator's row wins, then the newer one; on a
    tie the kept title's row stays."""
    duplicate_wins = (duplicate.curated, duplicate.as_of) > (kept.curated, kept.as_of)
    return kept if duplicate_wins else duplicate


def _older_check(duplicate: OfferCheck, kept: OfferCheck) -> OfferCheck:
    """Both asked the same source: keep the older date, so the merged title (now with both
    titles' offers) is refreshed first."""
    return kept if duplicate.checked_at < kept.checked_at else duplicate


def register() -> None:
    register_personal_data(
        section="streaming_services",
        models=(UserPlatform,),
        export=_export_platforms,
        erase=_erase_platforms,
    )
    register_title_mover(
        Availability,
        "content",
        unique_with=("platform_id", "country", "monetisation"),
        resolve=_better_offer,
    )
    register_title_mover(OfferCheck, "content", unique_with=("source",), resolve=_older_check)
