"""What a recommendation surface answers, as objects: each item's title card (apps/catalog/
cards.py), score and reason (its code, and its text rendered in the active language), and the
facts every surface reports. The API's output serializers (recommender/api/serializers.py) and
the site's cards (apps/web/cards.py) shape them; serving writes no JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from apps.catalog.cards import TitleCard, title_cards
from apps.core.viewing import default_country
from recommender.serving.reasons import Reason, render
from recommender.serving.registry import registry
from recommender.serving.types import RecoRequest, RecoResult


@dataclass(frozen=True)
class ServedItem:
    content_id: int
    score: float
    reason: Reason
    reason_text: str  # `reason` rendered in the language the list was served in
    card: TitleCard


@dataclass(frozen=True)
class Served:
    items: tuple[ServedItem, ...]
    algorithm: str
    fallbacks: list[dict[str, str]]
    model_versions: dict[str, int]
    cached: bool = False
    experiment: dict[str, object] | None = None
    generated_at: datetime = field(default_factory=timezone.now)
    # two-stage serving's {"stage", "path", "pool"} when it ranked a candidate pool, else None
    retrieval: dict[str, str | int] | None = None


def card_country(request: RecoRequest) -> str:
    """Where the cards' where-to-watch is for: the filter's country, else where the visitor is,
    else the default."""
    return request.country or request.visitor.country or default_country()


def cards_by_id(ids: list[int], request: RecoRequest) -> dict[int, TitleCard]:
    """The title cards of `ids` (hidden ones too: serving's own filter decides those)."""
    cards = title_cards(ids, country=card_country(request), include_hidden=True)
    return {card.id: card for card in cards}


def item(card: TitleCard, score: float, reason: Reason) -> ServedItem:
    return ServedItem(card.id, score, reason, render(reason), card)


def served_result(
    result: RecoResult, request: RecoRequest, *, cached: bool, experiment: dict[str, object] | None
) -> Served:
    chosen = result.items[: request.k]
    cards = cards_by_id([i.content_id for i in chosen], request)
    return Served(
        items=tuple(
            item(cards[i.content_id], i.score, i.reason) for i in chosen if i.content_id in cards
        ),
        algorithm=result.algorithm,
        fallbacks=result.fallbacks,
        model_versions=result.model_versions,
        cached=cached,
        experiment=experiment,
        retrieval=result.retrieval,
    )


def served_items(
    items: list[ServedItem], algorithm: str, fallbacks: list[dict[str, str]]
) -> Served:
    """For surfaces that build their items directly (similar titles, trending)."""
    return Served(
        items=tuple(items),
        algorithm=algorithm,
        fallbacks=fallbacks,
        model_versions=dict(registry.active_versions()),
    )
