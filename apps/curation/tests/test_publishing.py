"""The done-when flow: one sendPhoto with an escaped caption, a second click posts nothing, a 429
is retried after its retry_after; refusals are stored as failed posts the admin can retry."""

import pytest

from apps.catalog.tests.factories import ContentFactory
from apps.curation.models import CuratorAuditLog, TelegramPost
from apps.curation.services import telegram_post_retry
from apps.integrations.tests.telegram_stub import recorded

PUBLISH = "/api/admin/telegram/publish"


@pytest.fixture
def poster_title(db):
    return ContentFactory(
        title="Tom & Jerry <Live>",
        original_title="టామ్ & జెర్రీ",
        year=2024,
        rating=7.9,
        poster_url="https://image.tmdb.org/t/p/w500/p.jpg",
        trailer_youtube_id="abc123",
        overview="Cats <chase> mice & more",
    )


def _publish(client, capture, **body):
    with capture(execute=True):
        return client.post(PUBLISH, body, format="json")


def test_publish_sends_one_photo_with_an_escaped_caption_and_a_second_click_posts_nothing(
    staff_client, bot_api, sleeps, poster_title, django_capture_on_commit_callbacks
):
    bot_api.answer("sendPhoto", recorded("sendPhoto_private_chat.json"))
    first = _publish(staff_client, django_capture_on_commit_callbacks, content_id=poster_title.pk)
    assert first.status_code == 202
    assert first.json()["created"] is True

    calls = bot_api.calls("sendPhoto")
    assert len(calls) == 1
    params = calls[0].params
    assert params["chat_id"] == "@cinerec_test"
    assert params["photo"] == poster_title.poster_url
    caption = params["caption"]
    assert "<b>Tom &amp; Jerry &lt;Live&gt;</b>" in caption
    assert "టామ్ &amp; జెర్రీ" in caption
    assert "<i>\nCats &lt;chase&gt; mice &amp; more</i>" in caption
    assert 'href="https://www.youtube.com/watch?v=abc123"' in caption
    assert f'href="http://localhost:8000/title/{poster_title.pk}/"' in caption
    post = TelegramPost.objects.get()
    assert (post.status, post.message_id, post.attempts) == ("sent", 666, 1)

    second = _publish(staff_client, django_capture_on_commit_callbacks, content_id=poster_title.pk)
    assert second.status_code == 200
    assert second.json()["created"] is False
    assert second.json()["status"] == "sent"
    assert len(bot_api.calls("sendPhoto")) == 1
    assert TelegramPost.objects.count() == 1


def test_a_new_campaign_posts_the_title_again(
    staff_client, bot_api, sleeps, poster_title, django_capture_on_commit_callbacks
):
    bot_api.answer("sendPhoto", recorded("sendPhoto_private_chat.json"))
    _publish(staff_client, django_capture_on_commit_callbacks, content_id=poster_title.pk)
    again = _publish(
        staff_client,
        django_capture_on_commit_callbacks,
        content_id=poster_title.pk,
        campaign="diwali",
    )
    assert again.status_code == 202
    assert len(bot_api.calls("sendPhoto")) == 2


def test_429_is_retried_after_its_retry_after(
    staff_client, bot_api, sleeps, poster_title, django_capture_on_commit_callbacks
):
    bot_api.answer(
        "sendPhoto",
        recorded("error_429_retry_after.json"),
        recorded("sendPhoto_private_chat.json"),
    )
    _publish(staff_client, django_capture_on_commit_callbacks, content_id=poster_title.pk)
    assert sleeps == [2.0]
    assert len(bot_api.calls("sendPhoto")) == 2
    assert TelegramPost.objects.get().status == "sent"


