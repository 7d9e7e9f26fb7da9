"""Deduplication and merging: one Content per title, whatever sources it arrives from.

Matching, in order:
1. external ids (TMDB type+id, IMDb, MAL, MovieLens, TVmaze) -> that record;
2. normalised title (or original title) + kind, scored with rapidfuzz token_sort_ratio against
   records of the same kind released within a year (or with an unknown year): >= AUTO_MERGE with
   the same known year merges; otherwise >= REVIEW goes to the curators' review queue (one-year
   gap, unknown year, near-identical title) and creates nothing;
3. otherwise a new record.

Merging: a field takes the incoming value when it is non-empty and the source's priority for
that field is at least that of the source which gave the current value (docs/catalog.md).
Nothing is written when nothing changes, so ingesting the same payload twice is a no-op.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from rapidfuzz import fuzz

from apps.catalog.genres import genre_slugs
from apps.catalog.models import Content, Genre, MatchReview
from apps.catalog.phonetic import keys_of, phonetic_key, search_keys
from apps.catalog.text import normalize_title
from apps.integrations.types import SourceTitle

logger = logging.getLogger(__name__)

AUTO_MERGE = 93.0
REVIEW = 85.0

# Higher wins. Per-field overrides below; every other field uses the default order.
DEFAULT_PRIORITY = {
    "curator": 100,
    "tmdb": 50,
    "jikan": 45,
    "omdb": 40,
    "youtube": 30,
    "tvmaze": 25,
    "movielens": 20,
    "mal_dataset": 20,
    "imdb_dataset": 20,
}
FIELD_PRIORITY: dict[str, dict[str, int]] = {
    "imdb_rating": {"omdb": 60, "imdb_dataset": 30},
    "imdb_votes": {"omdb": 60, "imdb_dataset": 30},
    "mal_score": {"jikan": 60, "mal_dataset": 30},
    "mal_scored_by": {"jikan": 60, "mal_dataset": 30},
    "episodes": {"jikan": 60},
    "trailer_youtube_id": {"youtube": 60},
}
MERGE_FIELDS = (
    "title",
    "original_title",
    "original_language",
    "spoken_languages",
    "overview",
    "keywords",
    "release_date",
    "year",
    "runtime_minutes",
    "episodes",
    "seasons",
    "status",
    "countries",
    "certification",
    "poster_url",
    "backdrop_url",
    "trailer_youtube_id",
    "free_youtube_id",
    "tmdb_type",
    "tmdb_id",
    "imdb_id",
    "mal_id",
    "movielens_id",
    "tvmaze_rank",
    "tmdb_vote_average",
    "tmdb_vote_count",
    "imdb_rating",
    "imdb_votes",
    "rotten_tomatoes",
    "metacritic",
    "mal_score",
    "mal_scored_by",
    "is_adult",
    "popularity",
    "synonyms",
)  # where to watch lives in apps/ott (Availability rows), not on the merged record
ID_FIELDS = ("imdb_id", "mal_id", "movielens_id", "tvmaze_rank")
# Lists that sources add to rather than replace: a title listed under Telugu by one source (it is
# available in, or speaks, Telugu) stays so when TMDB gives its own spoken languages.
UNION_FIELDS = ("spoken_languages",)


# One shape for every source: what the provider clients return is what merging takes.
TitleCandidate = SourceTitle


@dataclass(frozen=True)
class IngestResult:
    action: str  # created | updated | unchanged | queued
    content: Content | None
    changed: tuple[str, ...] = ()


def _priority(source: str, name: str) -> int:
    return FIELD_PRIORITY.get(name, {}).get(source, DEFAULT_PRIORITY.get(source, 10))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def match_by_ids(candidate: TitleCandidate) -> Content | None:
    query = Q()
    if candidate.get("tmdb_id"):
        query |= Q(tmdb_type=candidate.get("tmdb_type"), tmdb_id=candidate.get("tmdb_id"))
    for name in ID_FIELDS:
        if not _empty(candidate.get(name)):
            query |= Q(**{name: candidate.get(name)})
    if not query:
        return None
    return Content.objects.filter(query).order_by("id").first()


def match_by_title(candidate: TitleCandidate) -> tuple[Content | None, float, int | None]:
    """Best same-kind record within a year by title similarity: (record, score, year gap)."""
    year = candidate.get("year")
    names = {
        normalize_title(candidate.title),
        normalize_title(candidate.get("original_title") or ""),
    } - {""}
    if not names:
        return None, 0.0, None
    qs = Content.objects.filter(kind=candidate.kind)
    if year:  # a record with an unknown year may still be the same title: scored, then reviewed
        qs = qs.filter(Q(year__range=(year - 1, year + 1)) | Q(year__isnull=True))
    by_form = match_by_title_forms(candidate, qs)
    if by_form[0] is not None:
        return by_form
    prefixes = Q()
    for name in names:
        prefixes |= Q(normalized_title__startswith=name[:3])
    best: tuple[Content | None, float, int | None] = (None, 0.0, None)
    for content in qs.filter(prefixes).only(
        "id", "title", "original_title", "normalized_title", "year"
    )[:200]:
        theirs = {content.normalized_title, normalize_title(content.original_title)} - {""}
        score = max(fuzz.token_sort_ratio(a, b) for a in names for b in theirs)
        gap = abs(content.year - year) if year and content.year else None
        if score > best[1]:
            best = (content, float(score), gap)
    return best


def match_by_title_forms(
    candidate: TitleCandidate, qs: QuerySet[Content]
) -> tuple[Content | None, float, int | None]:
    """A record one of whose forms (title, original, localised, aliases) has the phonetic key of
    one of the candidate's: a sure title match (100); the caller still weighs the year gap."""
    _, others = search_keys(
        candidate.title, candidate.get("original_title") or "", candidate.titles
    )
    keys = {phonetic_key(candidate.title), *others.split()} - {""}
    if not keys:
        return None, 0.0, None
    same = Q(search_key__in=keys)
    for key in keys:
        same |= Q(alias_keys__contains=f" {key} ")
    year = candidate.get("year")
    best: tuple[Content | None, float, int | None] = (None, 0.0, None)
    for content in qs.filter(same).only("id", "year").order_by("id")[:20]:
        gap = abs(content.year - year) if year and content.year else None
        if best[0] is None or (gap is not None and (best[2] is None or gap < best[2])):
            best = (content, 100.0, gap)
    return best


