import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.accounts.tests.factories import UserFactory
from apps.catalog.models import Genre
from apps.catalog.tests.factories import ContentFactory
from recommender.models import ModelArtifact
from recommender.serving.registry import registry
from recommender.tests.api.conftest import titles
from recommender.training.runs import DEFAULT_ALGORITHMS, train

pytestmark = pytest.mark.django_db


def user_url(user):
    return reverse("ml-api:user", args=[user.pk])


def rate(client, content, value):
    response = client.post(
        reverse("user-api:rating"), {"content_id": content.pk, "rating": value}, format="json"
    )
    assert response.status_code in (200, 201)


def test_five_ratings_change_the_next_recommendations(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    before = titles(api_client.post(user_url(user), {"k": 5}, format="json"))

    for content in trained["b"][:5]:
        rate(api_client, content, 10)
    response = api_client.post(user_url(user), {"k": 5}, format="json")

    after = titles(response)
    assert len(after) == 5
    assert after != before
    assert all(t.startswith("English Comedy") for t in after)
    assert not set(after) & {c.title for c in trained["b"][:5]}  # seen titles excluded
    body = response.json()
    assert body["meta"]["algorithm"] == "hybrid"
    assert all(
        item["reason"].startswith("because you liked English Comedy") for item in body["items"]
    )
    assert all(isinstance(item["score"], float) for item in body["items"])


def test_taste_shift_shows_in_the_next_call(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    for content in trained["a"][:4]:
        rate(api_client, content, 9)
    first = titles(api_client.post(user_url(user), {"k": 3}, format="json"))
    for content in trained["b"][:6]:
        rate(api_client, content, 10)
    for content in trained["a"][:4]:
        rate(api_client, content, 2)  # re-rating updates the one row: the old taste fades
    second = titles(api_client.post(user_url(user), {"k": 3}, format="json"))

    assert len(first) == len(second) == 3
    assert all(t.startswith("Telugu Action") for t in first)
    assert all(t.startswith("English Comedy") for t in second)


@pytest.fixture
def trained_with_unrated_telugu(world):
    """The world plus Telugu dramas that no one has rated: no collaborative signal at all."""
    drama = Genre.objects.get(slug="drama")
    unrated = []
    for i in range(8):
        film = ContentFactory(
            title=f"Unrated Telugu Drama {i}", original_language="te", year=2015, popularity=10 + i
        )
        film.genres.add(drama)
        unrated.append(film)
    registry.reset()
    train(DEFAULT_ALGORITHMS)
    yield unrated
    registry.reset()


def test_titles_nobody_else_rated_still_lead_to_the_users_language(
    api_client, trained_with_unrated_telugu
):
    user = UserFactory(preferred_languages=["te"])
    api_client.force_authenticate(user)
    for content in trained_with_unrated_telugu[:3]:
        rate(api_client, content, 9)

    response = api_client.post(user_url(user), {"k": 5}, format="json")

    body = response.json()
    assert response.status_code == 200
    # the collaborative models have nothing to go on: the chain moves to content-based, and says so
    assert body["meta"]["algorithm"] == "content"
    assert [f["algorithm"] for f in body["meta"]["fallbacks"]] == ["hybrid", "als", "item_knn"]
    assert [i["content"]["original_language"] for i in body["items"]] == ["te"] * 5
    dramas = [i["content"]["title"] for i in body["items"] if "Drama" in i["content"]["title"]]
    # among titles the models cannot tell apart, the better-known come first
    assert dramas[:3] == [f"Unrated Telugu Drama {i}" for i in (7, 6, 5)]


def test_cold_start_uses_onboarding_languages_and_genres(api_client, trained):
    user = UserFactory(
        preferred_languages=["te"], preferred_genres=["action"], country="IN", region="Telangana"
    )
    api_client.force_authenticate(user)

    response = api_client.post(user_url(user), {"k": 5}, format="json")

    body = response.json()
    assert body["meta"]["algorithm"] == "regional"
    assert [f["reason"] for f in body["meta"]["fallbacks"]] == [
        "no interactions yet (cold start)"
    ] * 4
    assert len(titles(response)) == 5
    assert all(t.startswith("Telugu Action") for t in titles(response))
    assert "Action" in body["items"][0]["reason"]  # the genre by its name, not its slug


def test_a_user_with_nothing_at_all_gets_popular_titles(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    response = api_client.post(user_url(user), {"k": 3}, format="json")
    assert len(titles(response)) == 3
    assert response.json()["meta"]["algorithm"] in ("regional", "popularity")


def test_missing_model_files_degrade_down_the_chain(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    for content in trained["a"][:5]:
        rate(api_client, content, 9)
    for name in ("hybrid", "als", "item_knn"):
        artifact = ModelArtifact.objects.get(algorithm=name, is_active=True)
        artifact.file.storage.delete(artifact.file.name)
    registry.reset()
    cache.clear()

    body = api_client.post(user_url(user), {"k": 3}, format="json").json()

    assert body["meta"]["algorithm"] == "content"
    assert [f["algorithm"] for f in body["meta"]["fallbacks"]] == ["hybrid", "als", "item_knn"]
    assert len(body["items"]) == 3
    assert all(item["content"]["title"].startswith("Telugu") for item in body["items"])


def test_without_the_hybrid_the_factor_model_answers(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    for content in trained["a"][:5]:
        rate(api_client, content, 9)
    artifact = ModelArtifact.objects.get(algorithm="hybrid", is_active=True)
    artifact.file.storage.delete(artifact.file.name)
    registry.reset()
    cache.clear()

    body = api_client.post(user_url(user), {"k": 3}, format="json").json()

    assert body["meta"]["algorithm"] == "als"
    assert [f["algorithm"] for f in body["meta"]["fallbacks"]] == ["hybrid"]
    assert len(body["items"]) == 3
    rated = {c.pk for c in trained["a"][:5]}
    assert not rated & {item["content"]["id"] for item in body["items"]}


def test_no_models_at_all_still_recommends_from_the_catalogue(api_client, world):
    registry.reset()
    user = UserFactory()
    api_client.force_authenticate(user)
    body = api_client.post(user_url(user), {"k": 4}, format="json").json()
    assert body["meta"]["algorithm"] == "catalog-popular"
    assert len(body["items"]) == 4


def test_only_your_own_recommendations_unless_staff(api_client, trained):
    me, other = UserFactory(), UserFactory()
    api_client.force_authenticate(me)
    assert api_client.post(user_url(other), {}, format="json").status_code == 403
    staff = UserFactory(is_staff=True)
    api_client.force_authenticate(staff)
    assert api_client.post(user_url(other), {}, format="json").status_code == 200
    assert (
        api_client.post(reverse("ml-api:user", args=[987654]), {}, format="json").status_code == 404
    )
    api_client.force_authenticate(None)
    assert api_client.post(user_url(me), {}, format="json").status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"k": 0}, "k"),
        ({"k": 500}, "k"),
        ({"languages": ["xx"]}, "languages"),
        ({"mood": "sleepy"}, "mood"),
        ({"context": {"time_of_day": "noonish"}}, "context"),
        ({"diversity": 2}, "diversity"),
        ({"kind": "book"}, "kind"),
        ({"genres": ["polka"]}, "genres"),
        ({"exclude_seen": "maybe"}, "exclude_seen"),
    ],
)
def test_bad_bodies_are_400_naming_the_field(auth_client, user, trained, body, field):
    response = auth_client.post(user_url(user), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_filters_kind_language_and_genre(auth_client, user, trained):
    series = titles(auth_client.post(user_url(user), {"k": 3, "kind": "tv"}, format="json"))
    english = titles(auth_client.post(user_url(user), {"k": 3, "languages": ["en"]}, format="json"))
    assert series  # every series the catalogue has, at most 3
    assert len(english) == 3
    assert all(t.startswith("Telugu Series") for t in series)
    assert all(t.startswith("English Comedy") for t in english)


def test_time_context_weekend_and_binge(auth_client, user, trained):
    body = auth_client.post(
        user_url(user),
        {"k": 25, "context": {"time_of_day": "evening", "weekday": "saturday"}},
        format="json",
    ).json()
    reasons = {item["content"]["title"]: item["reason"] for item in body["items"]}
    assert reasons["Telugu Action 0"] == "weekend movie night"
    assert reasons["Telugu Series 0"] == "binge-worthy: complete series"


def test_diversity_mixes_languages_and_kinds(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    for content in trained["a"][:3]:
        rate(api_client, content, 9)
    plain = titles(api_client.post(user_url(user), {"k": 6}, format="json"))
    diverse = titles(api_client.post(user_url(user), {"k": 6, "diversity": 0.8}, format="json"))
    assert len({t.rsplit(" ", 1)[0] for t in diverse}) > len({t.rsplit(" ", 1)[0] for t in plain})


def test_mood_genre_regional_similar_and_trending_endpoints(api_client, trained):
    mood = api_client.post(
        reverse("ml-api:mood-based"), {"mood": "funny", "k": 3}, format="json"
    ).json()
    assert len(mood["items"]) == 3
    assert all(i["content"]["title"].startswith("English Comedy") for i in mood["items"])
    assert mood["items"][0]["reason"] == "matches your mood: funny"
    genre = titles(
        api_client.post(
            reverse("ml-api:genre-based"), {"genres": ["action"], "k": 3}, format="json"
        )
    )
    assert len(genre) == 3
    assert all(t.startswith("Telugu Action") for t in genre)
    assert api_client.post(reverse("ml-api:genre-based"), {}, format="json").status_code == 400
    regional = titles(
        api_client.post(reverse("ml-api:regional", args=["te"]), {"k": 5}, format="json")
    )
    assert len(regional) == 5
    assert all(t.startswith("Telugu") for t in regional)
    assert (
        api_client.post(reverse("ml-api:regional", args=["xx"]), {}, format="json").status_code
        == 404
    )
    similar = api_client.post(
        reverse("ml-api:similar", args=[trained["a"][0].pk]), {"k": 3}, format="json"
    ).json()
    assert len(similar["items"]) == 3
    assert all(i["content"]["title"].startswith("Telugu Action") for i in similar["items"])
    assert "Telugu Action 0" in similar["items"][0]["reason"]
    assert (
        api_client.post(reverse("ml-api:similar", args=[999999]), {}, format="json").status_code
        == 404
    )
    trending = api_client.post(
        reverse("ml-api:trending"), {"k": 3, "languages": ["te"]}, format="json"
    ).json()
    assert len(trending["items"]) == 3
    assert trending["items"][0]["reason"].startswith("trending in Telugu")


def test_hot_swap_serves_a_newly_promoted_version(auth_client, user, trained):
    from recommender.serving import registry as registry_module
    from recommender.training.runs import train

    first = auth_client.post(user_url(user), {}, format="json").json()["meta"]["model_versions"][
        "hybrid"
    ]
    train(["hybrid"])
    registry_module.registry._checked = 0.0  # the next request re-reads the active versions
    second = auth_client.post(user_url(user), {}, format="json").json()["meta"]["model_versions"][
        "hybrid"
    ]
    assert second != first
