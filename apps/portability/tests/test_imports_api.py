import pytest
from django.urls import reverse

from apps.accounts.models import Rating, WatchlistItem
from apps.analytics.models import Interaction
from apps.catalog.tests.factories import ContentFactory
from apps.portability.models import ImportJob
from apps.portability.tests.conftest import upload

pytestmark = pytest.mark.django_db
URL = "/api/user/imports"


def post_import(client, capture, name, fmt, data=None):
    with capture(execute=True):
        return client.post(URL, {"file": upload(name, data), "format": fmt}, format="multipart")


def report(client, response):
    assert response.status_code == 202, response.content
    body = client.get(response.json()["url"])
    assert body.status_code == 200
    return body.json()


def test_imdb_import_reports_matches_and_unmatched_rows(
    auth_client, user, imdb_titles, django_capture_on_commit_callbacks
):
    response = post_import(
        auth_client, django_capture_on_commit_callbacks, "imdb_ratings_cp1252_crlf.csv", "imdb"
    )
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    body = report(auth_client, response)

    assert body["status"] == "done"
    assert body["progress"] == 100
    assert body["counts"]["rows"] == 4
    assert body["counts"]["matched"] == 4
    assert body["counts"]["ratings_created"] == 4
    stored = dict(Rating.objects.filter(user=user).values_list("content__title", "rating"))
    assert stored == {
        "The Dark Knight": 8,
        "The Shawshank Redemption": 9,
        "Amelie": 10,
        "Chernobyl": 9,
    }
    assert Interaction.objects.filter(user=user, kind="rate").count() == 4


def test_unmatched_rows_are_listed_not_guessed(
    auth_client, user, django_capture_on_commit_callbacks
):
    ContentFactory(title="The Godfather", year=1972)
    ContentFactory(title="The Godfather Part II", year=1975)  # a year off: not a match
    ContentFactory(title="The Monkey King", year=2025)  # a different title
    body = report(
        auth_client,
        post_import(
            auth_client, django_capture_on_commit_callbacks, "letterboxd_ratings.csv", "letterboxd"
        ),
    )
    assert body["counts"]["matched"] == 1
    assert body["counts"]["unmatched"] == 6
    unmatched = {row["title"]: row for row in body["unmatched"]}
    assert set(unmatched) >= {"The Godfather Part II", "The Monkey", "Filipiñana"}
    assert unmatched["The Godfather Part II"]["line"] == 3
    assert list(Rating.objects.filter(user=user).values_list("content__title", "rating")) == [
        ("The Godfather", 10)
    ]


def test_same_file_twice_changes_nothing(
    auth_client, user, imdb_titles, django_capture_on_commit_callbacks
):
    first = report(
        auth_client,
        post_import(
            auth_client, django_capture_on_commit_callbacks, "imdb_list_export.csv", "imdb"
        ),
    )
    ratings = list(
        Rating.objects.filter(user=user).values_list("content_id", "rating", "updated_at")
    )
    events = Interaction.objects.count()

    second = report(
        auth_client,
        post_import(
            auth_client, django_capture_on_commit_callbacks, "imdb_list_export.csv", "imdb"
        ),
    )

    assert first["counts"]["ratings_created"] == 2
    assert second["counts"]["ratings_created"] == 0
    assert second["counts"]["ratings_unchanged"] == 2
    assert second["counts"]["watchlist_added"] == 0
    assert (
        list(Rating.objects.filter(user=user).values_list("content_id", "rating", "updated_at"))
        == ratings
    )
    assert Interaction.objects.count() == events


def test_mal_exports_both_layouts_rate_and_fill_the_watchlist(
    auth_client, user, anime_titles, django_capture_on_commit_callbacks
):
    current = report(
        auth_client,
        post_import(
            auth_client, django_capture_on_commit_callbacks, "mal_current_layout.xml", "mal"
        ),
    )
    old = report(
        auth_client,
        post_import(auth_client, django_capture_on_commit_callbacks, "mal_old_layout.xml", "mal"),
    )
    assert current["counts"]["ratings_created"] == 1
    assert current["counts"]["watchlist_added"] == 1
    assert old["counts"]["matched"] == 1
    assert old["counts"]["unmatched"] == 4
    assert dict(Rating.objects.filter(user=user).values_list("content__mal_id", "rating")) == {
        5114: 10,
        48: 10,
    }
    assert list(
        WatchlistItem.objects.filter(user=user).values_list("content__mal_id", flat=True)
    ) == [52991]


def test_the_request_stores_the_file_and_parsing_waits_for_the_task(
    auth_client, user, django_capture_on_commit_callbacks
):
    data = b"Const,Your Rating,Title\ntt0111161,9,A\ntt0468569,eleven,B\n"
    with django_capture_on_commit_callbacks(execute=False):
        response = auth_client.post(
            URL, {"file": upload("ratings.csv", data), "format": "imdb"}, format="multipart"
        )
    assert response.status_code == 202
    job = ImportJob.objects.get(user=user)
    assert (job.status, bytes(job.data), job.counts) == ("pending", data, {})