def _union(current: list[Any], incoming: Any) -> list[Any]:
    return [*current, *(v for v in incoming if v not in current)]


def _apply(content: Content, candidate: TitleCandidate, *, creating: bool) -> list[str]:
    """Set fields the candidate may overwrite; returns the names that changed."""
    now = timezone.now().isoformat()
    provenance = dict(content.provenance)
    changed = []
    values = {"title": candidate.title, **candidate.values}
    for name in MERGE_FIELDS:
        value = values.get(name)
        if _empty(value) or getattr(content, name) == value:
            continue
        current = provenance.get(name, {}).get("source")
        if (
            not creating
            and current
            and _priority(candidate.source, name) < _priority(current, name)
        ):
            continue
        if name in UNION_FIELDS and not creating:
            value = _union(getattr(content, name), value)
            if value == getattr(content, name):
                continue
        setattr(content, name, value)
        provenance[name] = {"source": candidate.source, "at": now}
        changed.append(name)
    for attr, extra in (("titles", candidate.titles), ("overviews", candidate.overviews)):
        merged = {**getattr(content, attr), **{k: v for k, v in extra.items() if v}}
        if merged != getattr(content, attr):
            setattr(content, attr, merged)
            changed.append(attr)
    if "title" in changed or creating:
        content.normalized_title = normalize_title(content.title)
    if creating or {"title", "original_title", "titles"} & set(changed):
        content.search_key, content.alias_keys = search_keys(
            content.title, content.original_title, content.titles, content.aliases
        )
    if creating or "synonyms" in changed:
        content.synonym_keys = keys_of(content.synonyms)
    if changed:
        content.provenance = provenance
    return changed


def _set_genres(content: Content, candidate: TitleCandidate, *, creating: bool = False) -> bool:
    slugs = genre_slugs(list(candidate.genres))
    if not slugs:
        return False
    current_source = content.provenance.get("genres", {}).get("source")
    if current_source and _priority(candidate.source, "genres") < _priority(
        current_source, "genres"
    ):
        return False  # a curator chose this title's genres; ingestion adds none
    wanted = set(Genre.objects.filter(slug__in=slugs).values_list("id", flat=True))
    current = set() if creating else set(content.genres.values_list("id", flat=True))
    if wanted <= current:
        return False
    content.genres.add(*(wanted - current))
    return True


