"""SYNTHETIC titles (apps/catalog/synthetic_catalogue.py) into PostgreSQL with COPY.

Only into a scratch database: one that holds a real user or a real title is refused, and so is
one that already holds SYNTHETIC titles. While a table is filled its secondary indexes are
dropped and then rebuilt from their own definitions (`pg_indexes`, options such as GIN's
`fastupdate = off` included): one sorted build instead of a million index insertions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from apps.catalog.models import Content, Genre
from apps.catalog.synthetic_catalogue import PROVENANCE, CatalogueConfig, Title, generate
from apps.core.exceptions import ApplicationError

SYNTHETIC_USER_PREFIX = "synthetic-"  # recommender/synthetic_store.py's users may share the base
_TITLE_COLUMNS = (
    "kind", "title", "original_title", "normalized_title", "titles", "aliases", "synonyms",
    "search_key", "alias_keys", "synonym_keys", "original_language", "countries", "year",
    "popularity", "rating", "is_adult", "hidden", "overview",
)  # fmt: skip
_JSON = {"titles", "aliases", "synonyms", "countries"}


def synthetic_titles() -> Any:
    return Content.objects.filter(provenance__synthetic=True)


def check_target() -> None:
    """Refuse a database with real users or titles, one that is not PostgreSQL, and one that
    already holds a SYNTHETIC catalogue."""
    if get_user_model().objects.exclude(username__startswith=SYNTHETIC_USER_PREFIX).exists():
        raise ApplicationError(
            "This database holds real users; the SYNTHETIC catalogue goes into a scratch database.",
            code="synthetic_refused",
        )
    synthetic = synthetic_titles().count()
    if Content.objects.count() > synthetic:  # a missing key is NULL: exclude() would miss it
        raise ApplicationError(
            "This database holds real titles; the SYNTHETIC catalogue goes into a scratch database.",
            code="synthetic_refused",
        )
    if connection.vendor != "postgresql":
        raise ApplicationError(
            "The SYNTHETIC catalogue is loaded with PostgreSQL's COPY.",
            code="synthetic_needs_postgresql",
        )
    if synthetic:
        raise ApplicationError(
            "This database already holds a SYNTHETIC catalogue; drop it or use a fresh one.",
            code="synthetic_present",
        )


@contextmanager
def indexes_rebuilt_after(tables: Sequence[str]) -> Iterator[None]:
    """Drop the tables' indexes that back no constraint, run the body, create them again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [list(tables)],
        )
        definitions = cursor.fetchall()
        for name, _ in definitions:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.in_atomic_block:  # deferred foreign-key checks must run before DDL
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _, definition in definitions:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")


def next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return int(cursor.fetchone()[0])


def set_sequence(table: str, last: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, last])


def _constant_columns() -> dict[str, Any]:
    """Every other Content column at its default, prepared once."""
    now = timezone.now()
    fixed: dict[str, Any] = {"created_at": now, "updated_at": now, "provenance": PROVENANCE}
    for f in Content._meta.concrete_fields:
        if f.primary_key or f.attname in fixed or f.attname in _TITLE_COLUMNS:
            continue
        default = f.get_default()
        fixed[f.column] = json.dumps(default) if f.get_internal_type() == "JSONField" else default
    return fixed


def _row(title: Title) -> list[Any]:
    return [
        json.dumps(getattr(title, c), ensure_ascii=False) if c in _JSON else getattr(title, c)
        for c in _TITLE_COLUMNS
    ]


def write_titles(config: CatalogueConfig) -> tuple[int, int, int]:
    """The SYNTHETIC titles and their genres; returns (first id, titles, genre links)."""
    check_target()
    content_table = Content._meta.db_table
    link_table = Content.genres.through._meta.db_table
    genre_ids = dict(Genre.objects.values_list("slug", "id"))
    fixed = _constant_columns()
    columns = ["id", *_TITLE_COLUMNS, *fixed]
    first = next_id(content_table)
    titles = links = 0
    quote = connection.ops.quote_name
    content_copy = f"COPY {quote(content_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    link_copy = f"COPY {quote(link_table)} (content_id, genre_id) FROM STDIN"
    with indexes_rebuilt_after([content_table, link_table]), connection.cursor() as cursor:
        for chunk in generate(config):
            with cursor.cursor.copy(content_copy) as copy:
                for offset, title in enumerate(chunk):
                    copy.write_row([first + titles + offset, *_row(title), *fixed.values()])
            with cursor.cursor.copy(link_copy) as copy:
                for offset, title in enumerate(chunk):
                    for slug in title.genres:
                        copy.write_row((first + titles + offset, genre_ids[slug]))
                        links += 1
            titles += len(chunk)
    set_sequence(content_table, first + titles - 1)
    return first, titles, links


def vacuum_analyze(tables: Sequence[str]) -> None:
    """Statistics and the visibility map, as autovacuum would leave a settled table (only
    statistics inside a transaction, where VACUUM cannot run: the tests)."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
