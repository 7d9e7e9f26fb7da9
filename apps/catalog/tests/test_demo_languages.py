"""Issue 26: a film listed under a language search is available in that language; it is a film
*in* that language only when no evidence says otherwise (apps/catalog/demo_languages.py)."""

import gzip
from pathlib import Path

import pytest

from apps.catalog.demo_languages import (
    Evidence,
    film_language,
    load_evidence,
    vote_thresholds,
)
from apps.catalog.demo_loader import load_indian_films
from apps.catalog.models import Content, ContentKind
from apps.catalog.services.merge import TitleCandidate, content_ingest

# made-up Punjabi search results: ten local films with a few thousand votes, one far above them
THRESHOLDS = vote_thresholds(["pa"] * 10, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000])


def _resolve(imdb_id="tt1", language="pa", votes=500.0, runtime=140, evidence=None):
    return film_language(
        imdb_id=imdb_id,
        search_language=language,
        votes=votes,
        runtime=runtime,
        evidence=evidence or {},
        thresholds=THRESHOLDS,
    )


def test_threshold_is_25_times_the_languages_90th_percentile_of_votes():
    assert THRESHOLDS["pa"] == pytest.approx(25 * 910.0)
    assert set(THRESHOLDS) == {"pa"}
    thresholds = vote_thresholds(["te", "te", "ta"], [None, 0, 50])
    assert set(thresholds) == {"ta"}  # no votes, no threshold
    assert thresholds["ta"] == pytest.approx(25 * 50.0)


def test_a_typical_film_keeps_its_search_language_as_original_and_spoken():
    found = _resolve()
    assert (found.original_language, found.spoken_languages, found.countries) == (
        "pa",
        ("pa",),
        ("IN",),
    )
    assert found.reason == "search"


def test_evidence_by_imdb_id_decides_and_the_search_language_stays_spoken():
    evidence = {"tt9": Evidence("en", ("US",), "imdb5000")}
    found = _resolve(imdb_id="tt9", evidence=evidence)
    assert (found.original_language, found.spoken_languages, found.countries) == (
        "en",
        ("pa",),
        ("US",),
    )
    assert _resolve(imdb_id="tt8", evidence=evidence).original_language == "pa"


def test_a_short_film_with_an_audience_far_above_the_language_is_of_unknown_language():
    found = _resolve(votes=200_000, runtime=110)
    assert (found.original_language, found.spoken_languages, found.countries) == ("", ("pa",), ())
    assert found.reason == "outlier"


def test_a_long_feature_with_a_huge_audience_stays_in_its_language():
    assert _resolve(votes=350_000, runtime=170).original_language == "pa"  # a 3 Idiots
    assert _resolve(votes=20_000, runtime=100).original_language == "pa"  # under 25 x p90
    assert _resolve(votes=200_000, runtime=None).original_language == "pa"  # no runtime: no rule


def test_a_reviewed_line_overrides_the_imdb_language(tmp_path: Path):
    with gzip.open(tmp_path / "film_languages.csv.gz", "wt") as handle:
        handle.write("imdb_id,language,countries\ntt1,en,US|GB\ntt2,hi,IN\n")
    (tmp_path / "film_language_review.csv").write_text(
        "imdb_id,title,listed_as,original_language,countries,reason\n"
        "tt2,X,pa,fr,FR,French production\n"
    )
    found = load_evidence(tmp_path)
    assert found == {
        "tt1": Evidence("en", ("US", "GB"), "imdb5000"),
        "tt2": Evidence("fr", ("FR",), "review"),
    }


def test_shipped_review_lines_each_give_a_reason():
    demo = Path(__file__).resolve().parents[1] / "demo"
    lines = (demo / "film_language_review.csv").read_text().splitlines()[1:]
    assert len(lines) >= 20
    assert all(len(line.rsplit(",", 1)[-1]) > 15 for line in lines)


@pytest.mark.django_db(transaction=True)
def test_demo_films_get_their_true_language_and_tmdb_outranks_the_scraped_label():
    load_indian_films()
    basic = Content.objects.get(imdb_id="tt0430912")  # Basic Instinct 2, scraped under Telugu
    assert (basic.original_language, basic.spoken_languages, basic.countries) == (
        "en",
        ["te"],
        ["GB"],
    )
    assert Content.objects.get(imdb_id="tt0425061").original_language == "en"  # Get Smart
    darjeeling = Content.objects.get(imdb_id="tt0838221")  # no evidence row: the outlier rule
    assert (darjeeling.original_language, darjeeling.spoken_languages) == ("", ["pa"])
    idiots = Content.objects.get(imdb_id="tt1187043")
    assert (idiots.original_language, idiots.spoken_languages) == ("hi", ["hi"])

    # live ingestion: TMDB's original language and origin countries win over the scrape, and
    # the language the film was listed under stays among its spoken languages
    kshanam = Content.objects.get(imdb_id="tt5504168")  # a Telugu film: the scrape stands
    assert kshanam.original_language == "te"
    for content, language, countries, spoken in (
        (kshanam, "xx", ["ZZ"], ["te", "xx"]),
        (darjeeling, "en", ["US"], ["pa", "en"]),
    ):
        result = content_ingest(
            TitleCandidate(
                source="tmdb",
                source_key=f"tmdb:movie:{content.pk}",
                kind=ContentKind.MOVIE,
                title=content.title,
                values={
                    "imdb_id": content.imdb_id,
                    "original_language": language,
                    "countries": countries,
                    "spoken_languages": [language],
                },
            )
        )
        assert result.content is not None
        assert result.content.pk == content.pk
        content.refresh_from_db()
        assert content.original_language == language
        assert content.countries == countries
        assert content.spoken_languages == spoken
        assert content.provenance["original_language"]["source"] == "tmdb"
