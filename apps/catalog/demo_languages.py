"""The true original language of a film from the Indian-films demo source (issue 26).

The source was scraped from IMDb's language searches, which list every film with that language
anywhere in its language list: dubbed releases and foreign films with a few lines in it too. The
search language is therefore evidence that the film is *available in* (or speaks some) language,
not that it is a film *in* that language. In order:

1. evidence keyed by the IMDb id decides: the primary language IMDb gives the film
   (film_languages.csv.gz, from the IMDB 5000 data set), then the reviewed table
   (film_language_review.csv, one line of reasoning per film);
2. otherwise a film whose IMDb audience dwarfs the language's own well-known films (at least
   OUTLIER_FACTOR times the language's 90th-percentile vote count) and that runs under
   FEATURE_MINUTES (Indian features run longer, with an interval) is an international film
   listed under the language: its original language is unknown ("") until a live source says;
3. otherwise the search language is the original language.

The search language is always kept in ``spoken_languages`` (what the product shows as
"available in"), and live ingestion (TMDB: original_language, origin countries) outranks all of
this through the merge precedence (apps/catalog/services/merge.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

OUTLIER_FACTOR = 25.0
FEATURE_MINUTES = 120
EVIDENCE_FILE = "film_languages.csv.gz"
REVIEW_FILE = "film_language_review.csv"


@dataclass(frozen=True)
class Evidence:
    language: str  # ISO 639-1, or "" when the evidence only says "not this language"
    countries: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class FilmLanguage:
    original_language: str  # "" when no source establishes it
    spoken_languages: tuple[str, ...]
    countries: tuple[str, ...]
    reason: str  # evidence | outlier | search


def _codes(value: str) -> tuple[str, ...]:
    return tuple(c for c in value.split("|") if c)


def load_evidence(demo_dir: Path) -> dict[str, Evidence]:
    """IMDb id -> evidence; the reviewed table is read last, so a reviewed line wins."""
    found: dict[str, Evidence] = {}
    for name, source in ((EVIDENCE_FILE, "imdb5000"), (REVIEW_FILE, "review")):
        table = pd.read_csv(demo_dir / name, dtype=str, keep_default_na=False)
        language = "original_language" if "original_language" in table else "language"
        for imdb_id, lang, countries in zip(
            table["imdb_id"], table[language], table["countries"], strict=True
        ):
            found[imdb_id] = Evidence(lang, _codes(countries), source)
    return found


def vote_thresholds(languages: Iterable[str], votes: Iterable[float | None]) -> dict[str, float]:
    """Per search language: OUTLIER_FACTOR x the 90th percentile of its films' IMDb votes."""
    frame = pd.DataFrame({"language": list(languages), "votes": list(votes)}).dropna()
    frame = frame[frame["votes"] > 0]
    return {
        str(lang): OUTLIER_FACTOR * float(np.percentile(group["votes"], 90))
        for lang, group in frame.groupby("language")
    }


def film_language(
    *,
    imdb_id: str,
    search_language: str,
    votes: float | None,
    runtime: int | None,
    evidence: Mapping[str, Evidence],
    thresholds: Mapping[str, float],
) -> FilmLanguage:
    spoken = (search_language,)
    known = evidence.get(imdb_id)
    if known is not None:
        return FilmLanguage(known.language, spoken, known.countries, "evidence")
    limit = thresholds.get(search_language)
    if (
        limit is not None
        and votes is not None
        and votes >= limit
        and runtime is not None
        and runtime < FEATURE_MINUTES
    ):
        return FilmLanguage("", spoken, (), "outlier")
    return FilmLanguage(search_language, spoken, ("IN",), "search")
