"""Worker settings the batch precompute needs: a prefork worker keeps its database connections
(and the psycopg pool) across tasks instead of reopening them for every chunk."""

from __future__ import annotations

from celery.fixups.django import DjangoWorkerFixup

from config.celery import app as celery_app


def test_the_worker_keeps_its_database_connections_across_chunk_tasks(monkeypatch):
    fixup = DjangoWorkerFixup(celery_app)
    assert fixup.db_reuse_max is not None
    assert fixup.db_reuse_max >= 50
    closed: list[int] = []
    monkeypatch.setattr(fixup, "_close_database", lambda: closed.append(1))
    for _ in range(50):  # 50 chunk tasks: prerun and postrun each ask to close
        fixup.close_database()
        fixup.close_database()
    assert closed == []


def test_the_connections_are_still_recycled_now_and_then(monkeypatch):
    fixup = DjangoWorkerFixup(celery_app)
    closed: list[int] = []
    monkeypatch.setattr(fixup, "_close_database", lambda: closed.append(1))
    calls = 8 * fixup.db_reuse_max
    for _ in range(calls):
        fixup.close_database()
    assert 1 <= len(closed) <= calls // (2 * fixup.db_reuse_max)
