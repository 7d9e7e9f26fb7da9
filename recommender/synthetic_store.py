"""Where SYNTHETIC data goes (recommender/synthetic.py makes it): `.npz` shards, or a PostgreSQL
database through binary `COPY` (psycopg 3).

In a database every synthetic row says what it is: titles are named `SYNTHETIC 000123` with
`provenance={"synthetic": true}`, users have a `synthetic-` handle, an `example.invalid` address
and an unusable password. A database that holds anyone else is refused unless the caller allows
mixing, so benchmark data never lands among real people by accident.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import DatabaseError, connection, models
from django.utils import timezone

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.catalog.models import Content, ContentKind
from apps.catalog.text import normalize_title
from apps.core.exceptions import ApplicationError
from recommender.synthetic import (
    FAVORITE,
    RATING,
    SYNTHETIC_LABEL,
    WATCHLIST,
    Chunk,
    SyntheticConfig,
    generate,
)

HANDLE_PREFIX = "synthetic-"
EMAIL_DOMAIN = "example.invalid"
UNUSABLE_PASSWORD = UNUSABLE_PASSWORD_PREFIX + "synthetic"  # never matches a password
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8  # signature, flags, header extension length
_TRAILER = b"\xff\xff"
_PG_EPOCH = 946_684_800  # 2000-01-01 in seconds since 1970-01-01
BLOCK_ROWS = 500_000


@dataclass(frozen=True)
class Written:
    users: int
    titles: int
    ratings: int
    watchlist: int
    favorites: int

    @property
    def interactions(self) -> int:
        return self.ratings + self.watchlist + self.favorites


def title_name(index: int) -> str:
    return f"{SYNTHETIC_LABEL} {index:06d}"


def handle(index: int) -> str:
    return f"{HANDLE_PREFIX}{index:08d}"


def real_users_exist() -> bool:
    return User.objects.exclude(username__startswith=HANDLE_PREFIX).exists()


def check_target(*, allow_mixed: bool) -> None:
    """Refuse a database that holds real people (unless mixing is allowed) or is not PostgreSQL,
    or that already holds SYNTHETIC data."""
    if real_users_exist() and not allow_mixed:
        raise ApplicationError(
            "This database holds real users; SYNTHETIC data goes into a scratch database "
            "(or pass --allow-mixed if you really mean to mix them).",
            code="synthetic_refused",
        )
    if connection.vendor != "postgresql":
        raise ApplicationError(
            "Loading SYNTHETIC data uses PostgreSQL's COPY; write files with --out instead.",
            code="synthetic_needs_postgresql",
        )
    if User.objects.filter(username__startswith=HANDLE_PREFIX).exists():
        raise ApplicationError(
            "This database already holds SYNTHETIC users; drop it or use a fresh one.",
            code="synthetic_present",
        )


def write_files(config: SyntheticConfig, out: Path) -> Written:
    """One `.npz` shard per chunk of users plus `manifest.json` (labelled SYNTHETIC)."""
    out.mkdir(parents=True, exist_ok=True)
    counts = np.zeros(3, dtype=np.int64)
    shards = []
    for number, chunk in enumerate(generate(config)):
        name = f"synthetic-{number:05d}.npz"
        np.savez(
            out / name,
            user=chunk.user,
            item=chunk.item,
            value=chunk.value,
            kind=chunk.kind,
            timestamp=chunk.timestamp,
        )
        counts += np.bincount(chunk.kind, minlength=3)
        shards.append(name)
    manifest = {"label": SYNTHETIC_LABEL, "synthetic": True, "config": asdict(config)}
    manifest["shards"] = shards
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return Written(config.n_users, config.n_items, *(int(n) for n in counts))


def write_database(
    config: SyntheticConfig, *, allow_mixed: bool = False, trust_references: bool = False
) -> Written:
    """Users, titles and their signals into the current PostgreSQL database with COPY.

    `trust_references` skips the per-row foreign-key triggers during the load
    (`session_replication_role = replica`, superuser only; checked before anything is written):
    every id is one this function has just written, so the check only slows the load. Unique
    constraints and indexes still apply. Chunks commit as they go; a load that fails half-way
    leaves a partial SYNTHETIC set, which `check_target` then refuses to extend: drop the
    scratch database and start again."""
    check_target(allow_mixed=allow_mixed)
    counts = np.zeros(3, dtype=np.int64)
    with connection.cursor() as cursor:
        if trust_references:
            try:
                cursor.execute("SET session_replication_role = replica")
            except DatabaseError as exc:
                raise ApplicationError(
                    "--trust-references needs a PostgreSQL superuser; leave it out.",
                    code="synthetic_needs_superuser",
                ) from exc
        try:
            first_user = _copy_rows(User, config.n_users, _user_row)
            first_title = _copy_rows(Content, config.n_items, _title_row)
            for chunk in generate(config):
                _copy_signals(cursor, chunk, first_user, first_title)
                counts += np.bincount(chunk.kind, minlength=3)
        finally:
            if trust_references:
                cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")
    return Written(config.n_users, config.n_items, *(int(n) for n in counts))


def _user_row(index: int) -> dict[str, Any]:
    return {
        "username": handle(index),
        "email": f"{handle(index)}@{EMAIL_DOMAIN}",
        "password": UNUSABLE_PASSWORD,
    }


_KINDS = (ContentKind.MOVIE, ContentKind.TV, ContentKind.ANIME)


def _title_row(index: int) -> dict[str, Any]:
    name = title_name(index)
    return {
        "title": name,
        "normalized_title": normalize_title(name),
        "kind": _KINDS[index % 3],
        "provenance": {"synthetic": True},
    }


def _copy_rows(model: type[models.Model], count: int, row: Callable[[int], dict[str, Any]]) -> int:
    """`count` rows of `model` with explicit ids after the current largest; returns the first id.
    Fields that `row` does not give take the model's defaults, prepared once."""
    meta = model._meta
    now = timezone.now()
    sample = row(0)
    varying = list(sample)
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    fixed = {
        f.attname: f.get_db_prep_save(f.get_default(), connection)
        for f in fields
        if f.attname not in varying
    }
    for f in fields:  # created_at / updated_at / date_joined / added_at
        if isinstance(f, models.DateTimeField) and fixed.get(f.attname) is None and not f.null:
            fixed[f.attname] = now
    by_name = {f.attname: f for f in fields}
    quote = connection.ops.quote_name
    columns = (
        [meta.pk.column] + [by_name[n].column for n in varying] + [by_name[n].column for n in fixed]
    )
    constant = tuple(fixed.values())
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({quote(meta.pk.column)}), 0) FROM {table}")  # noqa: S608
        first = int(cursor.fetchone()[0]) + 1
        sql = f"COPY {table} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for index in range(count):
                values = row(index)
                prepared = [by_name[n].get_db_prep_save(values[n], connection) for n in varying]
                copy.write_row((first + index, *prepared, *constant))
        sequence = "SELECT setval(pg_get_serial_sequence(%s, %s), %s)"
        cursor.execute(sequence, [meta.db_table, meta.pk.column, first + count - 1])
    return first


