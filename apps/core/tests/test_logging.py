import json
import logging

from apps.core.logging import REDACTED, JsonFormatter, RequestIdFilter, SecretsFilter
from apps.core.request_context import request_id_var


def test_json_log_line_carries_request_id_and_extra_fields():
    token = request_id_var.set("req-7")
    try:
        record = logging.makeLogRecord(
            {"msg": "hello %s", "args": ("world",), "levelname": "INFO", "name": "t"}
        )
        record.check = "cache"
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)

    assert line["message"] == "hello world"
    assert line["request_id"] == "req-7"
    assert line["check"] == "cache"


def _record(msg, *args, **extra):
    record = logging.makeLogRecord({"msg": msg, "args": args, "levelname": "INFO", "name": "t"})
    for key, value in extra.items():
        setattr(record, key, value)
    SecretsFilter().filter(record)
    return record


def test_configured_secrets_are_redacted_from_message_arguments_and_extra_fields(settings):
    settings.OMDB_API_KEY = "omdb-k3y-value"
    settings.TMDB_API_TOKEN = "eyJhbGciOiJIUzI1NiJ9.tmdb"
    record = _record(
        "GET %s", "https://x/?i=tt1&apikey=omdb-k3y-value", url=settings.TMDB_API_TOKEN
    )

    assert record.getMessage() == f"GET https://x/?i=tt1&apikey={REDACTED}"
    assert record.url == REDACTED


def test_secret_shapes_are_redacted_even_when_no_setting_names_them():
    line = (
        "POST https://api.telegram.org/bot7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendPhoto "
        "https://www.googleapis.com/youtube/v3/search?part=id&key=AIzaSyA-1234567 "
        "Authorization: Bearer abc.def.ghi redis://:hunter2pass@cache:6379/0"
    )
    message = _record(line).getMessage()

    for secret in ("7012345678:AAH", "AIzaSyA-1234567", "abc.def.ghi", "hunter2pass"):
        assert secret not in message
    assert message.count(REDACTED) == 4
    assert "https://api.telegram.org/bot[REDACTED]/sendPhoto" in message


def test_tracebacks_are_redacted(settings):
    settings.TELEGRAM_BOT_TOKEN = "999:token-in-a-traceback"
    try:
        raise ValueError(f"bad url /bot{settings.TELEGRAM_BOT_TOKEN}/getMe")
    except ValueError:
        import sys

        record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
    SecretsFilter().filter(record)

    assert "token-in-a-traceback" not in JsonFormatter().format(record)
    assert "ValueError" in record.exc_text


def test_every_root_handler_redacts_secrets(settings):
    root = settings.LOGGING["root"]["handlers"]
    assert len(root) >= 1
    for name in root:
        assert "redact_secrets" in settings.LOGGING["handlers"][name]["filters"], name
    live = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert len(live) == len(root)
    assert all(any(isinstance(f, SecretsFilter) for f in h.filters) for h in live)


def test_celery_workers_keep_django_logging_and_its_filter():
    from config.celery import app

    before = app.log.already_setup
    app.log.already_setup = False
    try:
        app.log.setup_logging_subsystem(loglevel="INFO")
        handlers = logging.getLogger().handlers
    finally:
        app.log.already_setup = before
    streams = [h for h in handlers if type(h) is logging.StreamHandler]
    assert len(streams) >= 1
    assert all(any(isinstance(f, SecretsFilter) for f in h.filters) for h in streams)
