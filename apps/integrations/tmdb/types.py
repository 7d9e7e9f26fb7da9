"""Plain shapes the TMDB client returns beside SourceTitle."""

from __future__ import annotations

from dataclasses import dataclass

# TMDB's offer types, in the order its watch pages list them.
OFFER_TYPES = ("flatrate", "free", "ads", "rent", "buy")


@dataclass(frozen=True)
class ProviderOffer:
    """One provider offering a title in one country on one kind of terms (JustWatch data).

    `link` is TMDB's watch page for that country, not a deep link into the provider: TMDB does
    not hand those out, and its terms ask that the data be attributed to JustWatch.
    """

    country: str
    monetisation: str
    provider_id: int
    provider_name: str
    logo_url: str
    display_priority: int
    link: str
