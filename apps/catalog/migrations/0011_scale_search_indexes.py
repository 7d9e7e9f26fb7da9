"""Exact and key search at a million titles (issue 25, docs/scale.md; PostgreSQL only, a no-op
on SQLite).

A common title ("Love": about 4,800 titles of the 1M SYNTHETIC catalogue) made the exact tier
walk the popularity index until it had found 200 of them (293 ms), and the key tier read every
title with the key before sorting it in Python. These partial indexes hold the visible titles
by normalised title and by key, most popular first: both tiers become index-only scans that stop
at their limit (0.1-0.2 ms).
"""

from django.db import migrations

INDEXES = {
    "content_visible_title_pop": (
        "ON catalog_content (normalized_title, popularity DESC, id) "
        "WHERE NOT hidden AND NOT is_adult"
    ),
    "content_visible_key_pop": (
        "ON catalog_content (search_key, popularity DESC, id) WHERE NOT hidden AND NOT is_adult"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0010_scale_order_indexes")]

    operations = [migrations.RunPython(create, drop)]
