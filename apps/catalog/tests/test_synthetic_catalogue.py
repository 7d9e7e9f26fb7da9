"""The SYNTHETIC catalogue generator (apps/catalog/synthetic_catalogue.py): seeded, skewed like a
real catalogue, every script the site searches, keys as the product computes them, labelled."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from apps.catalog.genres import GENRES
from apps.catalog.phonetic import keys_of, phonetic_key, search_keys
from apps.catalog.synthetic_catalogue import (
    GENRE_ORDER,
    LANGUAGE_SHARES,
    CatalogueConfig,
    Title,
    generate,
    popularity_of_ranks,
)
from apps.catalog.text import normalize_title

CONFIG = CatalogueConfig(titles=6_000, seed=3, chunk=2_500)


@pytest.fixture(scope="module")
def titles() -> list[Title]:
    return [t for chunk in generate(CONFIG) for t in chunk]


def test_same_seed_same_titles_and_another_seed_others(titles: list[Title]) -> None:
    again = next(iter(generate(CONFIG)))
    other = next(iter(generate(CatalogueConfig(titles=300, seed=4, chunk=300))))
    assert len(again) == 2_500
    assert again == titles[:2_500]
    assert [t.title for t in other] != [t.title for t in again[:300]]


def test_chunks_add_up_to_the_requested_count(titles: list[Title]) -> None:
    sizes = [len(chunk) for chunk in generate(CONFIG)]
    assert sizes == [2_500, 2_500, 1_000]
    assert len(titles) == 6_000


def test_every_row_is_labelled_synthetic(titles: list[Title]) -> None:
    assert len(titles) > 0
    assert all(t.overview.startswith("SYNTHETIC ") for t in titles)


def test_every_script_the_site_searches_is_there(titles: list[Title]) -> None:
    scripts = {
        "devanagari": range(0x0900, 0x0980),
        "bengali": range(0x0980, 0x0A00),
        "tamil": range(0x0B80, 0x0C00),
        "telugu": range(0x0C00, 0x0C80),
        "kannada": range(0x0C80, 0x0D00),
        "malayalam": range(0x0D00, 0x0D80),
        "hiragana": range(0x3040, 0x30A0),
    }
    native = "".join(t.original_title for t in titles)
    for name, block in scripts.items():
        assert any(ord(ch) in block for ch in native), name
    assert all(t.title.isascii() and t.title for t in titles)  # the Latin form typed by most


def test_keys_are_the_ones_the_product_computes(titles: list[Title]) -> None:
    sample = titles[::7]
    assert len(sample) > 800
    for t in sample:
        main, others = search_keys(t.title, t.original_title, t.titles, t.aliases)
        assert (t.search_key, t.alias_keys) == (main, others)
        assert t.synonym_keys == keys_of(t.synonyms)
        assert t.normalized_title == normalize_title(t.title)
    native = [t for t in sample if t.original_language == "te"]
    assert len(native) > 10
    same = [phonetic_key(t.original_title) == t.search_key for t in native]
    assert sum(same) > 0.7 * len(same)  # the native spelling folds to the Latin one's key
    assert all(
        phonetic_key(t.original_title) in {t.search_key, *t.alias_keys.split()} for t in native
    )


def test_languages_kinds_and_genres_are_skewed_like_a_catalogue(titles: list[Title]) -> None:
    languages = Counter(t.original_language for t in titles)
    assert set(languages) == set(LANGUAGE_SHARES)
    assert languages.most_common(1)[0][0] == "en"
    assert abs(languages["te"] / len(titles) - LANGUAGE_SHARES["te"]) < 0.02
    kinds = Counter(t.kind for t in titles if t.original_language == "ja")
    assert kinds.most_common(1)[0][0] == "anime"
    assert "anime" not in {t.kind for t in titles if t.original_language != "ja"}
    genres = Counter(g for t in titles for g in t.genres)
    assert set(genres) <= set(GENRES)
    assert set(GENRE_ORDER) <= set(GENRES)
    assert genres["drama"] > 5 * genres["western"]
    assert all(1 <= len(t.genres) <= 4 and len(set(t.genres)) == len(t.genres) for t in titles)


def test_popularity_is_zipf_over_a_random_order(titles: list[Title]) -> None:
    popularity = np.array([t.popularity for t in titles])
    assert popularity.max() == pytest.approx(100.0)
    assert popularity_of_ranks(np.array([10]))[0] == pytest.approx(100 / 10**0.9)
    top_share = np.sort(popularity)[::-1][:60].sum() / popularity.sum()
    assert top_share > 0.3  # 1% of the titles hold a third of the popularity
    assert int(np.argmax(popularity)) != 0  # the head is spread over the table, not its start


def test_years_lean_recent_and_some_fields_are_missing(titles: list[Title]) -> None:
    years = [t.year for t in titles if t.year is not None]
    assert 0 < len(titles) - len(years) < 0.06 * len(titles)
    assert sum(y >= 2000 for y in years) > sum(y < 2000 for y in years)
    assert all(1930 <= y <= 2026 for y in years)
    assert any(t.rating is None for t in titles)
    assert all(t.rating is None or 1.0 <= t.rating <= 10.0 for t in titles)
