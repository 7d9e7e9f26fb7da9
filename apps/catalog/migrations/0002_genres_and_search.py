"""Seeds the genre vocabulary; on PostgreSQL adds pg_trgm and the search indexes."""

from django.db import migrations

from apps.catalog.genres import GENRES

POSTGRES_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS content_title_trgm ON catalog_content USING gin (normalized_title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS content_search_fts ON catalog_content USING gin "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(original_title, '') || ' ' || coalesce(overview, '')))",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS content_search_fts",
    "DROP INDEX IF EXISTS content_title_trgm",
]


def seed_genres(apps, schema_editor):
    Genre = apps.get_model("catalog", "Genre")
    Genre.objects.bulk_create([Genre(slug=s, name=n) for s, n in GENRES.items()], ignore_conflicts=True)


def search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_SQL:
            schema_editor.execute(sql)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(seed_genres, migrations.RunPython.noop),
        migrations.RunPython(search_indexes, drop_search_indexes),
    ]
