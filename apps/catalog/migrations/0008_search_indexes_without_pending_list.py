"""The search indexes write through (PostgreSQL; a no-op on SQLite).

With GIN's default fastupdate, rows written since the last vacuum wait in an unsorted pending list
that every search scans in full: right after `load_demo` wrote 26k titles, a phonetic key lookup
took 8-9 ms per index instead of 0.05 ms, until autovacuum came round. Titles are searched far
more often than they are written, so each write now updates the indexes at once, and what is
pending today is merged."""

from django.db import migrations

GIN_INDEXES = (
    "content_title_trgm",
    "content_search_fts",
    "content_search_key_trgm",
    "content_alias_keys_trgm",
    "content_synonym_keys_trgm",
)


def _set_fastupdate(schema_editor, value: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} SET (fastupdate = {value})")
        if value == "off":
            schema_editor.execute(
                "SELECT gin_clean_pending_list(to_regclass(%s)) WHERE to_regclass(%s) IS NOT NULL",
                [name, name],
            )


def write_through(apps, schema_editor):
    _set_fastupdate(schema_editor, "off")


def pending_list(apps, schema_editor):
    _set_fastupdate(schema_editor, "on")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_content_synonyms"),
    ]

    operations = [migrations.RunPython(write_through, pending_list)]
