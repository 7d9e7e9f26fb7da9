"""Bulk writes of plain tuples for data loads of hundreds of thousands of rows.

`bulk_create` builds a model instance and converts every field of every row in Python, which is
most of the time of a large load; these helpers send tuples through the connection's own SQL
dialect (SQLite or PostgreSQL) instead. Callers pass values already in database form: use
`db_datetime` for datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models.constants import OnConflict

MAX_ROWS_PER_STATEMENT = 1000
T = TypeVar("T")


def db_datetime(value: datetime) -> Any:
    """A timezone-aware datetime as the current database backend stores it."""
    return connection.ops.adapt_datetimefield_value(value)


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most `size` items."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_ignore(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """INSERT rows of `columns` values, skipping any row that violates a unique constraint."""
    if connection.vendor == "postgresql":
        _copy_insert_ignore(model, columns, rows)
        return
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(c) for c in columns)
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    prefix = ops.insert_statement(on_conflict=OnConflict.IGNORE)
    suffix = ops.on_conflict_suffix_sql([], OnConflict.IGNORE, None, None)
    max_params = connection.features.max_query_params
    size = (
        min(MAX_ROWS_PER_STATEMENT, max_params // len(columns))
        if max_params
        else MAX_ROWS_PER_STATEMENT
    )
    with connection.cursor() as cursor:
        for batch in batches(rows, size):
            values = ", ".join([one_row] * len(batch))
            params = [value for row in batch for value in row]
            cursor.execute(f"{prefix} {table} ({names}) VALUES {values} {suffix}", params)


def _copy_insert_ignore(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """PostgreSQL: COPY into a temporary table, then one INSERT ... ON CONFLICT DO NOTHING.
    Parameterised multi-row INSERTs manage a few thousand rows a second; COPY streams."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    staging = quote(f"staging_{model._meta.db_table}")
    names = ", ".join(quote(c) for c in columns)
    # Identifiers come from model metadata and are quoted; rows travel through COPY.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        create = f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608
        cursor.execute(create)
        with cursor.cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} ON CONFLICT DO NOTHING"  # noqa: S608
        )
        cursor.execute(f"DROP TABLE {staging}")


def update_column(
    model: type[models.Model], column: str, values: Iterable[tuple[Any, int]]
) -> None:
    """SET `column` per primary key from (value, pk) pairs."""
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    pk = ops.quote_name(model._meta.pk.column)
    # Identifiers come from model metadata and are quoted; values are parameters.
    sql = f"UPDATE {table} SET {ops.quote_name(column)} = %s WHERE {pk} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(values))
