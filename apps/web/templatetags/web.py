from django import template

from apps.web.cards import Card
from apps.web.labels import genre_label, kind_label, language_label

register = template.Library()

register.filter("language_label", language_label)
register.filter("genre_label", genre_label)
register.filter("kind_label", kind_label)


@register.filter
def justwatch_credit(cards: list[Card]) -> bool:
    """Whether any card's where-to-watch line comes from TMDB (JustWatch's data: credit it)."""
    return any(card.justwatch for card in cards)
