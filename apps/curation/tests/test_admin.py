from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.catalog.models import Content, MatchReview
from apps.catalog.tests.factories import ContentFactory
from apps.curation.models import CuratorAuditLog, FeaturedItem, TelegramPost
from apps.curation.tests.factories import CollectionFactory

CHANGELIST = "/admin/catalog/content/"


@pytest.fixture
def curator(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(curator) -> Client:
    client = Client()
    client.force_login(curator)
    return client


def _ids(response) -> list[int]:
    return sorted(obj.pk for obj in response.context["cl"].result_list)


def test_content_filters_find_what_needs_fixing(admin_client):
    no_poster = ContentFactory(poster_url="", overview="x")
    no_overview = ContentFactory(poster_url="https://img/p.jpg", overview="")
    queued = ContentFactory(poster_url="https://img/q.jpg", overview="y")
    MatchReview.objects.create(
        source="tmdb", source_key="tmdb:movie:1", candidate={}, match=queued, score=88, reason="r"
    )
    assert _ids(admin_client.get(CHANGELIST, {"missing": "poster"})) == [no_poster.pk]
    assert _ids(admin_client.get(CHANGELIST, {"missing": "overview"})) == [no_overview.pk]
    assert _ids(admin_client.get(CHANGELIST, {"in_review": "yes"})) == [queued.pk]
    Content.objects.filter(pk=queued.pk).update(provenance={"title": {"source": "jikan"}})
    assert _ids(admin_client.get(CHANGELIST, {"source": "jikan"})) == [queued.pk]


def test_bulk_feature_asks_for_targeting_then_features(curator, admin_client):
    a, b = ContentFactory(), ContentFactory()
    step = admin_client.post(CHANGELIST, {"action": "feature", "_selected_action": [a.pk, b.pk]})
    assert step.status_code == 200
    assert b'name="slot"' in step.content
    done = admin_client.post(
        CHANGELIST,
        {
            "action": "feature",
            "_selected_action": [a.pk, b.pk],
            "apply": "1",
            "slot": "hero",
            "languages": "te",
            "states": "IN-TS",
            "countries": "",
            "audience": "all",
            "days": "7",
            "note": "",
        },
        follow=True,
    )
    assert done.status_code == 200
    items = FeaturedItem.objects.order_by("content_id")
    assert [i.content_id for i in items] == [a.pk, b.pk]
    assert items[0].languages == ["te"]
    assert items[0].ends_at > timezone.now() + timedelta(days=6)
    assert CuratorAuditLog.objects.filter(action="feature", actor=curator).count() == 2


def test_bulk_hide_and_unhide(admin_client):
    a = ContentFactory()
    admin_client.post(CHANGELIST, {"action": "hide", "_selected_action": [a.pk]})
    a.refresh_from_db()
    assert a.hidden is True
    admin_client.post(CHANGELIST, {"action": "unhide", "_selected_action": [a.pk]})
    a.refresh_from_db()
    assert a.hidden is False


def test_bulk_add_to_collection(admin_client):
    collection = CollectionFactory()
    a = ContentFactory()
    admin_client.post(
        CHANGELIST,
        {
            "action": "add_to_collection",
            "_selected_action": [a.pk],
            "apply": "1",
            "collection": collection.pk,
        },
    )
    assert list(collection.items.values_list("content_id", flat=True)) == [a.pk]


def test_bulk_publish_queues_one_post_per_title_and_campaign(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.TELEGRAM_CHANNEL_ID = "@cinerec_test"
    a = ContentFactory()
    body = {
        "action": "publish_to_telegram",
        "_selected_action": [a.pk],
        "apply": "1",
        "campaign": "launch",
    }
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client.post(CHANGELIST, body)
        admin_client.post(CHANGELIST, body)
    assert len(callbacks) == 1
    assert TelegramPost.objects.get().campaign == "launch"


def test_failed_post_retry_action_requeues(admin_client, django_capture_on_commit_callbacks):
    post = TelegramPost.objects.create(
        content=ContentFactory(), channel="@c", status="failed", last_error="chat not found"
    )
    listed = admin_client.get("/admin/curation/telegrampost/", {"status__exact": "failed"})
    assert b"chat not found" in listed.content
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client.post(
            "/admin/curation/telegrampost/", {"action": "retry", "_selected_action": [post.pk]}
        )
    post.refresh_from_db()
    assert post.status == "pending"
    assert len(callbacks) == 1


def test_import_page_says_clearly_when_a_provider_is_not_configured(admin_client, settings):
    settings.TMDB_API_TOKEN = ""
    response = admin_client.post(
        "/admin/curation/telegrampost/import/",
        {"provider": "tmdb", "query": "RRR", "limit": "5"},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("TMDB is not configured" in m for m in messages)


def test_match_review_actions_resolve_the_queue(admin_client):
    match = ContentFactory(title="Eega")
    review = MatchReview.objects.create(
        source="tmdb",
        source_key="tmdb:movie:9",
        match=match,
        score=90,
        reason="r",
        candidate={
            "source": "tmdb",
            "source_key": "tmdb:movie:9",
            "kind": "movie",
            "title": "Eega",
            "values": {"overview": "A fly"},
        },
    )
    admin_client.post(
        "/admin/catalog/matchreview/", {"action": "resolve_merged", "_selected_action": [review.pk]}
    )
    review.refresh_from_db()
    match.refresh_from_db()
    assert review.status == "merged"
    assert match.overview == "A fly"


def test_audit_log_is_read_only_in_the_admin(admin_client, curator):
    entry = CuratorAuditLog.objects.create(
        actor=curator, action="hide", target_type="content", target_id="1"
    )
    assert admin_client.get("/admin/curation/curatorauditlog/").status_code == 200
    assert admin_client.get("/admin/curation/curatorauditlog/add/").status_code == 403
    assert (
        admin_client.post(f"/admin/curation/curatorauditlog/{entry.pk}/delete/").status_code == 403
    )
