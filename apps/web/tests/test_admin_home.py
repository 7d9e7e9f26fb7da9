"""The curators' admin home (templates/admin/index.html, apps/core/dashboard.py): every block
with real numbers, links into each, hidden without its permission, a bounded number of queries."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.analytics.models import SearchQuery
from apps.catalog.ingest_runs import ingestion_run_record
from apps.catalog.models import MatchReview
from apps.catalog.tests.factories import ContentFactory
from apps.core import dashboard, health
from apps.core.heartbeat import worker_heartbeat, worker_heartbeat_record
from apps.core.tests.curators import make_curator
from apps.curation.models import FeaturedItem, TelegramPost
from apps.regional.models import Festival, FestivalPin
from recommender.algorithms.ease import EaseConfig, EaseRecommender
from recommender.artifacts import artifact_create
from recommender.tests.data import checkerboard

pytestmark = pytest.mark.django_db
HOME = "/admin/"
BLOCKS = ("review-queue", "zero-results", "featured", "festivals", "telegram", "models", "system")


@pytest.fixture
def curator_client(db) -> Client:
    client = Client()
    client.force_login(make_curator())
    return client


def _figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert found, name
    return found.group(1)


def _reviews(n: int) -> list[MatchReview]:
    now = timezone.now()
    out = []
    for i in range(n):
        review = MatchReview.objects.create(
            source="tvmaze",
            source_key=f"tvmaze:{i}",
            candidate={},
            match=ContentFactory(title=f"Match {i}"),
            score=90 - i,
            reason="title similarity",
        )
        MatchReview.objects.filter(pk=review.pk).update(created_at=now - timedelta(days=i + 1))
        out.append(review)
    return out


def _world(n: int) -> dict[str, object]:
    """n of everything each block counts, plus rows each block must leave out."""
    now = timezone.now()
    reviews = _reviews(n)
    MatchReview.objects.create(
        source="tvmaze",
        source_key="tvmaze:done",
        candidate={},
        match=ContentFactory(),
        score=99,
        reason="r",
        status=MatchReview.Status.MERGED,
    )
    for i in range(n):
        FeaturedItem.objects.create(
            content=ContentFactory(title=f"Telugu hero {i}"),
            slot="hero",
            languages=["te"],
            states=["IN-TG"],
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=3),
        )
        TelegramPost.objects.create(content=ContentFactory(), channel="@c", campaign=f"s{i}")
        TelegramPost.objects.create(
            content=ContentFactory(),
            channel="@c",
            campaign=f"f{i}",
            status=TelegramPost.Status.FAILED,
            last_error=f"Bad Request: chat not found {i}",
        )
        SearchQuery.objects.bulk_create(
            [SearchQuery(query=f"Missing Film {i}", result_count=0) for _ in range(i + 1)]
        )
    FeaturedItem.objects.create(content=ContentFactory(title="Open ended"), slot="hero")
    FeaturedItem.objects.create(
        content=ContentFactory(title="Long gone"),
        slot="hero",
        starts_at=now - timedelta(days=9),
        ends_at=now - timedelta(days=2),
    )
    TelegramPost.objects.create(
        content=ContentFactory(), channel="@c", campaign="sent", status=TelegramPost.Status.SENT
    )
    SearchQuery.objects.create(query="found film", result_count=4)
    pin = FestivalPin.objects.create(
        festival=Festival.objects.get(slug="sankranti"),
        content=ContentFactory(title="Ala Vaikunthapurramuloo"),
    )
    data = checkerboard()
    artifact_create(model=EaseRecommender(EaseConfig(l2=10.0)).fit(data), data=data)
    return {"reviews": reviews, "pin": pin}


@pytest.fixture
def before_sankranti(monkeypatch):
    """Festival dates come from the calendar: look from a day when Sankranti is ahead."""
    monkeypatch.setattr("apps.regional.dashboard.timezone.localdate", lambda: date(2027, 1, 1))


def test_admin_home_shows_each_block_with_real_numbers(curator_client, before_sankranti, settings):
    world = _world(3)
    ingestion_run_record(source="tmdb", what="trending", summary={"created": 4})

    response = curator_client.get(HOME)

    assert response.status_code == 200
    html = response.content.decode()
    for key in BLOCKS:
        assert f'id="block-{key}"' in html, key
    oldest = world["reviews"][-1]  # created longest ago
    assert _figure(html, "pending") == "3"
    assert reverse("admin:catalog_matchreview_change", args=[oldest.pk]) in html
    assert "/admin/catalog/matchreview/?status__exact=pending" in html
    assert _figure(html, "live") == "4"  # three Telugu slots and the open-ended one
    assert _figure(html, "expiring") == "3"
    assert "Long gone" not in html
    assert "te 3" in html
    assert "IN-TG 3" in html
    assert (_figure(html, "scheduled"), _figure(html, "sent"), _figure(html, "failed")) == (
        "3",
        "1",
        "3",
    )
    assert "Bad Request: chat not found 2" in html
    assert ">Sankranti</a>" in html
    assert "Ala Vaikunthapurramuloo" in html
    assert "ease v1" in html
    assert "found film" not in html
    rows = re.findall(r"<td><a [^>]*q=missing%20film[^>]*>([^<]*)</a></td><td>(\d+)</td>", html)
    assert rows == [("missing film 2", "3"), ("missing film 1", "2"), ("missing film 0", "1")]
    assert re.search(r'data-check="database">ok<', html)
    assert re.search(r'data-ingestion="tmdb">[^<]*ago \(trending\)', html)
    assert re.search(r'data-ingestion="jikan">never<', html)
    assert "All records" in html  # Django's index of models stays below the blocks


def test_a_block_the_user_may_not_see_is_hidden_and_not_gathered(db, monkeypatch):
    _reviews(2)
    gathered = []
    for block in dashboard.dashboard_blocks():
        monkeypatch.setitem(
            dashboard._BLOCKS,
            block.key,
            dataclasses.replace(block, gather=lambda b=block: gathered.append(b.key) or b.gather()),
        )
    client = Client()
    client.force_login(make_curator(permissions=("catalog.view_matchreview",)))

    html = client.get(HOME).content.decode()

    assert gathered == ["review-queue"]
    assert _figure(html, "pending") == "2"
    for key in BLOCKS[1:]:
        assert f'id="block-{key}"' not in html, key


def _home_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_admin_home_queries_do_not_grow_with_the_data(curator_client, before_sankranti):
    _world(1)
    few = _home_queries(curator_client)
    _reviews(5)
    for i in range(6):
        FestivalPin.objects.create(
            festival=Festival.objects.get(slug="pongal"), content=ContentFactory(), position=i
        )
    failed = TelegramPost.Status.FAILED
    TelegramPost.objects.bulk_create(
        [
            TelegramPost(content=ContentFactory(), channel="@c", campaign=f"x{i}", status=failed)
            for i in range(8)
        ]
    )
    many = _home_queries(curator_client)

    assert few == many
    assert many <= 25


def test_worker_heartbeat_is_stale_after_five_minutes():
    then = timezone.now() - timedelta(minutes=6)
    assert worker_heartbeat() is None
    worker_heartbeat_record(hostname="celery@w1", now=then)
    assert worker_heartbeat()["stale"] is True
    worker_heartbeat_record(hostname="celery@w1")
    beat = worker_heartbeat()
    assert (beat["stale"], beat["hostname"]) == (False, "celery@w1")


def test_admin_home_shows_a_missing_worker_when_a_broker_is_configured(
    curator_client, settings, monkeypatch
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)  # no broker to reach in tests

    html = curator_client.get(HOME).content.decode()

    assert re.search(r'data-check="heartbeat"><span class="cr-bad">no worker has reported<', html)


def test_a_task_a_worker_ran_beats_the_heart_and_an_eager_one_does_not():
    from config.celery import _heartbeat

    _heartbeat(task=SimpleNamespace(request=SimpleNamespace(is_eager=True, hostname="web")))
    assert worker_heartbeat() is None
    _heartbeat(task=SimpleNamespace(request=SimpleNamespace(is_eager=False, hostname="celery@w2")))
    assert worker_heartbeat()["hostname"] == "celery@w2"


def test_the_ingest_task_records_each_providers_last_run(monkeypatch):
    from apps.catalog import tasks
    from apps.catalog.ingest_runs import ingestion_last_runs
    from apps.catalog.services import ingestion

    summary = SimpleNamespace(as_dict=lambda: {"created": 2, "updated": 5})
    monkeypatch.setitem(ingestion.INGESTERS, "jikan", {"top": lambda: summary})

    tasks.ingest("jikan", "top")

    runs = ingestion_last_runs(["jikan", "tmdb"])
    assert runs["tmdb"] is None
    assert (runs["jikan"]["what"], runs["jikan"]["summary"]) == (
        "top",
        {"created": 2, "updated": 5},
    )


def test_admin_home_speaks_the_curators_language(curator_client):
    _reviews(1)

    html = curator_client.get(HOME, HTTP_ACCEPT_LANGUAGE="te").content.decode()

    assert "సమీక్ష వరుస" in html  # Review queue
    assert "జతలు వేచి ఉన్నాయి" in html  # pairs waiting
    assert "సిస్టమ్ ఆరోగ్యం" in html  # System health