def _record_dtype(fields: Iterable[tuple[str, str]]) -> np.dtype:
    spec: list[tuple[str, str]] = [("n", ">i2")]
    for name, kind in fields:
        spec.append((f"{name}_len", ">i4"))
        if kind:
            spec.append((name, kind))
    return np.dtype(spec)


_RATING_COLUMNS = (
    ("created_at", ">i8"),
    ("updated_at", ">i8"),
    ("user_id", ">i8"),
    ("content_id", ">i8"),
    ("rating", ">i2"),
    ("review", ""),  # empty text: length 0, no bytes
    ("review_is_public", "u1"),
)
_LIST_COLUMNS = (("user_id", ">i8"), ("content_id", ">i8"), ("added_at", ">i8"))


def _binary_blocks(
    columns: tuple[tuple[str, str], ...], values: dict[str, np.ndarray]
) -> Iterator[bytes]:
    dtype = _record_dtype(columns)
    size = len(next(iter(values.values())))
    for start in range(0, size, BLOCK_ROWS):
        stop = min(size, start + BLOCK_ROWS)
        records = np.empty(stop - start, dtype=dtype)
        records["n"] = len(columns)
        for name, kind in columns:
            records[f"{name}_len"] = np.dtype(kind).itemsize if kind else 0
            if kind:
                records[name] = values[name][start:stop]
        yield records.tobytes()


def _copy_signals(cursor: Any, chunk: Chunk, first_user: int, first_title: int) -> None:
    user = chunk.user.astype(np.int64) + first_user
    item = chunk.item.astype(np.int64) + first_title
    micros = (chunk.timestamp - _PG_EPOCH) * 1_000_000
    quote = connection.ops.quote_name
    for kind, model in ((RATING, Rating), (WATCHLIST, WatchlistItem), (FAVORITE, Favorite)):
        pick = chunk.kind == kind
        if not pick.any():
            continue
        columns: tuple[tuple[str, str], ...]
        if kind == RATING:
            columns = _RATING_COLUMNS
            values = {
                "created_at": micros[pick],
                "updated_at": micros[pick],
                "user_id": user[pick],
                "content_id": item[pick],
                "rating": chunk.value[pick].astype(np.int16),
                "review_is_public": np.ones(int(pick.sum()), np.uint8),
            }
        else:
            columns = _LIST_COLUMNS
            values = {"user_id": user[pick], "content_id": item[pick], "added_at": micros[pick]}
        names = ", ".join(quote(name) for name, _ in columns)
        table = quote(model._meta.db_table)
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(_SIGNATURE)
            for block in _binary_blocks(columns, values):
                copy.write(block)
            copy.write(_TRAILER)
