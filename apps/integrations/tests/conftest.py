import json
from pathlib import Path

import pytest

PAYLOADS = Path(__file__).parent / "payloads"


def payload(name: str) -> dict:
    return json.loads((PAYLOADS / name).read_text())


@pytest.fixture
def sleeps():
    """Collects the delays a client asked for instead of sleeping."""
    return []


@pytest.fixture
def bot_api():
    """The local Bot API stand-in (apps/integrations/tests/telegram_stub.py)."""
    from apps.integrations.tests.telegram_stub import serve

    yield from serve()
