"""A scratch PostgreSQL database for a SYNTHETIC bench: created when missing, dropped first when
asked, and reported as needing its data when the probe finds none."""

from __future__ import annotations


def scratch_database(url: str, *, fresh: bool, probe: str) -> bool:
    """Make sure the database at `url` exists; True when it must be filled: just created, its
    tables not migrated yet, or `probe` (a query for one SYNTHETIC row) finds nothing."""
    import psycopg

    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            return True
    with psycopg.connect(url) as conn:
        try:
            found = conn.execute(probe).fetchone()
        except psycopg.errors.UndefinedTable:
            return True
    return found is None
