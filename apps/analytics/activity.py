"""The per-user activity version: a counter bumped by every library write of a user.

It lives with the interaction log (the source of every write) so that the log never calls the
recommender; readers (recommendation caches) put the version into their cache keys, so a user's
cached lists go stale the moment they act. No Django models here: the cache only.
"""

from __future__ import annotations

from django.core.cache import cache


def _key(user_id: int) -> str:
    return f"activity:user:{user_id}:v"


def user_activity_version(user_id: int) -> int:
    return int(cache.get(_key(user_id)) or 0)


def user_activity_versions(user_ids: list[int]) -> dict[int, int]:
    """user_activity_version for many users in one cache round trip."""
    keys = {_key(uid): uid for uid in user_ids}
    found = cache.get_many(list(keys))
    return {uid: int(found.get(key) or 0) for key, uid in keys.items()}


def user_activity_bump(user_id: int) -> None:
    """Everything computed from this user's state until now is stale."""
    key = _key(user_id)
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=None)
