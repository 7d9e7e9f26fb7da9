"""A Telegram publish writes no secret to the log, though httpx logs every request URL at INFO
and the Bot API's URL holds the bot token."""

import io
import logging

import pytest

from apps.catalog.tests.factories import ContentFactory
from apps.core.logging import REDACTED, SecretsFilter
from apps.integrations.tests.telegram_stub import recorded

BOT_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.fixture
def log_output(monkeypatch):
    """What the configured root handlers write, with httpx at INFO."""
    from config.celery import app

    app.loader.import_default_modules()  # its first call sets Django (so logging) up again
    handlers = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert len(handlers) >= 1
    stream = io.StringIO()
    for handler in handlers:
        monkeypatch.setattr(handler, "stream", stream)
    monkeypatch.setattr(logging.getLogger("httpx"), "level", logging.INFO)
    monkeypatch.setattr(logging.getLogger(), "level", logging.INFO)
    return stream


def test_a_publish_logs_no_configured_secret(
    staff_client, bot_api, sleeps, settings, log_output, django_capture_on_commit_callbacks
):
    settings.TELEGRAM_BOT_TOKEN = BOT_TOKEN
    settings.TMDB_API_TOKEN = "tmdb-read-token-0123456789"
    settings.OMDB_API_KEY = "omdbkey42"
    settings.YOUTUBE_API_KEY = "AIzaSy-youtube-key"
    bot_api.answer("sendPhoto", recorded("sendPhoto_private_chat.json"))
    title = ContentFactory(poster_url="https://image.tmdb.org/t/p/w500/p.jpg")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/api/admin/telegram/publish", {"content_id": title.pk}, format="json"
        )

    assert response.status_code == 202
    assert [call.token for call in bot_api.calls("sendPhoto")] == [BOT_TOKEN]
    text = log_output.getvalue()
    assert f"/bot{REDACTED}/sendPhoto" in text  # httpx logged the request, redacted
    configured = [getattr(settings, name) for name in settings.LOG_REDACT_SETTINGS]
    configured = [value for value in configured if value]
    assert len(configured) >= 5  # the four provider keys and SECRET_KEY
    for value in configured:
        assert value not in text
    assert BOT_TOKEN.split(":")[1] not in text


def test_the_filter_is_what_keeps_the_token_out(settings):
    settings.TELEGRAM_BOT_TOKEN = "42:short-token-no-shape"
    record = logging.makeLogRecord(
        {"msg": "HTTP Request: POST %s", "args": ("http://t/bot42:short-token-no-shape/getMe",)}
    )
    SecretsFilter().filter(record)

    assert record.getMessage() == f"HTTP Request: POST http://t/bot{REDACTED}/getMe"