def test_a_malformed_file_fails_the_job_naming_the_line_and_writes_nothing(
    auth_client, user, imdb_titles, django_capture_on_commit_callbacks
):
    data = b"Const,Your Rating,Title\ntt0111161,9,A\ntt0468569,eleven,B\n"
    body = report(
        auth_client,
        post_import(auth_client, django_capture_on_commit_callbacks, "r.csv", "imdb", data),
    )
    assert body["status"] == "failed"
    assert body["error_line"] == 3
    assert body["error"].startswith("Line 3: rating 'eleven'")
    assert not Rating.objects.exists()
    assert bytes(ImportJob.objects.get(user=user).data) == b""  # the file went with the failure


def test_a_finished_import_keeps_no_copy_of_the_file(
    auth_client, user, imdb_titles, django_capture_on_commit_callbacks
):
    body = report(
        auth_client,
        post_import(
            auth_client, django_capture_on_commit_callbacks, "imdb_list_export.csv", "imdb"
        ),
    )
    assert body["status"] == "done"
    job = ImportJob.objects.get(user=user)
    assert len(job.sha256) == 64
    assert bytes(job.data) == b""


@pytest.mark.parametrize(
    ("fmt", "data", "words"),
    [
        ("imdb", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "not a text file"),
        ("mal", b"PK\x03\x04" + b"\x00\x01" * 200, "not a text file"),
        ("imdb", b"Date,Name,Year,Letterboxd URI,Rating\n2020-01-01,A,1999,u,4\n", "Const"),
        ("letterboxd", b"Const,Your Rating,Title\ntt0111161,9,A\n", "Letterboxd URI"),
        ("mal", b"Const,Your Rating,Title\ntt0111161,9,A\n", "MyAnimeList"),
    ],
)
def test_a_file_that_is_not_the_export_it_claims_is_a_400_and_stores_nothing(
    auth_client, fmt, data, words
):
    response = auth_client.post(URL, {"file": upload("x", data), "format": fmt}, format="multipart")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "parse_error"
    assert words in error["message"]
    assert not ImportJob.objects.exists()


def test_a_failure_while_writing_leaves_nothing_half_imported(
    auth_client, user, imdb_titles, django_capture_on_commit_callbacks, monkeypatch
):
    from apps.accounts import services as account_services

    real = account_services.rating_upsert
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(account_services, "rating_upsert", flaky)
    body = report(
        auth_client,
        post_import(
            auth_client, django_capture_on_commit_callbacks, "imdb_ratings_cp1252_crlf.csv", "imdb"
        ),
    )
    assert body["status"] == "failed"
    assert body["error"]
    assert not Rating.objects.filter(user=user).exists()
    assert not Interaction.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "file"),
        ({"format": "imdb"}, "file"),
        ({"file": "not a file", "format": "imdb"}, "file"),
    ],
)
def test_bad_bodies_are_400_in_the_error_shape(auth_client, data, field):
    response = auth_client.post(URL, data, format="multipart")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_unknown_format_and_empty_file(auth_client):
    bad = auth_client.post(
        URL, {"file": upload("x.csv", b"a"), "format": "trakt"}, format="multipart"
    )
    assert bad.status_code == 400
    assert "format" in bad.json()["error"]["details"]
    empty = auth_client.post(
        URL, {"file": upload("x.csv", b""), "format": "imdb"}, format="multipart"
    )
    assert empty.status_code == 400
    json_body = auth_client.post(URL, {"format": "imdb"}, format="json")
    assert json_body.status_code == 415
    assert json_body.json()["error"]["code"] == "unsupported_media_type"


