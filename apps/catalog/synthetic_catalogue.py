"""A SYNTHETIC catalogue for scale tests (issue 25, docs/scale.md): titles with realistic skew,
never real ones, every row marked `provenance={"synthetic": true}` and an overview that starts
with "SYNTHETIC".

- original language: English 30%, Japanese 12%, Hindi 10%, Telugu and Tamil 7% each, then
  Malayalam, Kannada, Bengali, Marathi, Korean, Spanish, French, German; Indian and Japanese
  titles carry their native script as `original_title` / `titles` and a Latin `title`;
- kind: Japanese titles are mostly anime, the rest 70% movies and 30% TV;
- title words are drawn Zipf-style from a vocabulary per language (a few words recur in many
  titles, as "Love" and "Return" do), so search meets shared words and phonetic neighbours;
- popularity follows Zipf's law (exponent 0.9) over a random order of the titles, 0-100;
- overviews are 8-14 words drawn evenly from the Latin vocabulary (English title words and
  made-up ones), after the SYNTHETIC label;
- years lean recent (the number of titles grows about 4% a year), genres 1-3 per title drawn
  with a skew (drama, comedy and action lead).

Titles are made in chunks, each from its own seeded stream: the same seed gives the same rows.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from apps.catalog.synthetic_names import (
    ENGLISH_WORDS,
    SCRIPTS,
    Word,
    form_key,
    indic_words,
    japanese_words,
    latin_words,
)
from apps.catalog.text import normalize_title

SYNTHETIC_LABEL = "SYNTHETIC"
PROVENANCE = json.dumps({"synthetic": True})
LANGUAGE_SHARES: dict[str, float] = {
    "en": 0.30, "ja": 0.12, "hi": 0.10, "te": 0.07, "ta": 0.07, "ml": 0.05, "kn": 0.03,
    "bn": 0.03, "mr": 0.02, "ko": 0.05, "es": 0.06, "fr": 0.05, "de": 0.05,
}  # fmt: skip
COUNTRIES = {"en": "US", "ja": "JP", "ko": "KR", "es": "ES", "fr": "FR", "de": "DE"}  # else IN
GENRE_ORDER = (
    "drama", "comedy", "action", "romance", "thriller", "crime", "family", "horror",
    "adventure", "fantasy", "mystery", "documentary", "animation", "science-fiction", "music",
    "history", "biography", "war", "sports", "mythology", "supernatural", "school",
    "slice-of-life", "psychological", "mecha", "martial-arts", "kids", "reality", "musical",
    "western", "news", "talk-show", "film-noir",
)  # fmt: skip
VOCABULARY = 4000  # words per language
POPULARITY_EXPONENT = 0.9


@dataclass(frozen=True)
class CatalogueConfig:
    titles: int
    seed: int = 7
    chunk: int = 100_000

    def __post_init__(self) -> None:
        if self.titles < 1 or self.chunk < 1:
            raise ValueError("titles and chunk must be positive")


@dataclass
class Title:
    """One SYNTHETIC title, its columns as Content stores them."""

    kind: str
    title: str
    original_title: str
    normalized_title: str
    titles: dict[str, str]
    aliases: list[str]
    synonyms: list[str]
    search_key: str
    alias_keys: str
    synonym_keys: str
    original_language: str
    countries: list[str]
    year: int | None
    popularity: float
    rating: float | None
    is_adult: bool
    hidden: bool
    overview: str
    genres: list[str] = field(default_factory=list)


@lru_cache(maxsize=2)
def vocabularies(seed: int) -> dict[str, list[Word]]:
    """Per language, its words; the same seed gives the same words."""
    rng = random.Random(seed)  # noqa: S311 (SYNTHETIC data, seeded on purpose)
    latin = latin_words(VOCABULARY, rng)
    vocab: dict[str, list[Word]] = dict.fromkeys(LANGUAGE_SHARES, latin)
    for code in SCRIPTS:
        vocab[code] = indic_words(code, VOCABULARY, rng)
    vocab["ja"] = japanese_words(VOCABULARY, rng)
    return vocab


def _zipf_weights(n: int, exponent: float = 1.0) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def popularity_of_ranks(ranks: np.ndarray) -> np.ndarray:
    """Zipf: the rank-1 title has 100, rank r has 100 / r^0.9."""
    return 100.0 / (ranks.astype(np.float64) ** POPULARITY_EXPONENT)


def _padded(keys: list[str], main: str) -> str:
    others = [k for k in dict.fromkeys(keys) if k and k != main]
    return f" {' '.join(others)} " if others else ""


class _Draws:
    """One chunk's random numbers, drawn at once per column from the chunk's own stream."""

    def __init__(self, rng: np.random.Generator, size: int, n_english: int) -> None:
        languages = list(LANGUAGE_SHARES)
        shares = np.array(list(LANGUAGE_SHARES.values()))
        self.language = [
            languages[i] for i in rng.choice(len(languages), size, p=shares / shares.sum())
        ]
        self.words = self._word_runs(rng, size)
        self.synonyms = self._word_runs(rng, size)
        self.kind_u, self.alias_u, self.synonym_u = rng.random((3, size))
        self.alias_words = rng.integers(0, n_english, (size, 2))
        self.overview_len = rng.integers(8, 15, size)
        self.overview_words = rng.integers(0, VOCABULARY, (size, 14))
        self.genre_count = rng.integers(1, 4, size)
        gumbel = -np.log(-np.log(rng.random((size, len(GENRE_ORDER)))))  # top-k without replacement
        self.genres = np.argsort(-(np.log(_zipf_weights(len(GENRE_ORDER), 1.1)) + gumbel))[:, :3]
        self.year = _years(rng, size)
        self.rating = np.round(np.clip(rng.normal(6.4, 1.2, size), 1.0, 10.0), 1)
        self.flags = rng.random((size, 4))  # no year, no rating, adult, hidden

    @staticmethod
    def _word_runs(rng: np.random.Generator, size: int) -> list[np.ndarray]:
        counts = rng.choice([1, 2, 3, 4], size=size, p=[0.3, 0.4, 0.2, 0.1])
        flat = rng.choice(VOCABULARY, size=int(counts.sum()), p=_zipf_weights(VOCABULARY))
        return np.split(flat, np.cumsum(counts)[:-1])


class _Names:
    """A title's forms and their phonetic keys, from its drawn words."""

    def __init__(self, vocab: dict[str, list[Word]]) -> None:
        self.vocab = vocab
        self.english = vocab["en"][: len(ENGLISH_WORDS)]

    def __call__(self, draws: _Draws, i: int) -> dict[str, Any]:
        language = draws.language[i]
        words = [self.vocab[language][int(w)] for w in draws.words[i]]
        title = " ".join(w.latin for w in words)
        keys = [form_key([w.key for w in words])]
        native = ""
        if language in SCRIPTS or language == "ja":
            native = ("" if language == "ja" else " ").join(w.native for w in words)
            keys.append(form_key([w.native_key for w in words]))
        aliases: list[str] = []
        if draws.alias_u[i] < (0.4 if language == "ja" else 0.1):
            alias = [self.english[int(w)] for w in draws.alias_words[i]]
            aliases.append(" ".join(w.latin for w in alias))
            keys.append(form_key([w.key for w in alias]))
        synonyms: list[str] = []
        synonym_keys: list[str] = []
        if language == "ja" and draws.synonym_u[i] < 0.2:
            other = [self.vocab["ja"][int(w)] for w in draws.synonyms[i]]
            synonyms.append(" ".join(w.latin for w in other))
            synonym_keys.append(form_key([w.key for w in other]))
        return {
            "title": title,
            "original_title": native,
            "normalized_title": normalize_title(title),
            "titles": {language: native} if native else {},
            "aliases": aliases,
            "synonyms": synonyms,
            "search_key": keys[0],
            "alias_keys": _padded(keys[1:], keys[0]),
            "synonym_keys": _padded(synonym_keys, ""),
        }

    def overview(self, draws: _Draws, i: int) -> str:
        picks = draws.overview_words[i, : draws.overview_len[i]]
        words = " ".join(self.vocab["en"][int(w)].latin.lower() for w in picks)
        return f"{SYNTHETIC_LABEL} title for scale tests: {words}"


