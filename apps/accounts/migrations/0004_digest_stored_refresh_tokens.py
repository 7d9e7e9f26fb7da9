"""Replace the refresh tokens simplejwt kept in clear with their digest (apps/accounts/token_storage.py)."""

from django.db import migrations

from apps.accounts.token_storage import PREFIX, digest


def digest_tokens(apps, schema_editor):
    OutstandingToken = apps.get_model("token_blacklist", "OutstandingToken")
    rows = OutstandingToken.objects.exclude(token__startswith=PREFIX).only("pk", "token")
    batch = []
    for row in rows.iterator(chunk_size=1000):
        row.token = digest(row.token)
        batch.append(row)
        if len(batch) == 1000:
            OutstandingToken.objects.bulk_update(batch, ["token"])
            batch = []
    OutstandingToken.objects.bulk_update(batch, ["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_handle_field_and_ci_unique"),
        ("token_blacklist", "0013_alter_blacklistedtoken_options_and_more"),
    ]

    operations = [migrations.RunPython(digest_tokens, migrations.RunPython.noop)]
