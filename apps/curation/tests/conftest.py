import pytest
from rest_framework.test import APIClient

from apps.accounts.tests.factories import UserFactory


@pytest.fixture
def staff(db):
    """A curator: staff in the Curators group (staff alone may do nothing in the admin API)."""
    from apps.curation.roles import curator_group

    user = UserFactory(is_staff=True)
    user.groups.add(curator_group())
    return user


@pytest.fixture
def staff_client(staff) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=staff)
    return client


@pytest.fixture
def bot_api(settings):
    """The local Bot API stand-in, wired into settings as the channel's API."""
    from apps.integrations.tests.telegram_stub import serve

    for stub in serve():
        settings.TELEGRAM_BASE_URL = stub.base_url
        settings.TELEGRAM_CHANNEL_ID = "@cinerec_test"
        yield stub


@pytest.fixture
def sleeps(monkeypatch):
    """Delays the Telegram client asked for, instead of sleeping."""
    recorded: list[float] = []
    monkeypatch.setattr("apps.integrations.telegram.client.time.sleep", recorded.append)
    return recorded


@pytest.fixture(autouse=True)
def _tasks_run_in_process(monkeypatch):
    """The PostgreSQL + Redis leg has a broker but no worker for these queues: the outbox runs
    the tasks in-process here, as the SQLite leg does (tests of an outage set it back)."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