def _kind(language: str, u: float) -> str:
    if language == "ja":
        return "anime" if u < 0.7 else "tv" if u < 0.9 else "movie"
    return "movie" if u < 0.7 else "tv"


def _genres(draws: _Draws, i: int, kind: str) -> list[str]:
    slugs = [GENRE_ORDER[int(g)] for g in draws.genres[i, : draws.genre_count[i]]]
    return [*slugs, "animation"] if kind == "anime" and "animation" not in slugs else slugs


def _years(rng: np.random.Generator, size: int) -> np.ndarray:
    span = np.arange(1930, 2027)
    weights = np.exp(0.04 * (span - 1930))
    return rng.choice(span, size=size, p=weights / weights.sum())


def generate(config: CatalogueConfig) -> Iterator[list[Title]]:
    """The SYNTHETIC titles, chunk by chunk (memory bounded by `config.chunk`)."""
    names = _Names(vocabularies(config.seed))
    ranks = np.random.default_rng(config.seed).permutation(config.titles) + 1
    for number, start in enumerate(range(0, config.titles, config.chunk)):
        size = min(config.chunk, config.titles - start)
        draws = _Draws(np.random.default_rng([config.seed, number]), size, len(names.english))
        popularity = popularity_of_ranks(ranks[start : start + size])
        titles = []
        for i in range(size):
            language = draws.language[i]
            kind = _kind(language, float(draws.kind_u[i]))
            flags = draws.flags[i]
            titles.append(
                Title(
                    kind=kind,
                    **names(draws, i),
                    original_language=language,
                    countries=[COUNTRIES.get(language, "IN")],
                    year=None if flags[0] < 0.03 else int(draws.year[i]),
                    popularity=float(popularity[i]),
                    rating=None if flags[1] < 0.4 else float(draws.rating[i]),
                    is_adult=bool(flags[2] < 0.003),
                    hidden=bool(flags[3] < 0.0005),
                    overview=names.overview(draws, i),
                    genres=_genres(draws, i, kind),
                )
            )
        yield titles
