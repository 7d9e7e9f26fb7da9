"""Genre lists and popularity lists at a million titles (issue 25, docs/scale.md; PostgreSQL only,
a no-op on SQLite, like 0009-0011).

A genre list (`/api/content/genre/<slug>`, optionally in one language) joined the genre table by
slug, so PostgreSQL planned for an average genre whatever the genre was, and the links could only
be read through the `genre_id` index in heap order: the capped count of mythology in Telugu read
14k links and looked each title up in the table (488 ms EXPLAIN ANALYZE on the cold SYNTHETIC
catalogue), drama's count read the whole 478k-entry bitmap to keep 1,001. `selectors._in_genre`
now asks for the genre's id in a semi-join, and these indexes answer it without the tables:

- `content_genres_genre_content` (genre_id, content_id): a genre's titles in id order, index only
  (counts stop at the cap; merge joins with the language below);
- `content_visible_ids` (id): whether a title may be listed, index only: a genre's capped count
  walks its links and probes this (1,005 probes, 2 ms) where it read 55k titles into a hash
  join (79 ms) or probed the table;
- `content_visible_pop` (popularity DESC, id) and `content_visible_lang_pop` (original_language,
  popularity DESC, id), the titles a list may show in exactly the list's order, index only: a
  page walks them and probes the links' (content_id, genre_id) unique index;
- `content_visible_lang_id` (original_language, id): a language's visible titles in id order,
  merged with a genre's links for the capped count of a genre inside a language.
"""

from django.db import migrations

VISIBLE = "WHERE NOT hidden AND NOT is_adult"
INDEXES = {
    "content_genres_genre_content": "ON catalog_content_genres (genre_id, content_id)",
    "content_visible_ids": f"ON catalog_content (id) {VISIBLE}",
    "content_visible_pop": f"ON catalog_content (popularity DESC, id) {VISIBLE}",
    "content_visible_lang_pop": (
        f"ON catalog_content (original_language, popularity DESC, id) {VISIBLE}"
    ),
    "content_visible_lang_id": f"ON catalog_content (original_language, id) {VISIBLE}",
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
    dependencies = [("catalog", "0011_scale_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
