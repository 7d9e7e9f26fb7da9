import json
import logging

from apps.core.logging import JsonFormatter, RequestIdFilter
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
