import pytest

from apps.integrations.exceptions import (
    IntegrationAuthError,
    IntegrationError,
    IntegrationNotConfigured,
    TransientIntegrationError,
)
from apps.integrations.telegram.client import TelegramClient, TelegramRateLimited
from apps.integrations.telegram.formatting import (
    CAPTION_LIMIT,
    Segment,
    fit,
    render,
    utf16_length,
)
from apps.integrations.tests.telegram_stub import recorded

TOKEN = "123456:test-telegram-token"


def _client(bot_api, sleeps, **kwargs) -> TelegramClient:
    return TelegramClient(
        token=TOKEN, base_url=bot_api.base_url, sleep=sleeps.append, timeout=(2, 5), **kwargs
    )


def test_get_me_reads_the_recorded_bot(bot_api, sleeps):
    bot_api.answer("getMe", recorded("getMe.json"))
    me = _client(bot_api, sleeps).get_me()
    assert (me.id, me.username) == (2200529744, "alexwayfer_test_bot")
    assert bot_api.calls("getMe")[0].token == TOKEN


def test_send_photo_posts_url_and_html_caption(bot_api, sleeps):
    bot_api.answer("sendPhoto", recorded("sendPhoto_private_chat.json"))
    sent = _client(bot_api, sleeps).send_photo(
        chat_id="@cinerec", photo_url="https://img.example/p.jpg", caption_html="<b>A &amp; B</b>"
    )
    assert (sent.message_id, sent.chat_id) == (666, 666)
    params = bot_api.calls("sendPhoto")[0].params
    assert params["chat_id"] == "@cinerec"
    assert params["photo"] == "https://img.example/p.jpg"
    assert params["caption"] == "<b>A &amp; B</b>"
    assert params["parse_mode"] == "HTML"


def test_send_message_uses_html_without_link_preview(bot_api, sleeps):
    bot_api.answer("sendMessage", recorded("sendMessage_private_chat.json"))
    sent = _client(bot_api, sleeps).send_message(chat_id="@cinerec", html="hi")
    assert sent.message_id == 666
    params = bot_api.calls("sendMessage")[0].params
    assert params["text"] == "hi"
    assert params["parse_mode"] == "HTML"


def test_429_waits_retry_after_then_succeeds(bot_api, sleeps):
    bot_api.answer(
        "sendMessage",
        recorded("error_429_retry_after.json"),
        recorded("sendMessage_private_chat.json"),
    )
    sent = _client(bot_api, sleeps).send_message(chat_id="@c", html="x")
    assert sent.message_id == 666
    assert sleeps == [2.0]
    assert len(bot_api.calls("sendMessage")) == 2


def test_429_on_every_attempt_raises_rate_limited_with_the_delay(bot_api, sleeps):
    bot_api.answer("sendMessage", recorded("error_429_retry_after.json"))
    with pytest.raises(TelegramRateLimited) as exc:
        _client(bot_api, sleeps).send_message(chat_id="@c", html="x")
    assert exc.value.retry_after == 2.0
    assert len(bot_api.calls("sendMessage")) == 3


@pytest.mark.parametrize(
    ("payload", "error", "status"),
    [
        ("error_400_chat_not_found.json", IntegrationError, 400),
        ("error_403_not_member.json", IntegrationAuthError, 403),
        ("error_401_unauthorized.json", IntegrationAuthError, 401),
    ],
)
def test_client_errors_are_not_retried(bot_api, sleeps, payload, error, status):
    bot_api.answer("sendMessage", recorded(payload))
    with pytest.raises(error) as exc:
        _client(bot_api, sleeps).send_message(chat_id="@c", html="x")
    assert exc.value.status == status
    assert not isinstance(exc.value, TransientIntegrationError)
    assert len(bot_api.calls("sendMessage")) == 1
    assert sleeps == []


def test_400_keeps_telegrams_description(bot_api, sleeps):
    bot_api.answer("sendMessage", recorded("error_400_chat_not_found.json"))
    with pytest.raises(IntegrationError, match=r"[Cc]hat not found"):
        _client(bot_api, sleeps).send_message(chat_id="@missing", html="x")


def test_connection_errors_back_off_then_raise_transient(sleeps):
    client = TelegramClient(
        token=TOKEN, base_url="http://127.0.0.1:9", sleep=sleeps.append, timeout=(0.5, 0.5)
    )
    with pytest.raises(TransientIntegrationError):
        client.send_message(chat_id="@c", html="x")
    assert len(sleeps) == 2
    assert sleeps[1] > sleeps[0]


def test_missing_token_is_not_configured():
    with pytest.raises(IntegrationNotConfigured):
        TelegramClient(token="", base_url="https://api.telegram.org")


def test_render_escapes_text_and_links():
    html = render([Segment("<Tom & Jerry>", bold=True), Segment("x", link='https://a/?q="1"&b')])
    assert html == '<b>&lt;Tom &amp; Jerry&gt;</b><a href="https://a/?q=&quot;1&quot;&amp;b">x</a>'


def test_fit_shortens_the_body_and_keeps_head_and_tail():
    head = [Segment("Title & more", bold=True), Segment("\n")]
    body = [Segment("<" * 3000)]
    tail = [Segment("\n"), Segment("Open", link="https://site/t/1")]
    html = fit(head, body, tail, CAPTION_LIMIT)
    assert html.startswith("<b>Title &amp; more</b>\n")
    assert html.endswith('\n<a href="https://site/t/1">Open</a>')
    visible = html.replace("<b>", "").replace("</b>", "").replace("&lt;", "<").replace("&amp;", "&")
    visible = visible.replace('<a href="https://site/t/1">', "").replace("</a>", "")
    assert utf16_length(visible) == CAPTION_LIMIT
    assert "…" in visible


def test_fit_counts_utf16_units_for_astral_characters():
    body = [Segment("🎬" * 600)]  # two UTF-16 units each
    html = fit([], body, [], CAPTION_LIMIT)
    assert utf16_length(html) <= CAPTION_LIMIT
    assert html.endswith("…")
