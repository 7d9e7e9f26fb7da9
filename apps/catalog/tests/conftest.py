"""Fixtures shared by the catalogue's tests."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture
def postgres_only() -> None:
    """Skip on SQLite: for what only PostgreSQL has (its search tiers, one-statement pools, the
    genre links' listing); the suite runs on both databases (.ci/run)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
