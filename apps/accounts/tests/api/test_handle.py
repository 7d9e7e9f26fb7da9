"""The public handle through the API: generated or chosen at registration, changed in the
profile, refused with a 400 in the error shape, and still a way to sign in."""

import pytest
from django.urls import reverse

from apps.accounts.handles import handle_problem
from apps.accounts.models import User
from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory
from apps.catalog.tests.factories import ContentFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("auth-api:register")
LOGIN = reverse("auth-api:login")
PROFILE = reverse("user-api:profile")


def _register(api_client, **extra):
    body = {"email": "latha.k@mail.example.in", "password": TEST_PASSWORD, **extra}
    return api_client.post(REGISTER, body, format="json")


def test_register_without_a_handle_generates_one_not_made_from_the_address(api_client):
    response = _register(api_client)

    assert response.status_code == 201
    user = response.json()["user"]
    assert user["handle"] == user["username"]
    assert handle_problem(user["handle"], email="latha.k@mail.example.in") is None
    assert "latha" not in user["handle"]
    assert User.objects.get().username == user["handle"]


@pytest.mark.parametrize("field", ["handle", "username"])
def test_register_with_a_chosen_handle_keeps_it(api_client, field):
    response = _register(api_client, **{field: "Latha_Te"})

    assert response.status_code == 201
    assert response.json()["user"]["handle"] == "Latha_Te"


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"handle": "latha@mail.example.in"}, "invalid_handle", "handle"),
        ({"username": "latha@mail.example.in"}, "invalid_handle", "handle"),
        ({"handle": "lathakmailexamplein"}, "invalid_handle", "handle"),
        ({"handle": "admin"}, "invalid_handle", "handle"),
        ({"handle": "ab"}, "invalid_handle", "handle"),
        ({"handle": "RAVI"}, "handle_taken", "handle"),
        ({"display_name": "latha.k@mail.example.in"}, "invalid_display_name", "display_name"),
    ],
)
def test_register_refuses_a_bad_or_taken_handle_with_a_400(api_client, extra, code, field):
    UserFactory(username="ravi")

    response = _register(api_client, **extra)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert len(error["details"][field]) == 1
    assert User.objects.count() == 1


def test_changing_the_handle_changes_nothing_else(auth_client, user):
    film = ContentFactory()
    auth_client.post("/api/user/rating", {"content_id": film.pk, "rating": 8}, format="json")
    fields = ("email", "display_name", "preferred_languages", "country", "ui_language", "password")
    before = {name: getattr(user, name) for name in fields}

    response = auth_client.patch(PROFILE, {"handle": "new-handle"}, format="json")

    assert response.status_code == 200
    assert response.json()["handle"] == "new-handle"
    user.refresh_from_db()
    assert user.username == "new-handle"
    assert {name: getattr(user, name) for name in fields} == before
    assert user.ratings.count() == 1


@pytest.mark.parametrize(
    ("handle", "code"),
    [
        ("Taken-One", "handle_taken"),
        ("someone@example.com", "invalid_handle"),
        ("root", "invalid_handle"),
        ("has space", "invalid_handle"),
    ],
)
def test_a_taken_or_invalid_new_handle_is_a_400_and_changes_nothing(
    auth_client, user, handle, code
):
    UserFactory(username="taken-one")
    before = (user.username, user.display_name)

    response = auth_client.patch(
        PROFILE, {"handle": handle, "display_name": "Changed"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert list(response.json()["error"]["details"]) == ["handle"]
    user.refresh_from_db()
    assert (user.username, user.display_name) == before


def test_a_display_name_that_is_an_address_is_a_400(auth_client, user):
    response = auth_client.patch(PROFILE, {"display_name": user.email}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_display_name"
    user.refresh_from_db()
    assert user.display_name != user.email


def test_a_case_change_of_ones_own_handle_is_allowed(auth_client, user):
    response = auth_client.patch(PROFILE, {"handle": user.username.upper()}, format="json")

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.username == response.json()["handle"]


def test_sign_in_with_the_new_handle_or_the_email(api_client, auth_client, user):
    assert auth_client.patch(PROFILE, {"handle": "kavya-k"}, format="json").status_code == 200

    by_handle = api_client.post(
        LOGIN, {"login": "kavya-k", "password": TEST_PASSWORD}, format="json"
    )
    by_email = api_client.post(
        LOGIN, {"login": user.email, "password": TEST_PASSWORD}, format="json"
    )

    assert (by_handle.status_code, by_email.status_code) == (200, 200)
