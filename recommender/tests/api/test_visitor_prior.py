"""Where the visitor is leads their first recommendations (issue 14): a Telangana address gets
Telugu first, a Tamil Nadu address Tamil first, before any rating or profile language."""

import pytest
from django.urls import reverse

from apps.accounts.tests.factories import TEST_PASSWORD
from apps.catalog.models import Content, Genre
from apps.catalog.tests.factories import ContentFactory
from recommender.serving.registry import registry
from recommender.training.runs import DEFAULT_ALGORITHMS, train

pytestmark = pytest.mark.django_db

TELANGANA_IP = "14.139.64.1"  # found in the DB-IP City Lite file (apps/regional/tests)
TAMIL_NADU_IP = "1.6.0.1"
PROXY = "10.0.0.2"


@pytest.fixture
def tamil_too(world):
    """The serving world plus Tamil action films nobody has rated yet (popular ones)."""
    action = Genre.objects.get(slug="action")
    for i in range(6):
        ContentFactory(
            title=f"Tamil Action {i}", original_language="ta", year=2015 + i, popularity=55 + i
        ).genres.add(action)
    registry.reset()
    train(DEFAULT_ALGORITHMS)
    yield world
    registry.reset()


@pytest.fixture
def through_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def headers(ip: str) -> dict[str, str]:
        return {"HTTP_X_FORWARDED_FOR": ip, "REMOTE_ADDR": PROXY}

    return headers


def _languages(response, n: int = 3) -> list[str]:
    assert response.status_code == 200, response.content
    ids = [item["content"]["id"] for item in response.json()["items"][:n]]
    return [Content.objects.get(pk=i).original_language for i in ids]


@pytest.mark.parametrize(("ip", "language"), [(TELANGANA_IP, "te"), (TAMIL_NADU_IP, "ta")])
def test_a_new_users_first_list_leads_with_the_language_of_where_they_signed_up(
    api_client, tamil_too, through_proxy, ip, language
):
    registered = api_client.post(
        reverse("auth-api:register"),
        {"email": f"new-{language}@example.com", "password": TEST_PASSWORD},
        format="json",
        **through_proxy(ip),
    )
    assert registered.status_code == 201
    user = registered.json()["user"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {registered.json()['tokens']['access']}")

    first = api_client.post(
        reverse("ml-api:user", args=[user["id"]]), {"k": 5}, format="json", **through_proxy(ip)
    )

    assert user["preferred_languages"] == []  # nothing declared: the location alone decides
    assert _languages(first) == [language] * 3


@pytest.mark.parametrize(("ip", "language"), [(TELANGANA_IP, "te"), (TAMIL_NADU_IP, "ta")])
def test_an_anonymous_visitors_lists_lead_with_their_regions_language(
    api_client, tamil_too, through_proxy, ip, language
):
    by_genre = api_client.post(
        reverse("ml-api:genre-based"),
        {"genres": ["action"], "k": 5},
        format="json",
        **through_proxy(ip),
    )
    trending = api_client.post(
        reverse("ml-api:trending"), {"k": 5}, format="json", **through_proxy(ip)
    )

    assert _languages(by_genre)[0] == language
    assert _languages(trending)[0] == language


def test_without_a_trusted_proxy_the_forwarded_address_is_not_believed(
    api_client, tamil_too, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.DEFAULT_COUNTRY = "IN"

    response = api_client.post(
        reverse("ml-api:genre-based"),
        {"genres": ["action"], "k": 5},
        format="json",
        HTTP_X_FORWARDED_FOR=TAMIL_NADU_IP,
        REMOTE_ADDR="127.0.0.1",
    )

    assert response.status_code == 200
    assert _languages(response)[0] != "ta"  # a made-up header does not move anyone to Chennai
