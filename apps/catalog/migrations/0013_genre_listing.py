"""A genre's titles in popularity order, inside a language or not, from the genre links alone
(issue 25, docs/scale.md; PostgreSQL only, a no-op on SQLite, like 0009-0012).

A genre inside a language (mythology in Telugu: 2.3% of titles x 7%) was the one list left above
20 ms at 1M SYNTHETIC titles: its capped count merged the language's visible ids with the genre's
links up to the 1,001st match (43k + 14k index entries) and its page walked the language's
popularity order probing the links 1,004 times. Each link row now carries what such a list
filters and orders by: whether its title may be listed (`listed`: not hidden, not adult), the
title's language, kind and popularity. Two partial indexes hold a genre's listed titles in the
lists' order (popularity DESC, id), one per language first, with the kind alongside: the page is
the first rows of one index range and the capped count its first 1,001 entries, index only.

Triggers keep the copies true on every write path (the ORM, bulk inserts, COPY, raw SQL): a new
link takes its title's values; a title's insert or a change of any of the five columns updates
its links. `selectors.genre_listing` reads them; the equivalence with the title-table query is
pinned by apps/catalog/tests/test_genre_listing.py.
"""

from django.db import migrations

COLUMNS = """
ALTER TABLE catalog_content_genres
    ADD COLUMN IF NOT EXISTS listed boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS list_language varchar(8) NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS list_kind varchar(8) NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS list_popularity double precision NOT NULL DEFAULT 0
"""

LINK_FILL = """
CREATE OR REPLACE FUNCTION catalog_genre_link_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    title record;
BEGIN
    SELECT c.hidden, c.is_adult, c.original_language, c.kind, c.popularity INTO title
    FROM catalog_content c WHERE c.id = NEW.content_id;
    IF FOUND THEN
        NEW.listed := NOT title.hidden AND NOT title.is_adult;
        NEW.list_language := title.original_language;
        NEW.list_kind := title.kind;
        NEW.list_popularity := title.popularity;
    ELSE  -- the title comes later in the transaction: its insert trigger fills the link
        NEW.listed := false;
    END IF;
    RETURN NEW;
END $$
"""

TITLE_FOLLOW = """
CREATE OR REPLACE FUNCTION catalog_genre_links_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_content_genres SET
        listed = NOT NEW.hidden AND NOT NEW.is_adult,
        list_language = NEW.original_language,
        list_kind = NEW.kind,
        list_popularity = NEW.popularity
    WHERE content_id = NEW.id;
    RETURN NULL;
END $$
"""

CHANGED = " OR ".join(
    f"OLD.{column} IS DISTINCT FROM NEW.{column}"
    for column in ("hidden", "is_adult", "original_language", "kind", "popularity")
)
TRIGGERS = {
    "catalog_genre_link_fill": (
        "BEFORE INSERT OR UPDATE OF content_id ON catalog_content_genres "
        "FOR EACH ROW EXECUTE FUNCTION catalog_genre_link_fill()",
        "catalog_content_genres",
    ),
    "catalog_genre_links_on_title_insert": (
        "AFTER INSERT ON catalog_content FOR EACH ROW EXECUTE FUNCTION catalog_genre_links_follow()",
        "catalog_content",
    ),
    "catalog_genre_links_on_title_update": (
        "AFTER UPDATE OF hidden, is_adult, original_language, kind, popularity ON catalog_content "
        f"FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION catalog_genre_links_follow()",
        "catalog_content",
    ),
}

BACKFILL = """
UPDATE catalog_content_genres l SET
    listed = NOT c.hidden AND NOT c.is_adult,
    list_language = c.original_language,
    list_kind = c.kind,
    list_popularity = c.popularity
FROM catalog_content c WHERE c.id = l.content_id
"""

INDEXES = {
    "genre_listing_pop": (
        "ON catalog_content_genres (genre_id, list_popularity DESC, content_id) "
        "INCLUDE (list_kind) WHERE listed"
    ),
    "genre_listing_lang_pop": (
        "ON catalog_content_genres (genre_id, list_language, list_popularity DESC, content_id) "
        "INCLUDE (list_kind) WHERE listed"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(COLUMNS)
    schema_editor.execute(LINK_FILL)
    schema_editor.execute(TITLE_FOLLOW)
    for name, (definition, table) in TRIGGERS.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        schema_editor.execute(f"CREATE TRIGGER {name} {definition}")
    schema_editor.execute(BACKFILL)
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name, (_, table) in TRIGGERS.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS catalog_genre_links_follow()")
    schema_editor.execute("DROP FUNCTION IF EXISTS catalog_genre_link_fill()")
    schema_editor.execute(
        "ALTER TABLE catalog_content_genres DROP COLUMN IF EXISTS listed, "
        "DROP COLUMN IF EXISTS list_language, DROP COLUMN IF EXISTS list_kind, "
        "DROP COLUMN IF EXISTS list_popularity"
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0012_scale_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
