"""What the apps above the catalogue do with a title just ingested from a provider.

The catalogue merges a provider's payload into `Content`; other apps keep more of that payload
(ott stores the where-to-watch offers TMDB details carry). They sit above the catalogue, so it
cannot call them: each registers a handler at `AppConfig.ready()`, and
`apps.catalog.services.ingestion.ingest_titles` calls every handler after each title's merge,
as it called ott before (docs/architecture.md, "Layers between the apps")."""

from __future__ import annotations

from typing import Protocol

from apps.catalog.models import Content
from apps.integrations.types import SourceTitle


class TitleIngested(Protocol):
    def __call__(self, *, content: Content, title: SourceTitle) -> object: ...


_handlers: dict[str, TitleIngested] = {}


def after_ingest_register(name: str, handler: TitleIngested) -> None:
    """`name` keeps a second registration of the same handler (a re-run `ready()`) from running twice."""
    _handlers[name] = handler


def after_ingest(*, content: Content, title: SourceTitle) -> None:
    """Run every registered handler, in name order; a handler's error propagates to the caller."""
    for _, handler in sorted(_handlers.items()):
        handler(content=content, title=title)
