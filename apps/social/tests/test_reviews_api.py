import pytest
from django.contrib.admin.sites import site
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from rest_framework.test import APIClient

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory
from apps.analytics.models import Interaction
from apps.catalog.tests.factories import ContentFactory
from apps.social.models import HelpfulVote, ReviewMeta, ReviewReport

pytestmark = pytest.mark.django_db


def reviews_url(content):
    return f"/api/content/{content.pk}/reviews"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def write(user, content, text="Great film", **extra):
    body = {"rating": 8, "review": text, **extra}
    response = client_for(user).post(reviews_url(content), body, format="json")
    assert response.status_code in (200, 201), response.content
    return response.json()


@pytest.fixture
def film(db):
    return ContentFactory(title="Baahubali", year=2015)


def test_writing_a_review_is_a_rating_with_spoiler_and_language(film):
    author = UserFactory()
    body = write(author, film, "Kattappa! <b>why</b>", spoiler=True, language="te")
    assert body["spoiler"] is True
    assert body["language"] == "te"
    assert body["review"] == "Kattappa! <b>why</b>"  # stored as typed; JSON carries it as text
    row = Rating.objects.get(user=author, content=film)
    assert row.rating == 8
    assert row.review_meta.spoiler
    assert Interaction.objects.filter(user=author, content=film, kind="rate").exists()


def test_public_reviews_newest_or_most_helpful_with_language_filter(api_client, film):
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    old = write(first, film, "Old review", language="en")
    new = write(second, film, "Telugu review", language="te")
    Rating.objects.create(user=third, content=film, rating=5)  # rating without text: not a review
    for voter in (UserFactory(), UserFactory()):
        assert client_for(voter).post(f"/api/reviews/{old['id']}/helpful").status_code == 201

    newest = api_client.get(reviews_url(film)).json()
    assert [r["id"] for r in newest["results"]] == [new["id"], old["id"]]
    helpful = api_client.get(reviews_url(film), {"ordering": "helpful"}).json()
    assert [(r["id"], r["helpful_count"]) for r in helpful["results"]] == [
        (old["id"], 2),
        (new["id"], 0),
    ]
    te = api_client.get(reviews_url(film), {"language": "te"}).json()
    assert [r["id"] for r in te["results"]] == [new["id"]]
    assert api_client.get(reviews_url(film), {"page_size": 1}).json()["count"] == 2


def test_one_helpful_vote_per_user(film):
    review = write(UserFactory(), film)
    voter = client_for(UserFactory())
    assert voter.post(f"/api/reviews/{review['id']}/helpful").status_code == 201
    again = voter.post(f"/api/reviews/{review['id']}/helpful")
    assert again.status_code == 200
    assert again.json()["helpful_count"] == 1
    assert HelpfulVote.objects.count() == 1
    assert voter.delete(f"/api/reviews/{review['id']}/helpful").status_code == 204
    assert voter.delete(f"/api/reviews/{review['id']}/helpful").status_code == 404


def test_you_cannot_vote_for_your_own_review(film):
    author = UserFactory()
    review = write(author, film)
    response = client_for(author).post(f"/api/reviews/{review['id']}/helpful")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "own_review"


