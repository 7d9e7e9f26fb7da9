"""A warm recommendation list is sent as the bytes its first answer stored
(recommender/api/rendered.py): the same JSON as the list rendered afresh, per user, following
hides and unhides, and logging a running experiment's exposures."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.accounts.tests.factories import UserFactory
from apps.curation.roles import curator_group
from recommender.models import Experiment, ExperimentEvent, Variant
from recommender.tests.api.conftest import ids

pytestmark = pytest.mark.django_db


def rendered_keys():
    """The stored bodies' keys, as the cache API takes them, on django-redis or local memory."""
    if hasattr(cache, "keys"):  # django-redis (the PostgreSQL + Redis leg)
        return list(cache.keys("*:body:*"))
    prefix = cache.make_key("")  # local memory stores the made key (":1:<key>")
    return [k[len(prefix) :] for k in cache._cache if ":body:" in k]  # type: ignore[attr-defined]


def ask(client, user, body=None):
    response = client.post(reverse("ml-api:user", args=[user.pk]), body or {"k": 5}, format="json")
    assert response.status_code == 200, response.content
    return response


def test_the_stored_bytes_are_the_json_a_fresh_render_gives(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    first = ask(api_client, user)
    keys = rendered_keys()
    warm = ask(api_client, user)  # from the stored bytes
    for key in keys:
        cache.delete(key)
    assert rendered_keys() == []  # the next answer is rendered again from the cached list
    rerendered = ask(api_client, user)  # from the cached list, serialised again

    assert len(keys) == 1
    assert first.json()["meta"]["cached"] is False
    assert warm["Content-Type"] == rerendered["Content-Type"] == "application/json"
    assert warm.content == rerendered.content
    assert warm.json() == {**first.json(), "meta": {**first.json()["meta"], "cached": True}}
    assert len(warm.json()["items"]) == 5


def test_one_users_stored_list_is_never_anothers(api_client, trained):
    """Two users of opposite taste ask the same request: each gets their own list, warm too."""
    fans = {}
    for group in ("a", "b"):
        user = UserFactory()
        api_client.force_authenticate(user)
        for content in trained[group][:4]:
            api_client.post(
                reverse("user-api:rating"), {"content_id": content.pk, "rating": 10}, format="json"
            )
        fans[group] = (user, ids(ask(api_client, user)))
    warm = {}
    for group, (user, _) in fans.items():
        api_client.force_authenticate(user)
        warm[group] = ids(ask(api_client, user))

    assert len(warm["a"]) == len(warm["b"]) == 5
    assert warm["a"] == fans["a"][1]
    assert warm["b"] == fans["b"][1]
    assert not set(warm["a"]) & set(warm["b"])
    assert set(warm["a"]) <= {c.pk for c in trained["a"] + trained["series"]}


def test_an_unhidden_title_comes_back_to_the_warm_list(api_client, trained):
    user = UserFactory()
    api_client.force_authenticate(user)
    before = ids(ask(api_client, user))
    curator = UserFactory(is_staff=True)
    curator.groups.add(curator_group())
    staff = type(api_client)()
    staff.force_authenticate(curator)
    url = reverse("curation-admin-api:content-curate")

    hide = staff.post(url, {"action": "hide", "content_ids": [before[0]]}, format="json")
    while_hidden = ids(ask(api_client, user))
    unhide = staff.post(url, {"action": "unhide", "content_ids": [before[0]]}, format="json")
    after = ids(ask(api_client, user))

    assert hide.status_code == unhide.status_code == 200
    assert len(before) == 5
    assert while_hidden == before[1:]
    assert after == before


def test_warm_answers_still_log_the_experiments_exposures(api_client, trained):
    experiment = Experiment.objects.create(name="hybrid-only", is_active=True)
    Variant.objects.create(experiment=experiment, name="hybrid", algorithm="hybrid", weight=1)
    user = UserFactory()
    api_client.force_authenticate(user)
    first = ask(api_client, user)
    warm = ask(api_client, user)

    shown = ids(warm)
    exposures = ExperimentEvent.objects.filter(user=user, kind=ExperimentEvent.Kind.EXPOSURE)
    assert len(shown) == 5
    assert warm.json()["meta"]["cached"] is True
    assert warm.json()["meta"]["experiment"] == first.json()["meta"]["experiment"]
    assert warm.json()["meta"]["experiment"]["variant"] == "hybrid"
    assert list(exposures.order_by("id").values_list("content_id", flat=True)) == shown * 2
