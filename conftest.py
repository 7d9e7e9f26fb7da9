"""Global fixtures: API clients and users. App fixtures live in each app's tests/."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.accounts.tests.factories import UserFactory
from apps.catalog import search


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Rate-limit counters and cached lists must not leak between tests."""
    cache.clear()
    search._INDEX.clear()  # in-process search index, keyed by the (now reset) catalogue version
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ARTIFACT_CACHE_DIR = tmp_path / "models"  # this "host"'s local artifact copies


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def auth_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client