def _admin_request(user):
    request = RequestFactory().post("/admin/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_reported_review_waits_in_the_queue_and_a_curator_hides_it(api_client, film):
    review = write(UserFactory(), film, "Buy cheap pills at example.com")
    reporter = client_for(UserFactory())
    response = reporter.post(
        f"/api/reviews/{review['id']}/report", {"reason": "spam"}, format="json"
    )
    assert response.status_code == 201
    assert (
        reporter.post(
            f"/api/reviews/{review['id']}/report", {"reason": "spam"}, format="json"
        ).status_code
        == 200
    )
    assert ReviewReport.objects.filter(status="open").count() == 1

    curator = UserFactory(is_staff=True, is_superuser=True)
    admin = site._registry[ReviewReport]
    admin.hide_review(_admin_request(curator), ReviewReport.objects.all())

    assert ReviewReport.objects.get().status == "hidden"
    assert ReviewMeta.objects.get(rating_id=review["id"]).is_hidden
    assert api_client.get(reviews_url(film)).json()["count"] == 0
    assert reporter.post(f"/api/reviews/{review['id']}/helpful").status_code == 404


def test_admin_queue_page_lists_reports(client, film):
    review = write(UserFactory(), film)
    client_for(UserFactory()).post(
        f"/api/reviews/{review['id']}/report", {"reason": "abuse"}, format="json"
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/social/reviewreport/")
    assert page.status_code == 200
    assert b"Great film" in page.content


def test_review_write_rate_limit_per_user(settings, film):
    settings.REVIEW_WRITE_RATE = "2/min"
    author = client_for(UserFactory())
    for _ in range(2):
        assert author.post(
            reviews_url(film), {"rating": 7, "review": "x"}, format="json"
        ).status_code in (200, 201)
    limited = author.post(reviews_url(film), {"rating": 7, "review": "x"}, format="json")
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "throttled"
    assert (
        client_for(UserFactory())
        .post(reviews_url(film), {"rating": 7, "review": "y"}, format="json")
        .status_code
        == 201
    )  # another user has their own budget


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "rating"),
        ({"rating": "eight", "review": "x"}, "rating"),
        ({"rating": 8}, "review"),
        ({"rating": 8, "review": ""}, "review"),
        ({"rating": 8, "review": "x" * 5001}, "review"),
        ({"rating": 8, "review": "x", "language": "xx"}, "language"),
        ({"rating": 8, "review": "x", "spoiler": "maybe"}, "spoiler"),
    ],
)
def test_bad_review_bodies_are_400(film, body, field):
    response = client_for(UserFactory()).post(reviews_url(film), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"ordering": "best"}, "ordering"),
        ({"language": "zz"}, "language"),
        ({"page_size": 1000}, "page_size"),
    ],
)
def test_bad_review_queries_are_400(api_client, film, query, field):
    response = api_client.get(reviews_url(film), query)
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_unknown_ids_and_anonymous_writes(api_client, film):
    assert api_client.get("/api/content/999999/reviews").status_code == 404
    assert (
        api_client.post(reviews_url(film), {"rating": 8, "review": "x"}, format="json").status_code
        == 401
    )
    voter = client_for(UserFactory())
    assert voter.post("/api/reviews/999999/helpful").status_code == 404
    assert (
        voter.post("/api/reviews/999999/report", {"reason": "spam"}, format="json").status_code
        == 404
    )
    bad = voter.post("/api/reviews/1/report", {"reason": "boring"}, format="json")
    assert bad.status_code in (400, 404)


def test_review_list_query_count_does_not_grow_with_reviews(
    api_client, film, django_assert_max_num_queries
):
    for _ in range(15):
        write(UserFactory(), film)
    with django_assert_max_num_queries(4):
        response = api_client.get(reviews_url(film))
    assert response.json()["count"] == 15


def test_editing_a_review_keeps_the_spoiler_flag_and_language_it_did_not_send(film):
    author = UserFactory()
    write(author, film, "Kattappa!", spoiler=True, language="te")

    edited = write(author, film, "Kattappa! Twice.")

    assert (edited["spoiler"], edited["language"]) == (True, "te")
    meta = ReviewMeta.objects.get(rating__user=author)
    assert (meta.spoiler, meta.language) == (True, "te")
    unflagged = write(author, film, "Kattappa! Twice.", spoiler=False)
    assert (unflagged["spoiler"], unflagged["language"]) == (False, "te")


def test_a_new_review_without_flags_is_not_a_spoiler_and_english(film):
    body = write(UserFactory(), film, "Fine.")

    assert (body["spoiler"], body["language"]) == (False, "en")
