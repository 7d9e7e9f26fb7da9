"""Plain results of Bot API calls (no Django, no python-telegram-bot objects leak out)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BotIdentity:
    id: int
    username: str
    first_name: str


@dataclass(frozen=True)
class SentMessage:
    message_id: int
    chat_id: int
