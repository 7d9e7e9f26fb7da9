"""Drop the bodies the outbox kept: rendered account e-mails held live reset and e-mail-change links.

Sent messages keep no arguments from now on (apps/core/outbox.py), so those of messages already
sent are cleared. Messages of the retired `accounts.send_email` task still waiting to be sent
carry a rendered body (possibly a live link) that nothing can send any more: they are deleted,
and whoever asked for a link asks again. Account e-mails are now queued as
`accounts.send_account_email` with no secret in them and rendered when sent.
"""

from django.db import migrations

LEGACY_MAIL_TASK = "accounts.send_email"


def drop_bodies(apps, schema_editor):
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    OutboxMessage.objects.filter(sent_at__isnull=True, task_name=LEGACY_MAIL_TASK).delete()
    OutboxMessage.objects.filter(sent_at__isnull=False).update(args=[], kwargs={})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_outbox")]

    operations = [migrations.RunPython(drop_bodies, migrations.RunPython.noop)]
