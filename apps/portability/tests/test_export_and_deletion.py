import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory
from apps.analytics.models import Interaction
from apps.portability.tests.conftest import upload
from apps.social.models import HelpfulVote, UserList

pytestmark = pytest.mark.django_db
EXPORT = "/api/user/export"


def do_import(client, capture, name, fmt, data=None):
    with capture(execute=True):
        response = client.post(
            "/api/user/imports", {"file": upload(name, data), "format": fmt}, format="multipart"
        )
    assert response.status_code == 202
    return client.get(response.json()["url"]).json()


def test_json_export_gives_back_what_was_imported(
    auth_client, user, imdb_titles, anime_titles, django_capture_on_commit_callbacks
):
    do_import(
        auth_client, django_capture_on_commit_callbacks, "imdb_ratings_cp1252_crlf.csv", "imdb"
    )
    do_import(auth_client, django_capture_on_commit_callbacks, "mal_current_layout.xml", "mal")

    body = auth_client.get(EXPORT).json()

    assert {(r["content_id"], r["rating"]) for r in body["ratings"]} == {
        (imdb_titles["tt0468569"].pk, 8),
        (imdb_titles["tt0111161"].pk, 9),
        (imdb_titles["tt0211915"].pk, 10),
        (imdb_titles["tt7366338"].pk, 9),
        (anime_titles[5114].pk, 10),
    }
    assert [w["mal_id"] for w in body["watchlist"]] == [52991]
    assert body["account"]["email"] == user.email


def test_csv_export_is_imdb_compatible_and_imports_back_into_a_new_account(
    auth_client, user, imdb_titles, anime_titles, django_capture_on_commit_callbacks
):
    do_import(
        auth_client, django_capture_on_commit_callbacks, "imdb_ratings_cp1252_crlf.csv", "imdb"
    )
    do_import(auth_client, django_capture_on_commit_callbacks, "mal_current_layout.xml", "mal")
    Rating.objects.filter(user=user, content=imdb_titles["tt0111161"]).update(review="Hope, 10/10")
    Favorite.objects.create(user=user, content=imdb_titles["tt0468569"])

    response = auth_client.get(EXPORT, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.startswith("Const,Your Rating,Date Rated,Title,URL,Title Type,Year,")
    shawshank = next(r for r in rows if r["Const"] == "tt0111161")
    assert shawshank["Your Rating"] == "9"
    assert shawshank["Review"] == "Hope, 10/10"
    assert shawshank["URL"] == "https://www.imdb.com/title/tt0111161/"
    assert {r["List"] for r in rows} == {"ratings", "watchlist", "favorites"}

    other = UserFactory()
    client = APIClient()
    client.force_authenticate(other)
    report = do_import(
        client, django_capture_on_commit_callbacks, "export.csv", "imdb", response.content
    )
    assert report["counts"]["unmatched"] == 0

    def library(who):
        return (
            set(Rating.objects.filter(user=who).values_list("content_id", "rating")),
            set(WatchlistItem.objects.filter(user=who).values_list("content_id", flat=True)),
        )

    assert library(other) == library(user)


@pytest.mark.parametrize("query", [{"format": "xml"}, {"format": "CSV "}])
def test_export_bad_format_is_400(auth_client, query):
    response = auth_client.get(EXPORT, query)
    assert response.status_code == 400
    assert "format" in response.json()["error"]["details"]


def test_export_needs_sign_in(api_client):
    assert api_client.get(EXPORT).status_code == 401


def login(client, user):
    response = client.post(
        reverse("auth-api:login"), {"email": user.email, "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_account_deletion_removes_personal_data_and_tokens_and_keeps_counts_anonymous(
    api_client, imdb_titles
):
    user = UserFactory()
    tokens = login(api_client, user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    content = imdb_titles["tt0111161"]
    api_client.post(
        reverse("user-api:rating"), {"content_id": content.pk, "rating": 9}, format="json"
    )
    api_client.post(reverse("user-api:watchlist"), {"content_id": content.pk}, format="json")
    api_client.post("/api/lists/", {"name": "Mine", "is_public": True}, format="json")
    reader = UserFactory()
    other_review = Rating.objects.create(user=reader, content=content, rating=7, review="ok")
    HelpfulVote.objects.create(user=user, rating=other_review)
    events = Interaction.objects.filter(user=user).count()
    assert events == 2

    wrong = api_client.delete("/api/user/account", {"password": "nope"}, format="json")
    assert wrong.status_code == 403
    assert wrong.json()["error"]["code"] == "wrong_password"
    assert api_client.delete("/api/user/account", {}, format="json").status_code == 400

    response = api_client.delete("/api/user/account", {"password": TEST_PASSWORD}, format="json")

    assert response.status_code == 204
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Rating.objects.filter(user_id=user.pk).exists()
    assert not UserList.objects.exists()
    assert not HelpfulVote.objects.exists()
    anonymous = Interaction.objects.filter(content=content, user__isnull=True)
    assert anonymous.count() == events  # the title's counts survive without the person
    assert all(row.context == {} for row in anonymous)
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    assert not OutstandingToken.objects.exists()  # the person's tokens went with them
    assert api_client.get(reverse("user-api:profile")).status_code == 401
    refresh = APIClient().post(
        reverse("auth-api:refresh"), {"refresh": tokens["refresh"]}, format="json"
    )
    assert refresh.status_code == 401
    assert Rating.objects.filter(user=reader).exists()  # other people's data untouched


def test_error_messages_are_translated():
    from django.utils import translation

    from apps.core.exceptions import ApplicationError
    from apps.portability.personal import account_delete

    user = UserFactory()
    with translation.override("te"), pytest.raises(ApplicationError) as exc:
        account_delete(user=user, password="wrong")
    assert exc.value.message == "పాస్‌వర్డ్ సరైనది కాదు."
