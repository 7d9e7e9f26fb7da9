import json
from pathlib import Path
from typing import Any

import pytest

from apps.ott.services import platforms_seed

PAYLOADS = Path(__file__).parent / "payloads"


def payload(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / name).read_text())


@pytest.fixture(autouse=True)
def platforms(request: pytest.FixtureRequest) -> None:
    """The seeded platforms (a transactional test elsewhere may have flushed migration data)."""
    if "django_db_setup" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        platforms_seed()
