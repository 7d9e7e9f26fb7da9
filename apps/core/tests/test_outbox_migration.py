"""Migration 0002 drops the bodies the outbox kept (rendered account e-mails with live links)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from apps.core.models import OutboxMessage

pytestmark = pytest.mark.django_db
migration = import_module("apps.core.migrations.0002_outbox_drop_mail_bodies")
BODY = "open this link: http://x/account/reset/MQ/abc-123"


def test_drop_bodies_deletes_waiting_legacy_mails_and_clears_sent_messages():
    legacy = "accounts.send_email"
    OutboxMessage.objects.create(task_name=legacy, args=["a@x.org", "s", BODY], task_id="1")
    OutboxMessage.objects.create(
        task_name=legacy, args=["b@x.org", "s", BODY], task_id="2", sent_at=timezone.now()
    )
    OutboxMessage.objects.create(task_name="recommender.train", args=[7], task_id="3")

    migration.drop_bodies(apps, None)

    rows = list(OutboxMessage.objects.order_by("task_id").values_list("task_id", "args", "kwargs"))
    assert rows == [("2", [], {}), ("3", [7], {})]
