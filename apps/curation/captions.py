"""Telegram posts for a title or a collection, as HTML within the Bot API's length limits."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from apps.catalog.cards import title_cards
from apps.catalog.models import Content
from apps.curation.models import Collection
from apps.integrations.telegram.formatting import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    Segment,
    fit,
)

WATCH_REGION = "IN"


def content_url(content: Content) -> str:
    return settings.SITE_URL.rstrip("/") + settings.SITE_CONTENT_PATH.format(id=content.pk)


def collection_url(collection: Collection) -> str:
    return settings.SITE_URL.rstrip("/") + settings.SITE_COLLECTION_PATH.format(
        slug=collection.slug
    )


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name"])
    except KeyError:
        return code


def where_to_watch(content: Content, region: str = WATCH_REGION) -> str:
    """Where the title streams in the region, as the title cards say it ("JioHotstar in 2023,
    free on YouTube"): a past catalogue is dated, never presented as current."""
    cards = title_cards([content.pk], country=region, include_hidden=True)
    summary = cards[0].where_to_watch if cards else None
    return str(summary["text"]) if summary else ""


def _titles(content: Content) -> list[Segment]:
    names = [content.title]
    for name in [content.original_title, *(content.titles or {}).values()]:
        if name and name not in names:
            names.append(name)
    out = [Segment(names[0], bold=True)]
    if len(names) > 1:
        out.append(Segment(" (" + " / ".join(names[1:4]) + ")"))
    return out


def _facts(content: Content) -> list[str]:
    facts = []
    if content.year:
        facts.append(str(content.year))
    langs = [content.original_language, *(content.spoken_languages or [])]
    seen = list(dict.fromkeys(code for code in langs if code))
    if seen:
        facts.append(", ".join(language_name(code) for code in seen[:3]))
    if content.rating is not None:
        facts.append(f"★ {content.rating:.1f}/10")
    return facts


def content_post(content: Content) -> tuple[str, str | None]:
    """(HTML, photo URL or None): a photo caption (1024) with a poster, else a message (4096)."""
    head = [*_titles(content), Segment("\n")]
    facts = _facts(content)
    if facts:
        head += [Segment(" · ".join(facts)), Segment("\n")]
    genres = [genre.name for genre in content.genres.all()]
    if genres:
        head += [Segment(_("Genres: ") + ", ".join(genres)), Segment("\n")]
    platforms = where_to_watch(content)
    if platforms:
        head += [Segment(_("Where to watch: ") + platforms), Segment("\n")]
    body = [Segment("\n" + content.overview, italic=True)] if content.overview else []
    tail = [Segment("\n\n")]
    if content.trailer_youtube_id:
        trailer = f"https://www.youtube.com/watch?v={content.trailer_youtube_id}"
        tail += [Segment("▶ " + _("Trailer"), link=trailer), Segment(" · ")]
    tail.append(Segment(_("More on CineRec"), link=content_url(content)))
    photo = content.poster_url or None
    return fit(head, body, tail, CAPTION_LIMIT if photo else MESSAGE_LIMIT), photo


def collection_post(collection: Collection) -> str:
    """A message listing the collection's titles (each linked), within 4096 characters."""
    head = [Segment(collection.title, bold=True), Segment("\n")]
    body: list[Segment] = []
    if collection.description:
        body += [Segment(collection.description, italic=True), Segment("\n")]
    for number, item in enumerate(collection.items.select_related("content"), start=1):
        content = item.content
        if content.hidden:
            continue
        label = f"{content.title} ({content.year})" if content.year else content.title
        body += [Segment(f"\n{number}. "), Segment(label, link=content_url(content))]
    tail = [Segment("\n\n"), Segment(_("Open the collection"), link=collection_url(collection))]
    return fit(head, body, tail, MESSAGE_LIMIT)
