"""Training and batch tasks (routed to the `ml` queue): they take ids, call one service."""

from __future__ import annotations

from typing import Any

from celery import group, shared_task
from django.conf import settings
from django.core.cache import cache
from threadpoolctl import threadpool_limits

from recommender.precompute.chunk import compute_chunk
from recommender.precompute.users import active_user_pages
from recommender.services import retrain_due, training_run_start
from recommender.training.task import train_run

__all__ = [
    "nightly_retrain",
    "precompute",
    "precompute_chunk",
    "prune_artifacts",
    "retrain_if_due",
    "train_run",
]

RETRAIN_LOCK = "recommender:retrain-lock"
CHUNKS_PER_GROUP = 50  # chunks enqueued per group while the coordinator pages on


@shared_task(name="recommender.nightly_retrain")
def nightly_retrain() -> dict[str, Any]:
    return {"run": training_run_start(group="all").pk}


@shared_task(name="recommender.retrain_if_due")
def retrain_if_due() -> dict[str, Any]:
    """A full retrain once enough new interactions arrived since the last one (cheap check)."""
    if not retrain_due() or not cache.add(RETRAIN_LOCK, 1, timeout=30 * 60):
        return {"started": False}
    return {"started": True, "run": training_run_start(group="all").pk}


@shared_task(name="recommender.precompute_chunk")
def precompute_chunk(user_ids: list[int]) -> dict[str, Any]:
    """One chunk: one signals query, one batched fold-in and search, one set_many. One BLAS
    thread: a worker process is one core's worth of work, and worker processes are the parallelism
    (threads on top of them oversubscribe the cores)."""
    with threadpool_limits(1, "blas"):
        return compute_chunk(user_ids)


@shared_task(name="recommender.precompute")
def precompute(chunk: int | None = None, days: int = 30) -> dict[str, Any]:
    """The coordinator: pages through the active users by id and enqueues a group of chunk tasks
    every CHUNKS_PER_GROUP chunks (records are idempotent, so a repeated chunk is harmless)."""
    size = chunk or settings.RECOMMENDER_PRECOMPUTE_CHUNK
    pending: list[list[int]] = []
    groups: list[str] = []
    users = chunks = 0
    for page in active_user_pages(size, days=days):
        pending.append(page)
        users, chunks = users + len(page), chunks + 1
        if len(pending) == CHUNKS_PER_GROUP:
            groups.append(_enqueue(pending))
            pending = []
    if pending:
        groups.append(_enqueue(pending))
    return {"users": users, "chunks": chunks, "groups": groups}


def _enqueue(pages: list[list[int]]) -> str:
    result = group(precompute_chunk.s(page) for page in pages).apply_async()
    result.save()  # the bench and operators can wait on it by id (GroupResult.restore)
    return str(result.id)


@shared_task(name="recommender.prune_artifacts")
def prune_artifacts() -> dict[str, Any]:
    """Old model versions out of shared storage and this worker's local cache (the active one
    and the newest ARTIFACT_KEEP_VERSIONS per algorithm stay): recommender/artifact_prune.py."""
    from recommender.artifact_prune import artifacts_prune

    return artifacts_prune().as_dict()
