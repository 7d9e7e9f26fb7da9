"""Indexes for a catalogue of a million titles (issue 25, docs/scale.md; PostgreSQL only, a no-op
on SQLite, like the search indexes of 0002 and 0006).

- `content_hidden_ids`: the few titles curators hid (`curation.selectors`, asked by every
  recommendation list and the title page) were a full scan of the table: 340 ms at 1M titles,
  0.1 ms from this partial index.
- `content_visible_lang_kind`: the titles every list may show (not hidden, not adult) by
  language and kind, narrow enough for index-only scans: counting a language's titles for the
  paginated lists read the table (320 ms at 1M titles, 70k Telugu ones) and now reads this
  index alone (22 ms).
"""

from django.db import migrations

INDEXES = {
    "content_hidden_ids": "ON catalog_content (id) WHERE hidden",
    "content_visible_lang_kind": (
        "ON catalog_content (original_language, kind) WHERE NOT hidden AND NOT is_adult"
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
    dependencies = [("catalog", "0008_search_indexes_without_pending_list")]

    operations = [migrations.RunPython(create, drop)]