def _queue_review(
    candidate: TitleCandidate, match: Content, score: float, reason: str
) -> IngestResult:
    MatchReview.objects.get_or_create(
        source_key=candidate.source_key,
        match=match,
        status=MatchReview.Status.PENDING,
        defaults={
            "source": candidate.source,
            "candidate": candidate.as_json(),
            "score": score,
            "reason": reason,
        },
    )
    logger.info(
        "ingest: %s queued for review against %s (%.0f)", candidate.source_key, match.pk, score
    )
    return IngestResult("queued", None)


@transaction.atomic
def content_ingest(candidate: TitleCandidate) -> IngestResult:
    """Create, merge into, or queue for review; never a second record for a known title."""
    content = match_by_ids(candidate)
    if content is None:
        match, score, gap = match_by_title(candidate)
        if match is not None and score >= AUTO_MERGE and gap == 0:
            content = match
        elif match is not None and score >= REVIEW:
            years = (
                "a year is unknown" if gap is None else f"years {gap} apart" if gap else "same year"
            )
            return _queue_review(candidate, match, score, f"title similarity {score:.0f}, {years}")
    creating = content is None
    if content is None:
        content = Content(kind=candidate.kind)
    changed = _apply(content, candidate, creating=creating)
    if changed or creating:
        content.save()
    genres_changed = _set_genres(content, candidate, creating=creating)
    if creating:
        return IngestResult("created", content, tuple(changed))
    if changed or genres_changed:
        return IngestResult(
            "updated", content, tuple(changed) + (("genres",) if genres_changed else ())
        )
    return IngestResult("unchanged", content)


def _candidate_from_json(data: dict[str, Any]) -> TitleCandidate:
    values = dict(data.get("values", {}))
    if isinstance(values.get("release_date"), str):
        values["release_date"] = date.fromisoformat(values["release_date"])
    return TitleCandidate(
        source=data["source"],
        source_key=data["source_key"],
        kind=data["kind"],
        title=data["title"],
        values=values,
        genres=tuple(data.get("genres", ())),
        titles=data.get("titles", {}),
        overviews=data.get("overviews", {}),
    )


@transaction.atomic
def review_resolve(*, review: MatchReview, decision: str) -> Content | None:
    """A curator's call on a queued match: merge into the match, create a new title, or reject."""
    if review.status != MatchReview.Status.PENDING:
        return None
    candidate = _candidate_from_json(review.candidate)
    content: Content | None = None
    if decision == MatchReview.Status.MERGED:
        content = review.match
        if _apply(content, candidate, creating=False):
            content.save()
        _set_genres(content, candidate)
    elif decision == MatchReview.Status.CREATED:
        content = Content(kind=candidate.kind)
        _apply(content, candidate, creating=True)
        content.save()
        _set_genres(content, candidate)
    elif decision != MatchReview.Status.REJECTED:
        raise ValueError(f"unknown decision {decision!r}")
    review.status = decision
    review.save(update_fields=["status", "updated_at"])
    return content


CURATOR = "curator"


@transaction.atomic
def content_curate(
    *, content: Content, values: dict[str, Any], curator: str, genres: list[int] | None = None
) -> list[str]:
    """A curator's edit: the fields are set as given and recorded as curated (who, when), so the
    next ingestion, whose sources rank below "curator", leaves them alone. Returns what changed."""
    now = timezone.now().isoformat()
    stamp = {"source": CURATOR, "by": curator, "at": now}
    provenance = dict(content.provenance)
    changed = []
    for name, value in values.items():
        if getattr(content, name) != value:
            setattr(content, name, value)
        provenance[name] = stamp  # re-saving a value also pins it against ingestion
        changed.append(name)
    if genres is not None:
        provenance["genres"] = stamp
        changed.append("genres")
    content.normalized_title = normalize_title(content.title)
    content.search_key, content.alias_keys = search_keys(
        content.title, content.original_title, content.titles, content.aliases
    )
    content.synonym_keys = keys_of(content.synonyms)
    content.provenance = provenance
    content.save()
    if genres is not None:
        content.genres.set(genres)
    return changed
