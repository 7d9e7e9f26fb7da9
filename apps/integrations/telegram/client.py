"""Telegram Bot API client on python-telegram-bot, driven synchronously from Celery tasks.

python-telegram-bot (the design card's package) is async: every call runs in its own
`asyncio.run`, with an HTTPXRequest carrying the project's (connect, read) timeouts. Retries follow
the project's outbound rules (apps/integrations/http.py): network errors and timeouts are retried
with exponential backoff and jitter, a 429 waits the Bot API's `parameters.retry_after`
(https://core.telegram.org/bots/api#responseparameters), any other 4xx is never retried.

sendMessage/sendPhoto are not idempotent and the Bot API has no idempotency key: a timeout after
Telegram accepted the message can, on retry, post it twice. The publishing service accepts that
small risk (a lost post is worse for a channel than a rare duplicate) and bounds it to
`max_attempts`; a 4xx is never retried.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
import warnings
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning, PTBUserWarning

from apps.integrations.exceptions import (
    IntegrationAuthError,
    IntegrationError,
    IntegrationNotConfigured,
    TransientIntegrationError,
)
from apps.integrations.telegram.types import BotIdentity, SentMessage

logger = logging.getLogger(__name__)

PROVIDER = "telegram"
MAX_RETRY_AFTER = 60.0  # longer waits go back to the task queue instead of blocking a worker


class TelegramRateLimited(TransientIntegrationError):
    """A 429 whose retry_after is too long to wait in-process; the task retries after it."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(PROVIDER, f"flood control: retry after {retry_after:.0f}s", status=429)
        self.retry_after = retry_after


def _retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns about int vs timedelta; both are handled
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _sent(message: Any) -> SentMessage:
    if not isinstance(message, dict) or "message_id" not in message:
        raise IntegrationError(PROVIDER, "the Bot API answered without a message")
    return SentMessage(
        message_id=int(message["message_id"]), chat_id=int(message.get("chat", {}).get("id", 0))
    )


class TelegramClient:
    provider = PROVIDER
    max_attempts = 3
    backoff_base = 0.5

    def __init__(
        self,
        *,
        token: str,
        base_url: str,
        timeout: tuple[float, float] | None = None,
        sleep: Callable[[float], None] | None = None,
        max_attempts: int | None = None,
    ) -> None:
        if not token:
            raise IntegrationNotConfigured(PROVIDER, "TELEGRAM_BOT_TOKEN is not set")
        if not base_url:
            raise IntegrationNotConfigured(PROVIDER, "TELEGRAM_BASE_URL is not set")
        self.token = token
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout or (settings.HTTP_CONNECT_TIMEOUT, settings.HTTP_READ_TIMEOUT)
        self.sleep = sleep or time.sleep
        if max_attempts is not None:
            self.max_attempts = max_attempts

    @classmethod
    def from_settings(cls, **kwargs: object) -> TelegramClient:
        return cls(
            token=settings.TELEGRAM_BOT_TOKEN,
            base_url=settings.TELEGRAM_BASE_URL,
            **kwargs,  # type: ignore[arg-type]
        )

    # -- the Bot API methods we use ---------------------------------------------------------
    # Raw results (dicts) rather than PTB objects: only the ids we store are read, and recorded
    # answers from older Bot API versions (no `is_bot`) still parse.
    def get_me(self) -> BotIdentity:
        user = self._call("getMe", {})
        return BotIdentity(
            id=int(user["id"]),
            username=str(user.get("username", "")),
            first_name=str(user.get("first_name", "")),
        )

    def send_message(self, *, chat_id: str, html: str) -> SentMessage:
        return _sent(
            self._call(
                "sendMessage",
                {
                    "chat_id": chat_id,
                    "text": html,
                    "parse_mode": ParseMode.HTML.value,
                    "link_preview_options": json.dumps({"is_disabled": True}),
                },
            )
        )

    def send_photo(self, *, chat_id: str, photo_url: str, caption_html: str) -> SentMessage:
        return _sent(
            self._call(
                "sendPhoto",
                {
                    "chat_id": chat_id,
                    "photo": photo_url,
                    "caption": caption_html,
                    "parse_mode": ParseMode.HTML.value,
                },
            )
        )

    # -- transport ----------------------------------------------------------------------------
    async def _once(self, endpoint: str, params: dict[str, Any]) -> Any:
        connect, read = self.timeout
        request = HTTPXRequest(
            connection_pool_size=1,
            connect_timeout=connect,
            read_timeout=read,
            write_timeout=read,
            media_write_timeout=read,
            pool_timeout=connect,
        )
        await request.initialize()
        try:
            bot = Bot(token=self.token, base_url=f"{self.base_url}/bot", request=request)
            return await bot.do_api_request(endpoint, api_kwargs=params)
        finally:
            await request.shutdown()

    def _call(self, endpoint: str, params: dict[str, Any]) -> Any:
        for attempt in range(1, self.max_attempts + 1):
            try:
                return self._run(endpoint, params)
            except RetryAfter as exc:
                wait = _retry_after_seconds(exc)
                if wait > MAX_RETRY_AFTER or attempt == self.max_attempts:
                    raise TelegramRateLimited(wait) from exc
                self._pause(attempt, wait, reason="429")
            except (BadRequest, ChatMigrated) as exc:  # BadRequest subclasses NetworkError
                raise IntegrationError(PROVIDER, exc.message, status=400) from exc
            except Forbidden as exc:
                raise IntegrationAuthError(PROVIDER, exc.message, status=403) from exc
            except InvalidToken as exc:
                raise IntegrationAuthError(PROVIDER, exc.message, status=401) from exc
            except NetworkError as exc:  # includes TimedOut and 5xx answers
                if attempt == self.max_attempts:
                    raise TransientIntegrationError(
                        PROVIDER, f"{type(exc).__name__} after {attempt} attempts: {exc.message}"
                    ) from exc
                self._pause(attempt, None, reason=type(exc).__name__)
            except TelegramError as exc:
                raise IntegrationError(PROVIDER, exc.message) from exc
        raise TransientIntegrationError(PROVIDER, "retries exhausted")  # pragma: no cover

    def _run(self, endpoint: str, params: dict[str, Any]) -> Any:
        # do_api_request is PTB's documented raw call; it warns that typed methods exist, and
        # RetryAfter warns about its int/timedelta migration (read in _retry_after_seconds).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PTBUserWarning)
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            return asyncio.run(self._once(endpoint, params))

    def _pause(self, attempt: int, retry_after: float | None, *, reason: str) -> None:
        if retry_after is not None:
            delay = retry_after
        else:
            delay = self.backoff_base * 2 ** (attempt - 1) * (1 + random.random() / 2)  # noqa: S311 (jitter)
        logger.warning("telegram: %s, retrying in %.1fs (attempt %d)", reason, delay, attempt)
        self.sleep(delay)
