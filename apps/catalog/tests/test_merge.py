from datetime import date

import pytest

from apps.catalog.models import Content, MatchReview
from apps.catalog.services import TitleCandidate, content_ingest

pytestmark = pytest.mark.django_db


def tmdb_rrr(**values):
    base = {
        "tmdb_type": "movie",
        "tmdb_id": 579974,
        "original_title": "ఆర్ఆర్ఆర్",
        "original_language": "te",
        "overview": "A fearless revolutionary and an officer fight for their country.",
        "release_date": date(2022, 3, 24),
        "year": 2022,
        "runtime_minutes": 185,
        "tmdb_vote_average": 7.7,
        "tmdb_vote_count": 1400,
        "imdb_id": "tt8178634",
    }
    return TitleCandidate(
        source="tmdb",
        source_key="tmdb:movie:579974",
        kind="movie",
        title="RRR",
        values=base | values,
        genres=("Action", "Drama"),
    )


def omdb_rrr(**values):
    return TitleCandidate(
        source="omdb",
        source_key="omdb:tt8178634",
        kind="movie",
        title="RRR (Rise Roar Revolt)",
        values={
            "imdb_id": "tt8178634",
            "year": 2022,
            "imdb_rating": 7.8,
            "imdb_votes": 160000,
            "rotten_tomatoes": 93,
            "metacritic": 83,
            "runtime_minutes": 187,
        }
        | values,
    )


def test_ingesting_the_same_payload_twice_changes_nothing():
    first = content_ingest(tmdb_rrr())
    row = Content.objects.get()
    stamp = row.updated_at

    second = content_ingest(tmdb_rrr())

    assert (first.action, second.action) == ("created", "unchanged")
    row.refresh_from_db()
    assert row.updated_at == stamp
    assert Content.objects.count() == 1
    assert sorted(row.genres.values_list("slug", flat=True)) == ["action", "drama"]


def test_same_film_from_two_sources_is_one_record_with_both_sources_fields():
    content_ingest(tmdb_rrr())
    result = content_ingest(omdb_rrr())

    row = Content.objects.get()
    assert result.action == "updated"
    assert row.title == "RRR"  # TMDB outranks OMDb for titles
    assert row.runtime_minutes == 185  # ... and for runtime
    assert (row.imdb_rating, row.rotten_tomatoes, row.metacritic) == (
        7.8,
        93,
        83,
    )  # OMDb's own fields
    assert row.tmdb_vote_average == 7.7
    assert row.provenance["imdb_rating"]["source"] == "omdb"
    assert row.provenance["title"]["source"] == "tmdb"


def test_lower_priority_source_first_is_overwritten_by_higher_priority_later():
    content_ingest(omdb_rrr())
    content_ingest(tmdb_rrr())

    row = Content.objects.get()
    assert row.title == "RRR"
    assert row.runtime_minutes == 185


def test_fuzzy_title_and_same_year_merges_without_ids():
    content_ingest(
        TitleCandidate(
            source="imdb_dataset",
            source_key="imdb:x",
            kind="movie",
            title="Baahubali: The Beginning",
            values={"year": 2015, "original_language": "te"},
        )
    )
    result = content_ingest(
        TitleCandidate(
            source="tmdb",
            source_key="tmdb:movie:256040",
            kind="movie",
            title="Baahubali - The Beginning",
            values={"year": 2015, "tmdb_type": "movie", "tmdb_id": 256040},
        )
    )

    assert result.action == "updated"
    assert Content.objects.count() == 1
    assert Content.objects.get().tmdb_id == 256040


def test_ambiguous_match_goes_to_review_and_creates_nothing():
    original = content_ingest(
        TitleCandidate(
            source="tmdb",
            source_key="tmdb:movie:1",
            kind="movie",
            title="Drishyam",
            values={"year": 2013, "original_language": "ml", "tmdb_type": "movie", "tmdb_id": 1},
        )
    )
    # the Hindi remake two years later: similar title, years apart -> a curator decides
    result = content_ingest(
        TitleCandidate(
            source="imdb_dataset",
            source_key="imdb:tt4430212",
            kind="movie",
            title="Drishyam",
            values={"year": 2014, "original_language": "hi", "imdb_id": "tt4430212"},
        )
    )

    assert result.action == "queued"
    assert Content.objects.count() == 1
    review = MatchReview.objects.get()
    assert review.match == original.content
    assert review.status == "pending"
    # the same ambiguous record again does not queue twice
    content_ingest(
        TitleCandidate(
            source="imdb_dataset",
            source_key="imdb:tt4430212",
            kind="movie",
            title="Drishyam",
            values={"year": 2014, "imdb_id": "tt4430212"},
        )
    )
    assert MatchReview.objects.count() == 1


def test_different_titles_and_kinds_create_separate_records():
    content_ingest(
        TitleCandidate(
            source="tmdb",
            source_key="a",
            kind="movie",
            title="Pushpa: The Rise",
            values={"year": 2021},
        )
    )
    content_ingest(
        TitleCandidate(
            source="tmdb", source_key="b", kind="movie", title="Jersey", values={"year": 2019}
        )
    )
    content_ingest(
        TitleCandidate(
            source="jikan",
            source_key="c",
            kind="anime",
            title="Pushpa: The Rise",
            values={"year": 2021},
        )
    )

    assert Content.objects.count() == 3


def test_unknown_year_on_either_side_goes_to_review_instead_of_a_blind_merge():
    content_ingest(
        TitleCandidate(
            source="mal_dataset",
            source_key="mal:20",
            kind="anime",
            title="Naruto",
            values={"mal_id": 20},
        )
    )
    result = content_ingest(
        TitleCandidate(
            source="tvmaze",
            source_key="tvmaze:1",
            kind="anime",
            title="Naruto",
            values={"year": 2002},
        )
    )

    assert result.action == "queued"
    assert MatchReview.objects.get().reason == "title similarity 100, a year is unknown"


def _queued_drishyam():
    content_ingest(
        TitleCandidate(
            source="tmdb",
            source_key="tmdb:movie:1",
            kind="movie",
            title="Drishyam",
            values={"year": 2013, "tmdb_type": "movie", "tmdb_id": 1},
        )
    )
    content_ingest(
        TitleCandidate(
            source="imdb_dataset",
            source_key="imdb:tt4430212",
            kind="movie",
            title="Drishyam",
            values={"year": 2014, "original_language": "hi", "imdb_id": "tt4430212"},
            genres=("Crime",),
        )
    )
    return MatchReview.objects.get()


def test_curator_creates_the_remake_as_its_own_title():
    from apps.catalog.services.merge import review_resolve

    created = review_resolve(review=_queued_drishyam(), decision="created")

    assert Content.objects.count() == 2
    assert created.imdb_id == "tt4430212"
    assert list(created.genres.values_list("slug", flat=True)) == ["crime"]
    assert MatchReview.objects.get().status == "created"


def test_curator_merges_a_queued_record_into_the_match():
    from apps.catalog.services.merge import review_resolve

    merged = review_resolve(review=_queued_drishyam(), decision="merged")

    assert Content.objects.count() == 1
    assert merged.imdb_id == "tt4430212"
    assert merged.year == 2013  # TMDB's year outranks the data set's
