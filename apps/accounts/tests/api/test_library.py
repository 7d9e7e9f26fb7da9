import pytest
from django.urls import reverse

from apps.accounts.models import Favorite, Rating, WatchlistItem
from apps.analytics.models import Interaction
from apps.catalog.tests.factories import ContentFactory

pytestmark = pytest.mark.django_db
WATCHLIST = reverse("user-api:watchlist")
FAVORITES = reverse("user-api:favorites")
RATING = reverse("user-api:rating")


@pytest.mark.parametrize(("url", "model"), [(WATCHLIST, WatchlistItem), (FAVORITES, Favorite)])
def test_add_list_and_remove(auth_client, user, url, model):
    content = ContentFactory(title="Baahubali: The Beginning")

    added = auth_client.post(url, {"content_id": content.pk}, format="json")
    again = auth_client.post(url, {"content_id": content.pk}, format="json")
    listed = auth_client.get(url)
    removed = auth_client.delete(url, {"content_id": content.pk}, format="json")

    assert added.status_code == 201
    assert again.status_code == 200
    assert listed.json()["count"] == 1
    assert listed.json()["results"][0]["content"]["title"] == "Baahubali: The Beginning"
    assert removed.status_code == 204
    assert not model.objects.filter(user=user).exists()
    kinds = list(
        Interaction.objects.filter(user=user).order_by("id").values_list("kind", flat=True)
    )
    assert len(kinds) == 2  # the repeated add changed nothing and logged nothing
    assert kinds[0].endswith("_add")
    assert kinds[1].endswith("_remove")


def test_remove_by_path_and_missing_entry_is_404(auth_client):
    content = ContentFactory()
    auth_client.post(WATCHLIST, {"content_id": content.pk}, format="json")

    first = auth_client.delete(f"{WATCHLIST}/{content.pk}")
    second = auth_client.delete(f"{WATCHLIST}/{content.pk}")

    assert first.status_code == 204
    assert second.status_code == 404
    assert second.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "validation_error"),
        ({"content_id": "abc"}, 400, "validation_error"),
        ({"content_id": -3}, 400, "validation_error"),
        ({"content_id": 999999}, 404, "not_found"),
    ],
)
def test_bad_watchlist_bodies_get_the_error_shape(auth_client, user, body, status, code):
    response = auth_client.post(WATCHLIST, body, format="json")

    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert not WatchlistItem.objects.exists()


def test_rate_then_rerate_keeps_one_row_and_logs_both(auth_client, user):
    content = ContentFactory()

    first = auth_client.post(RATING, {"content_id": content.pk, "rating": 6}, format="json")
    second = auth_client.post(
        RATING,
        {"content_id": content.pk, "rating": 9, "review": "Better the second time."},
        format="json",
    )

    assert first.status_code == 201
    assert second.status_code == 200
    row = Rating.objects.get(user=user, content=content)
    assert (row.rating, row.review) == (9, "Better the second time.")
    assert Rating.objects.count() == 1
    values = list(
        Interaction.objects.filter(kind="rate").order_by("id").values_list("value", flat=True)
    )
    assert values == [6.0, 9.0]
    listed = auth_client.get(RATING).json()
    assert listed["count"] == 1
    assert listed["results"][0]["rating"] == 9


@pytest.mark.parametrize("rating", [0, 11, 7.5, "seven", None, True])
def test_rating_outside_1_to_10_or_not_an_integer_is_400(auth_client, rating):
    content = ContentFactory()

    response = auth_client.post(RATING, {"content_id": content.pk, "rating": rating}, format="json")

    assert response.status_code == 400
    assert "rating" in response.json()["error"]["details"]
    assert not Rating.objects.exists()


def test_lists_are_paginated_and_oversize_pages_are_rejected(auth_client):
    for content in ContentFactory.create_batch(3):
        auth_client.post(FAVORITES, {"content_id": content.pk}, format="json")

    page = auth_client.get(FAVORITES, {"page_size": 2}).json()
    oversize = auth_client.get(FAVORITES, {"page_size": 5000})
    past_end = auth_client.get(FAVORITES, {"page": 99})

    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"]
    assert oversize.status_code == 400
    assert "page_size" in oversize.json()["error"]["details"]
    assert past_end.status_code == 404
    assert past_end.json()["error"]["code"] == "not_found"


def test_users_only_see_their_own_library(auth_client, api_client):
    content = ContentFactory()
    auth_client.post(WATCHLIST, {"content_id": content.pk}, format="json")
    from apps.accounts.tests.factories import UserFactory

    api_client.force_authenticate(UserFactory())
    assert api_client.get(WATCHLIST).json()["count"] == 0


def test_changing_the_stars_keeps_the_review(auth_client, user):
    content = ContentFactory()
    auth_client.post(
        RATING, {"content_id": content.pk, "rating": 6, "review": "Slow start."}, format="json"
    )

    response = auth_client.post(RATING, {"content_id": content.pk, "rating": 8}, format="json")

    assert response.status_code == 200
    assert response.json()["review"] == "Slow start."
    row = Rating.objects.get(user=user, content=content)
    assert (row.rating, row.review) == (8, "Slow start.")


def test_changing_only_the_review_keeps_the_stars_and_logs_no_rate(auth_client, user):
    content = ContentFactory()
    auth_client.post(RATING, {"content_id": content.pk, "rating": 7}, format="json")

    edited = auth_client.post(
        RATING, {"content_id": content.pk, "review": "Grew on me."}, format="json"
    )
    cleared = auth_client.post(RATING, {"content_id": content.pk, "review": ""}, format="json")

    assert edited.status_code == 200
    assert edited.json()["review"] == "Grew on me."
    assert cleared.status_code == 200
    row = Rating.objects.get(user=user, content=content)
    assert (row.rating, row.review) == (7, "")  # an explicit "" clears it
    assert Interaction.objects.filter(kind="rate").count() == 1


def test_a_review_without_a_rating_needs_an_existing_rating(auth_client):
    content = ContentFactory()

    only_review = auth_client.post(
        RATING, {"content_id": content.pk, "review": "No stars."}, format="json"
    )
    nothing = auth_client.post(RATING, {"content_id": content.pk}, format="json")

    assert only_review.status_code == 400
    assert only_review.json()["error"]["code"] == "rating_required"
    assert "rating" in only_review.json()["error"]["details"]
    assert nothing.status_code == 400
    assert "rating" in nothing.json()["error"]["details"]
    assert not Rating.objects.exists()
