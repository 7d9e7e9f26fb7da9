"""What serving is asked (RecoRequest) and what it answers (RecoResult), as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field

from recommender.serving.reasons import Reason
from recommender.serving.rerank import Context
from recommender.serving.visitor import Visitor


@dataclass(frozen=True)
class RecoRequest:
    k: int = 20
    kinds: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    genres: list[str] = field(default_factory=list)
    exclude_seen: bool = True
    diversity: float = 0.0
    mood: str | None = None
    context: Context = field(default_factory=Context)
    algorithm: str | None = None  # force a starting point (experiments)
    # where to watch: only titles on these platforms in `country`, or free there; None = any
    platforms: tuple[str, ...] | None = None
    country: str = ""
    visitor: Visitor = field(default_factory=Visitor)


@dataclass
class RecoItem:
    content_id: int
    score: float
    reason: Reason


@dataclass
class RecoResult:
    items: list[RecoItem]
    algorithm: str
    fallbacks: list[dict[str, str]]
    model_versions: dict[str, int]
    # two-stage serving: {"stage": "two-stage", "path": "ann"|"exact", "pool": n}; else None
    retrieval: dict[str, str | int] | None = None
