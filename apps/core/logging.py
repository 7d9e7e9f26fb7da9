import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from django.conf import settings

from apps.core.request_context import request_id_var

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request id (or the Celery task id)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with the request id and any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        payload.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            payload["exc"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


REDACTED = "[REDACTED]"
# Secrets in a shape we know even when no setting names them: a Telegram bot token (in the Bot
# API's URL path /bot<token>/ and elsewhere), a key or token in a query string, a bearer header,
# the password in a URL, the token of a password-reset or e-mail-change link.
_PATTERNS = [
    (re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}"), REDACTED),
    (re.compile(r"(/bot)[^/\s?#\"':]*:[^/\s?#\"']+(?=/)"), r"\1" + REDACTED),
    (
        re.compile(
            r"([?&;](?:api_?key|key|token|access_token|secret|password|signature)=)[^&;#\s\"']+",
            re.IGNORECASE,
        ),
        r"\1" + REDACTED,
    ),
    (re.compile(r"(\bBearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE), r"\1" + REDACTED),
    (re.compile(r"(://[^:/\s@]*:)[^@\s/]+(?=@)"), r"\1" + REDACTED),  # user:password@host
    # the links of the account e-mails, in the path of the request that opens them
    (re.compile(r"(/account/reset/[^/\s?#\"']+/)[^/\s?#\"']+"), r"\1" + REDACTED),
    (re.compile(r"(/account/email/)[^/\s?#\"']+"), r"\1" + REDACTED),
]
MIN_SECRET_LENGTH = 6  # shorter values would redact ordinary words


def _configured_secrets() -> Iterator[str]:
    """The values of the settings LOG_REDACT_SETTINGS names, and the databases' passwords."""
    if not settings.configured:
        return
    for name in getattr(settings, "LOG_REDACT_SETTINGS", ()):
        value = getattr(settings, name, "")
        if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH:
            yield value
    for database in getattr(settings, "DATABASES", {}).values():
        password = database.get("PASSWORD") or ""
        if len(password) >= MIN_SECRET_LENGTH:
            yield password


def redact(text: str) -> str:
    """`text` with every configured secret and every secret-shaped value replaced."""
    for secret in sorted(set(_configured_secrets()), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class SecretsFilter(logging.Filter):
    """Redacts secrets from a record's message, its arguments, its extra fields and its traceback.

    Attached to the root handlers (LOGGING in config/settings/base.py), so it sees every record
    that is written anywhere, including third-party ones (httpx logs each request URL at INFO,
    and the Bot API's URL holds the bot token).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            self._redact(record)
        except Exception:  # a record that cannot be formatted is the formatter's to report
            record.msg, record.args = REDACTED, None
        return True

    @staticmethod
    def _redact(record: logging.LogRecord) -> None:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, redact(value))
