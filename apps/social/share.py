"""What a share card shows (OpenGraph / Twitter tags on the site) and the share links the API
returns. The site renders these; this module only decides the values."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.utils.text import Truncator

from apps.catalog.models import Content
from apps.social.models import UserList
from apps.social.selectors import list_contents

DESCRIPTION_CHARS = 200
# Where the site shows a public list and a title; the integrator may point these elsewhere.
LIST_PATH: str = getattr(settings, "SHARE_LIST_PATH", "/lists/{slug}")
CONTENT_PATH: str = getattr(settings, "SHARE_CONTENT_PATH", "/title/{id}")


@dataclass(frozen=True)
class ShareMeta:
    title: str
    description: str
    image: str
    url: str
    type: str  # og:type

    def links(self) -> dict[str, str]:
        text = f"{self.title} {self.url}"
        return {"copy_link": self.url, "whatsapp": f"https://wa.me/?text={quote(text)}"}

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "twitter_card": self.twitter_card, "links": self.links()}

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


def list_share_meta(*, user_list: UserList, base_url: str) -> ShareMeta:
    contents = list_contents(user_list=user_list)
    owner = user_list.owner.public_name
    names = ", ".join(c.title for c in contents[:5])
    description = user_list.description or f"{len(contents)} titles by {owner}: {names}"
    image = next((c.poster_url for c in contents if c.poster_url), "")
    return ShareMeta(
        title=f"{user_list.name} · {owner}",
        description=Truncator(description).chars(DESCRIPTION_CHARS),
        image=image,
        url=base_url.rstrip("/") + LIST_PATH.format(slug=user_list.slug),
        type="website",
    )


def content_share_meta(*, content: Content, base_url: str) -> ShareMeta:
    """Title page card: title (year), languages and overview, poster when there is one."""
    title = f"{content.title} ({content.year})" if content.year else content.title
    languages = [content.original_language, *content.spoken_languages]
    langs = ", ".join(dict.fromkeys(code for code in languages if code))
    description = " · ".join(part for part in (langs, content.overview) if part)
    return ShareMeta(
        title=title,
        description=Truncator(description).chars(DESCRIPTION_CHARS),
        image=content.poster_url or content.backdrop_url,
        url=base_url.rstrip("/") + CONTENT_PATH.format(id=content.pk),
        type="video.movie" if content.kind == "movie" else "video.tv_show",
    )
