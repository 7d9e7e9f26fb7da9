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
