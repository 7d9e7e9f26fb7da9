import pytest
import responses

from apps.integrations.exceptions import IntegrationAuthError, IntegrationNotFound, QuotaExceeded
from apps.integrations.omdb import OmdbClient
from apps.integrations.tests.conftest import payload
from apps.integrations.youtube import YoutubeClient
from apps.integrations.youtube.client import iso_duration_seconds

OMDB = "https://www.omdbapi.com"
YT = "https://www.googleapis.com/youtube/v3"


@responses.activate
def test_omdb_ratings_by_imdb_id(sleeps):
    responses.get(f"{OMDB}/", json=payload("omdb/movie_by_id_tt4633694_with_ratings.json"))

    title = OmdbClient(api_key="k", sleep=sleeps.append).by_imdb_id("tt4633694")

    assert title.values["imdb_rating"] == 8.6
    assert title.values["imdb_votes"] == 122126
    assert title.values["rotten_tomatoes"] == 97
    assert title.values["metacritic"] == 87
    assert title.values["runtime_minutes"] == 117
    assert title.kind == "movie"
    assert "apikey=k" in responses.calls[0].request.url


@responses.activate
def test_omdb_series_without_ratings_array(sleeps):
    responses.get(f"{OMDB}/", json=payload("omdb/series_by_id_tt0411008.json"))
    title = OmdbClient(api_key="k", sleep=sleeps.append).by_imdb_id("tt0411008")
    assert title.kind == "tv"
    assert "rotten_tomatoes" not in title.values


@responses.activate
@pytest.mark.parametrize(
    "name", ["omdb/error_incorrect_imdb_id.json", "omdb/error_title_movie_not_found.json"]
)
def test_omdb_errors_with_http_200_are_not_found(sleeps, name):
    responses.get(f"{OMDB}/", json=payload(name))
    with pytest.raises(IntegrationNotFound):
        OmdbClient(api_key="k", sleep=sleeps.append).by_imdb_id("tt0000000")


@responses.activate
def test_omdb_daily_cap(sleeps):
    responses.get(f"{OMDB}/", json=payload("omdb/movie_by_id_tt4633694_with_ratings.json"))
    client = OmdbClient(api_key="k", sleep=sleeps.append, daily_limit=1, use_cache=False)
    client.by_imdb_id("tt4633694")
    with pytest.raises(QuotaExceeded):
        client.by_imdb_id("tt4633694")


@responses.activate
def test_youtube_trailer_search_costs_quota_and_picks_a_trailer(sleeps):
    body = payload("youtube/search_list_keywords_page1.json")
    body["items"][1]["snippet"]["title"] = "RRR Official Trailer (Telugu)"
    responses.get(f"{YT}/search", json=body)

    video = YoutubeClient(api_key="k", sleep=sleeps.append).official_trailer(title="RRR", year=2022)

    assert video is not None
    assert video.video_id == body["items"][1]["id"]["videoId"]
    assert "q=RRR+2022+official+trailer" in responses.calls[0].request.url


@responses.activate
def test_youtube_free_film_needs_a_long_video_with_the_title(sleeps):
    search = payload("youtube/search_list_videos_by_channel.json")
    details = payload("youtube/videos_list_snippet_contentDetails_status_statistics.json")
    name = details["items"][0]["snippet"]["title"]
    search["items"][0]["id"]["videoId"] = details["items"][0]["id"]
    responses.get(f"{YT}/search", json=search)
    responses.get(f"{YT}/videos", json=details)

    film = YoutubeClient(api_key="k", sleep=sleeps.append).free_full_film(
        title=name[:10], channel_ids=["UC_x5XG1OV2P6uZZ5FSM9Ttw"]
    )

    assert film is not None
    assert film.duration_seconds == 21 * 60 + 7


@responses.activate
def test_youtube_bad_key_and_permission_errors(sleeps):
    responses.get(f"{YT}/search", json=payload("youtube/error_400_key_invalid.json"), status=400)
    with pytest.raises(IntegrationAuthError):
        YoutubeClient(api_key="k", sleep=sleeps.append).search_videos(query="x")


@responses.activate
def test_youtube_quota_exceeded_403(sleeps):
    responses.get(
        f"{YT}/search",
        status=403,
        json={
            "error": {
                "code": 403,
                "message": "The request cannot be completed because you have exceeded your quota.",
                "errors": [{"reason": "quotaExceeded", "domain": "youtube.quota"}],
            }
        },
    )
    with pytest.raises(QuotaExceeded):
        YoutubeClient(api_key="k", sleep=sleeps.append).search_videos(query="x")


def test_youtube_daily_quota_counts_units(sleeps):
    client = YoutubeClient(api_key="k", sleep=sleeps.append, daily_quota=150)
    client._spend_budget(100)
    with pytest.raises(QuotaExceeded):
        client._spend_budget(100)


def test_iso_durations():
    assert iso_duration_seconds("PT2H5M3S") == 7503
    assert iso_duration_seconds("P1DT1S") == 86401
    assert iso_duration_seconds("nonsense") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234 votes", 1234), ("142 min", 142), ("²", None), ("12²", 12), ("N/A", None)],
)
def test_provider_numbers_read_ascii_digits_only(text, expected):
    from apps.integrations.types import parse_int

    assert parse_int(text) == expected
