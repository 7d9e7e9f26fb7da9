import pytest
from django.urls import reverse

from apps.accounts.tests.factories import UserFactory
from recommender import experiments
from recommender.models import Experiment, ExperimentEvent, TrainingRun, Variant
from recommender.precompute.run import precompute_top_n

pytestmark = pytest.mark.django_db


def recommend(client, user, **body):
    client.force_authenticate(user)
    response = client.post(reverse("ml-api:user", args=[user.pk]), body or {"k": 5}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def experiment(trained):
    exp = Experiment.objects.create(name="hybrid-vs-popular", is_active=True)
    Variant.objects.create(experiment=exp, name="hybrid", algorithm="hybrid", weight=1)
    Variant.objects.create(experiment=exp, name="popular", algorithm="popularity", weight=1)
    return exp


def test_two_variants_split_traffic_deterministically(api_client, experiment):
    users = UserFactory.create_batch(40)
    first = {u.pk: recommend(api_client, u)["meta"]["experiment"]["variant"] for u in users}
    again = {u.pk: recommend(api_client, u)["meta"]["experiment"]["variant"] for u in users}

    assert first == again
    counts = {name: list(first.values()).count(name) for name in ("hybrid", "popular")}
    assert min(counts.values()) >= 10  # a 50/50 split of 40 users
    assert {experiments.assign(experiment, pk).name for pk in first} == {"hybrid", "popular"}


def test_starting_changing_and_stopping_an_experiment_applies_to_the_next_request(
    api_client, trained
):
    """The running experiment is cached between requests; saving one must still show at once."""
    user = UserFactory()
    assert recommend(api_client, user)["meta"]["experiment"] is None
    exp = Experiment.objects.create(name="popular-only", is_active=True)
    only = Variant.objects.create(experiment=exp, name="popular", algorithm="popularity", weight=1)
    body = recommend(api_client, user)
    assert body["meta"]["experiment"]["variant"] == "popular"
    assert body["meta"]["algorithm"] == "popularity"
    only.name, only.algorithm = "item-based", "item_knn"
    only.save()
    assert recommend(api_client, user)["meta"]["experiment"]["variant"] == "item-based"
    exp.is_active = False
    exp.save()
    assert recommend(api_client, user)["meta"]["experiment"] is None


def test_popular_variant_serves_from_the_popularity_model(api_client, experiment):
    user = next(
        u
        for u in UserFactory.create_batch(20)
        if experiments.assign(experiment, u.pk).name == "popular"
    )
    body = recommend(api_client, user)
    assert body["meta"]["algorithm"] == "popularity"


def test_exposures_clicks_and_conversions_are_reported_per_variant(api_client, experiment, trained):
    users = UserFactory.create_batch(10)
    for user in users:
        body = recommend(api_client, user)
        shown = body["items"][0]["content"]["id"]
        api_client.post(
            reverse("ml-api:feedback"), {"content_id": shown, "event": "click"}, format="json"
        )
        if user.pk % 2:
            api_client.post(reverse("user-api:watchlist"), {"content_id": shown}, format="json")
    staff = UserFactory(is_staff=True)
    api_client.force_authenticate(staff)

    response = api_client.get(reverse("ml-api:experiment-results", args=[experiment.pk]))

    variants = response.json()["variants"]
    assert {v["variant"] for v in variants} == {"hybrid", "popular"}
    assert sum(v["exposures"] for v in variants) == 50
    assert sum(v["clicks"] for v in variants) == 10
    assert sum(v["conversions"] for v in variants) == sum(1 for u in users if u.pk % 2)
    for v in variants:
        if v["exposures"]:
            low, high = v["ctr_ci95"]
            assert low <= v["ctr"] <= high
    assert ExperimentEvent.objects.filter(kind="click").count() == 10


def test_experiment_results_are_staff_only_and_404_for_unknown(api_client, experiment):
    api_client.force_authenticate(UserFactory())
    assert (
        api_client.get(reverse("ml-api:experiment-results", args=[experiment.pk])).status_code
        == 403
    )
    api_client.force_authenticate(UserFactory(is_staff=True))
    assert api_client.get(reverse("ml-api:experiment-results", args=[9999])).status_code == 404


def test_wilson_interval_matches_known_values():
    assert experiments.wilson(0, 0) == (0.0, 0.0)
    low, high = experiments.wilson(10, 100)
    assert low == pytest.approx(0.0552, abs=1e-3)
    assert high == pytest.approx(0.1744, abs=1e-3)


def test_batch_precompute_is_served_while_fresh_and_dropped_after_a_rating(api_client, trained):
    user = UserFactory()
    result = precompute_top_n(user_ids=[user.pk])
    assert result["users"] == 1

    cached = recommend(api_client, user)
    api_client.post(
        reverse("user-api:rating"), {"content_id": trained["b"][0].pk, "rating": 10}, format="json"
    )
    fresh = recommend(api_client, user)

    assert cached["meta"]["cached"] is True
    assert fresh["meta"]["cached"] is False
    assert trained["b"][0].pk not in [i["content"]["id"] for i in fresh["items"]]


def test_training_endpoints_are_staff_only_and_report_progress(api_client, world):
    api_client.force_authenticate(UserFactory())
    assert api_client.post(reverse("ml-api:train-hybrid")).status_code == 403
    api_client.force_authenticate(UserFactory(is_staff=True))

    accepted = api_client.post(reverse("ml-api:train-collaborative"))

    assert accepted.status_code == 202
    run_id = accepted.json()["run_id"]
    assert TrainingRun.objects.get(pk=run_id).algorithms == [
        "popularity",
        "item_knn",
        "ease",
        "svd",
        "als",
    ]


def test_training_run_executes_and_status_endpoint_reports_it(
    api_client, world, django_capture_on_commit_callbacks, monkeypatch
):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the Redis leg has no ml worker here
    api_client.force_authenticate(UserFactory(is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        run_id = api_client.post(reverse("ml-api:train-content")).json()["run_id"]

    body = api_client.get(reverse("ml-api:training-run", args=[run_id])).json()

    assert body["status"] == "succeeded"
    assert set(body["progress"]) == {"content", "language", "regional"}
    assert all(p["state"] == "done" for p in body["progress"].values())
    assert body["task_id"]
    status = api_client.get(reverse("ml-api:model-status")).json()
    assert status["content"]["state"] == "serving"
    assert status["content"]["version"] == 1
    assert status["hybrid"]["state"] == "not trained"
    assert api_client.get(reverse("ml-api:training-run", args=[999])).status_code == 404


def test_analytics_endpoints(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    for content in trained["a"][:3]:
        api_client.post(
            reverse("user-api:rating"), {"content_id": content.pk, "rating": 8}, format="json"
        )
    patterns = api_client.get(reverse("ml-api:user-patterns")).json()
    assert patterns["ratings"]["count"] == 3
    assert patterns["top_genres"][0] == {"genre": "action", "titles": 3}
    assert patterns["languages"][0]["name"] == "Telugu"
    trends = api_client.get(reverse("ml-api:regional-trends"), {"days": 60}).json()
    assert {row["language"] for row in trends["languages"]} == {"te", "en"}
    assert api_client.get(reverse("ml-api:regional-trends"), {"days": "abc"}).status_code == 400
    assert api_client.get(reverse("ml-api:content-performance")).status_code == 403
    api_client.force_authenticate(UserFactory(is_staff=True))
    performance = api_client.get(reverse("ml-api:content-performance"), {"days": 7}).json()
    assert {row["title"] for row in performance["titles"]} >= {c.title for c in trained["a"][:3]}
