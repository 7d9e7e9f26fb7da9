"""The newest-first and best-rated lists at a million titles (issue 25, docs/scale.md;
PostgreSQL only, a no-op on SQLite).

`content_list` orders by `-year, id` or `-rating, id` over the titles a list may show; the plain
`year` and `-rating` indexes of 0001 match neither the direction nor the tie-break, so
PostgreSQL sorted the whole table for a page of 20 (255 ms at 1M titles for `ordering=year`).
These partial indexes hold exactly those rows in exactly that order: 0.1 ms, and counting a
year range reads the index alone.
"""

from django.db import migrations

INDEXES = {
    "content_visible_year": (
        "ON catalog_content (year DESC, id) WHERE NOT hidden AND NOT is_adult AND year IS NOT NULL"
    ),
    "content_visible_rating": (
        "ON catalog_content (rating DESC, id) "
        "WHERE NOT hidden AND NOT is_adult AND rating IS NOT NULL"
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
    dependencies = [("catalog", "0009_scale_indexes")]

    operations = [migrations.RunPython(create, drop)]