def test_a_file_over_the_size_limit_is_a_413_and_stores_nothing(auth_client, settings):
    settings.IMPORT_MAX_BYTES = 100
    big = b"Const,Your Rating,Title\n" + b"tt0111161,9,A\n" * 20
    response = auth_client.post(
        URL, {"file": upload("r.csv", big), "format": "imdb"}, format="multipart"
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"
    assert not ImportJob.objects.exists()


def test_a_file_over_the_entry_limit_fails_the_job(
    auth_client, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ROWS = 5
    big = b"Const,Your Rating,Title\n" + b"tt0111161,9,A\n" * 20
    body = report(
        auth_client,
        post_import(auth_client, django_capture_on_commit_callbacks, "r.csv", "imdb", big),
    )
    assert body["status"] == "failed"
    assert "more than 5 entries" in body["error"]
    assert body["error_line"] == 7
    assert not Rating.objects.exists()


def test_imports_are_private_and_unknown_ids_404(
    api_client, auth_client, user, imdb_titles, django_capture_on_commit_callbacks
):
    response = post_import(
        auth_client, django_capture_on_commit_callbacks, "imdb_list_export.csv", "imdb"
    )
    url = response.json()["url"]
    from apps.accounts.tests.factories import UserFactory

    api_client.force_authenticate(UserFactory())
    assert api_client.get(url).status_code == 404
    assert (
        auth_client.get(reverse("portability-api:import-detail", args=[999999])).status_code == 404
    )
    api_client.force_authenticate(None)
    assert api_client.get(url).status_code == 401


def test_recommendations_use_the_import_at_once(
    api_client, trained, django_capture_on_commit_callbacks
):
    from apps.accounts.tests.factories import UserFactory
    from recommender.tests.api.conftest import titles

    comedies = trained["b"][:5]
    for index, content in enumerate(comedies):
        content.imdb_id = f"tt90000{index:02d}"
        content.save(update_fields=["imdb_id"])
    user = UserFactory()
    api_client.force_authenticate(user)
    recs = reverse("ml-api:user", args=[user.pk])
    before = titles(api_client.post(recs, {"k": 5}, format="json"))

    csv = "Const,Your Rating,Date Rated,Title,Title Type,Year\n" + "".join(
        f"{c.imdb_id},10,2025-01-01,{c.title},Movie,{c.year}\n" for c in comedies
    )
    response = post_import(
        api_client, django_capture_on_commit_callbacks, "ratings.csv", "imdb", csv.encode()
    )
    assert report(api_client, response)["counts"]["ratings_created"] == 5
    after = titles(api_client.post(recs, {"k": 5}, format="json"))

    assert after != before
    assert all(t.startswith("English Comedy") for t in after)
    assert not set(after) & {c.title for c in comedies}


def test_reimport_with_a_new_score_updates_and_keeps_the_review(
    auth_client, user, imdb_titles, django_capture_on_commit_callbacks
):
    shawshank = imdb_titles["tt0111161"]
    Rating.objects.create(user=user, content=shawshank, rating=6, review="Slow start.")
    data = (
        b"Const,Your Rating,Date Rated,Title,Title Type,Year\ntt0111161,9,2025-01-01,X,Movie,1994\n"
    )
    body = report(
        auth_client,
        post_import(auth_client, django_capture_on_commit_callbacks, "r.csv", "imdb", data),
    )
    assert body["counts"]["ratings_updated"] == 1
    row = Rating.objects.get(user=user, content=shawshank)
    assert (row.rating, row.review) == (9, "Slow start.")


def _post_from(client, address):
    data = b"Const,Your Rating,Title\ntt0111161,9,A\n"
    return client.post(
        URL,
        {"file": upload("r.csv", data), "format": "imdb"},
        format="multipart",
        REMOTE_ADDR=address,
    )


def test_imports_have_a_per_user_limit_across_addresses(auth_client, settings):
    settings.IMPORT_RATE = "1/min"
    assert _post_from(auth_client, "203.0.113.1").status_code == 202
    second = _post_from(auth_client, "203.0.113.2")
    assert second.status_code == 429
    assert second.json()["error"]["code"] == "throttled"


def test_imports_have_a_per_address_limit_across_accounts(api_client, settings):
    from apps.accounts.tests.factories import UserFactory

    settings.IMPORT_RATE_PER_ADDRESS = "2/min"
    statuses = []
    for _ in range(3):
        api_client.force_authenticate(UserFactory())
        statuses.append(_post_from(api_client, "198.51.100.7").status_code)
    api_client.force_authenticate(UserFactory())
    other_address = _post_from(api_client, "198.51.100.8").status_code
    assert statuses == [202, 202, 429]
    assert other_address == 202


def test_a_broker_outage_keeps_the_import_queued_until_the_broker_returns(
    auth_client, user, django_capture_on_commit_callbacks, monkeypatch
):
    from apps.core import outbox
    from apps.core.models import OutboxMessage
    from apps.core.tests.redis_server import free_port
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", f"redis://127.0.0.1:{free_port()}/0")
    outbox.broker_breaker.reset()
    data = b"Const,Your Rating,Title\ntt0111161,9,A\n"
    response = post_import(auth_client, django_capture_on_commit_callbacks, "r.csv", "imdb", data)

    assert response.status_code == 202
    assert auth_client.get(response.json()["url"]).json()["status"] == "pending"
    message = OutboxMessage.objects.get(task_name="portability.import_run")
    assert message.sent_at is None

    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the broker is back
    outbox.broker_breaker.reset()
    outbox.drain()

    assert auth_client.get(response.json()["url"]).json()["status"] == "done"
    outbox.broker_breaker.reset()
