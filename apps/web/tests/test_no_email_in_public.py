"""Issue 23: a person who registers with only an e-mail address and a password, reviews a title
and publishes a list must not see that address, or anything made from it, on any page or answer
another person can read."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory
from apps.catalog.tests.factories import ContentFactory

pytestmark = pytest.mark.django_db

EMAIL = "Ottoline.Vexley+films@privacy-probe.example.org"
# The address and everything a page could have made from it: the local part, its words and
# the slug of the whole address (the old list slugs: ottolinevexleyfilmsprivacyprobeexampleorg).
LEAKS = ("ottoline", "vexley", "privacy-probe", "privacyprobe", "ottolinevexley")


def _leaks(body: str) -> list[str]:
    folded = body.casefold()
    letters = re.sub(r"[^0-9a-z]", "", folded)
    found = [word for word in (EMAIL.casefold(), *LEAKS) if word in folded]
    return found + (["<address slug>"] if "ottolinevexleyfilms" in letters else [])


def _register_review_and_publish() -> tuple[int, str, str]:
    """Through the API, as the issue describes: only an e-mail and a password."""
    author = APIClient()
    registered = author.post(
        "/api/auth/register", {"email": EMAIL, "password": TEST_PASSWORD}, format="json"
    )
    assert registered.status_code == 201, registered.content
    author.credentials(HTTP_AUTHORIZATION=f"Bearer {registered.json()['tokens']['access']}")
    film = ContentFactory(title="Magadheera", poster_url="https://img.example/m.jpg")
    review = author.post(
        f"/api/content/{film.pk}/reviews",
        {"rating": 9, "review": "Grand, and the second half flies."},
        format="json",
    )
    assert review.status_code == 201, review.content
    created = author.post("/api/lists/", {"name": "Picks", "is_public": True}, format="json")
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    added = author.post(f"/api/lists/{slug}/items", {"content_id": film.pk}, format="json")
    assert added.status_code == 201, added.content
    return film.pk, slug, registered.json()["user"]["handle"]


def test_no_public_surface_shows_the_address_or_its_slug(client):
    content_id, slug, handle = _register_review_and_publish()
    reader = APIClient()
    reader.force_authenticate(UserFactory())
    surfaces = {
        "reviews API": APIClient().get(f"/api/content/{content_id}/reviews"),
        "list API (anonymous)": APIClient().get(f"/api/lists/{slug}"),
        "list API (another member)": reader.get(f"/api/lists/{slug}"),
        "title page": client.get(reverse("web:title", args=[content_id])),
        "list page": client.get(reverse("web:list", args=[slug])),
    }

    statuses = {name: response.status_code for name, response in surfaces.items()}
    leaks = {name: _leaks(r.content.decode()) for name, r in surfaces.items()}

    assert statuses == dict.fromkeys(surfaces, 200)
    assert leaks == {name: [] for name in surfaces}
    assert _leaks(slug) == []
    reviews = surfaces["reviews API"].json()["results"]
    shared = surfaces["list API (anonymous)"].json()
    assert [r["author"] for r in reviews] == [handle]
    assert (shared["owner"], shared["owner_handle"]) == (handle, handle)
    assert handle in shared["share"]["title"]
    assert handle in surfaces["title page"].content.decode()
    assert handle in surfaces["list page"].content.decode()
