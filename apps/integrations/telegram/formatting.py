"""Telegram HTML built from segments, so escaping and truncation can never break a tag.

Telegram counts a caption's (1024) or message's (4096) length after entity parsing: only the
visible text counts, in UTF-16 code units (https://core.telegram.org/bots/api#sendphoto,
https://core.telegram.org/api/entities#entity-length). Every value is escaped here and nowhere
else; truncation shortens the visible text of whole segments, then the tags are rendered.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, replace

CAPTION_LIMIT = 1024
MESSAGE_LIMIT = 4096
ELLIPSIS = "…"


@dataclass(frozen=True)
class Segment:
    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_length(segments: Sequence[Segment]) -> int:
    return sum(utf16_length(s.text) for s in segments)


def render(segments: Sequence[Segment]) -> str:
    """HTML for the parse_mode=HTML subset: <b>, <i>, <a href>; every value escaped."""
    out = []
    for seg in segments:
        piece = html.escape(seg.text, quote=False)
        if seg.bold:
            piece = f"<b>{piece}</b>"
        if seg.italic:
            piece = f"<i>{piece}</i>"
        if seg.link:
            piece = f'<a href="{html.escape(seg.link, quote=True)}">{piece}</a>'
        out.append(piece)
    return "".join(out)


def _cut(text: str, units: int) -> str:
    """The longest prefix of text within `units` UTF-16 units, ending with an ellipsis."""
    if units <= 0:
        return ""
    if utf16_length(text) <= units:
        return text
    budget = units - 1  # the ellipsis is one unit
    kept: list[str] = []
    used = 0
    for char in text:
        size = utf16_length(char)
        if used + size > budget:
            break
        kept.append(char)
        used += size
    return "".join(kept).rstrip() + ELLIPSIS


def truncate(segments: Sequence[Segment], limit: int) -> list[Segment]:
    """Segments whose visible text fits in limit: the crossing segment is cut, the rest dropped."""
    out: list[Segment] = []
    used = 0
    for seg in segments:
        size = utf16_length(seg.text)
        if used + size <= limit:
            out.append(seg)
            used += size
            continue
        cut = _cut(seg.text, limit - used)
        if cut:
            out.append(replace(seg, text=cut))
        break
    return out


def fit(
    head: Sequence[Segment], body: Sequence[Segment], tail: Sequence[Segment], limit: int
) -> str:
    """Render head + body + tail within limit, shortening the body first (the links in the tail
    and the title in the head survive a long overview)."""
    room = limit - visible_length(head) - visible_length(tail)
    if room >= 0:
        return render([*head, *truncate(body, room), *tail])
    return render(truncate([*head, *tail], limit))