def test_title_without_poster_is_sent_as_a_message(
    staff_client, bot_api, sleeps, django_capture_on_commit_callbacks
):
    content = ContentFactory(title="No poster", poster_url="")
    bot_api.answer("sendMessage", recorded("sendMessage_private_chat.json"))
    _publish(staff_client, django_capture_on_commit_callbacks, content_id=content.pk)
    assert bot_api.calls("sendPhoto") == []
    assert "<b>No poster</b>" in bot_api.calls("sendMessage")[0].params["text"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("error_400_chat_not_found.json", "chat not found"),
        ("error_403_not_member.json", "not a member"),
        ("error_401_unauthorized.json", "token was rejected"),
    ],
)
def test_refusals_leave_a_failed_post_that_the_admin_can_retry(
    staff,
    staff_client,
    bot_api,
    sleeps,
    poster_title,
    django_capture_on_commit_callbacks,
    payload,
    message,
):
    bot_api.answer("sendPhoto", recorded(payload))
    _publish(staff_client, django_capture_on_commit_callbacks, content_id=poster_title.pk)
    post = TelegramPost.objects.get()
    assert post.status == "failed"
    assert message.lower() in post.last_error.lower()
    assert len(bot_api.calls("sendPhoto")) == 1

    listed = staff_client.get("/api/admin/telegram/posts?status=failed").json()["results"]
    assert [p["id"] for p in listed] == [post.pk]

    bot_api.script["sendPhoto"] = [recorded("sendPhoto_private_chat.json")]
    with django_capture_on_commit_callbacks(execute=True):
        assert telegram_post_retry(actor=staff, post=post) is True
    post.refresh_from_db()
    assert (post.status, post.attempts) == ("sent", 2)
    assert CuratorAuditLog.objects.filter(action="telegram_retry", actor=staff).exists()


def test_network_errors_retry_the_task_then_mark_the_post_failed(
    staff_client, settings, sleeps, poster_title, django_capture_on_commit_callbacks
):
    from apps.core.models import OutboxMessage
    from apps.curation.tasks import MAX_RETRIES, publish_telegram_post

    settings.TELEGRAM_BASE_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.TELEGRAM_CHANNEL_ID = "@cinerec_test"
    settings.HTTP_CONNECT_TIMEOUT = 0.5
    response = _publish(
        staff_client, django_capture_on_commit_callbacks, content_id=poster_title.pk
    )
    post = TelegramPost.objects.get()
    # the client's own retries spent, the task asked Celery to retry it later; the request that
    # enqueued it through the outbox still succeeded
    assert response.status_code in (200, 201, 202)
    assert (
        "Retry" in OutboxMessage.objects.get(task_name="curation.publish_telegram_post").last_error
    )
    assert (post.status, post.attempts) == ("pending", 1)
    assert len(sleeps) == 2  # backoff between the client's three attempts
    assert "NetworkError" in post.last_error

    # the worker's last retry: the post is marked failed for the admin instead of retried again
    result = publish_telegram_post.apply(args=[post.pk], retries=MAX_RETRIES)
    post.refresh_from_db()
    assert (post.status, post.attempts) == ("failed", 2)
    assert result.get() == "failed"


def test_publish_without_a_channel_is_a_409(staff_client, settings, poster_title):
    settings.TELEGRAM_CHANNEL_ID = ""
    response = staff_client.post(PUBLISH, {"content_id": poster_title.pk}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "telegram_not_configured"
    assert not TelegramPost.objects.exists()


def test_publish_needs_exactly_one_target(staff_client, bot_api):
    response = staff_client.post(PUBLISH, {}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_publish_collection_lists_its_titles(
    staff_client, bot_api, sleeps, django_capture_on_commit_callbacks
):
    from apps.curation.models import CollectionItem
    from apps.curation.tests.factories import CollectionFactory

    collection = CollectionFactory(slug="sankranti", title="Sankranti <picks>")
    for order, title in enumerate(["One & Two", "Three"]):
        CollectionItem.objects.create(
            collection=collection, content=ContentFactory(title=title, year=2020), order=order
        )
    bot_api.answer("sendMessage", recorded("sendMessage_private_chat.json"))
    response = _publish(staff_client, django_capture_on_commit_callbacks, collection="sankranti")
    assert response.status_code == 202
    text = bot_api.calls("sendMessage")[0].params["text"]
    assert "<b>Sankranti &lt;picks&gt;</b>" in text
    assert "One &amp; Two (2020)" in text
    assert "/collections/sankranti/" in text


def test_captions_follow_the_active_language(db):
    from django.utils import translation

    from apps.curation.captions import content_post

    content = ContentFactory(title="Eega", trailer_youtube_id="x1")
    with translation.override("te"):
        html, _photo = content_post(content)
    assert "ట్రైలర్" in html
    assert "CineRec లో మరిన్ని" in html
