"""SYNTHETIC interactions for scale tests (issue 25): plain numpy, no Django.

Nothing generated here is real and no quality is ever claimed from it: it exists to measure how
the loader, training and serving behave at 100k / 1M / 10M users. The shape imitates a real
service well enough for that:

- item popularity follows Zipf's law over a random order of the titles;
- per-user activity is heavy-tailed (lognormal with the requested mean, at least one signal);
- every user belongs to one of K latent taste clusters and draws most of their titles from the
  cluster's own titles (popularity-weighted), and rates those higher, so ranking has signal;
- about 70% of signals are ratings (1-10) and 30% watchlist entries; about half of the 9-10
  ratings are also favourites (same user and title, so a loader must let the rating win).

Users are generated in chunks of `chunk_users`, each from its own seeded stream, so memory is
bounded by the chunk (never by the number of users) and the same seed gives the same data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from recommender.signal_values import FAVORITE_VALUE, WATCHLIST_VALUE

RATING, WATCHLIST, FAVORITE = 0, 1, 2
KIND_NAMES = ("rating", "watchlist", "favorite")
SYNTHETIC_LABEL = "SYNTHETIC"
# Timestamps between 2020-01-01 and 2026-01-01 (seconds since the epoch, UTC).
START, END = 1_577_836_800, 1_767_225_600

# Named sizes from the issue: users x titles.
PRESETS: dict[str, tuple[int, int]] = {
    "100k": (100_000, 10_000),
    "1m": (1_000_000, 100_000),
    "10m": (10_000_000, 1_000_000),
}


@dataclass(frozen=True)
class SyntheticConfig:
    n_users: int
    n_items: int
    mean_per_user: float = 50.0
    n_clusters: int = 20
    zipf_exponent: float = 1.0
    cluster_share: float = 0.8  # share of a user's titles drawn from their cluster's titles
    activity_sigma: float = 1.0  # lognormal sigma of per-user activity
    rating_share: float = 0.7  # the rest are watchlist entries
    favorite_share: float = 0.5  # of the 9-10 ratings, also marked favourite
    seed: int = 0
    chunk_users: int = 100_000

    def __post_init__(self) -> None:
        if self.n_users < 1 or self.n_items < self.n_clusters or self.n_clusters < 1:
            raise ValueError("need at least one user and at least one title per cluster")
        if self.mean_per_user < 1 or self.chunk_users < 1:
            raise ValueError("mean_per_user and chunk_users must be at least 1")


@dataclass(frozen=True)
class Chunk:
    """One chunk of users' signals; user and item are 0-based indexes."""

    user: np.ndarray  # int32
    item: np.ndarray  # int32
    value: np.ndarray  # float32: the 1-10 rating, or the list signal's value
    kind: np.ndarray  # int8: RATING, WATCHLIST or FAVORITE
    timestamp: np.ndarray  # int64 seconds since the epoch

    def __len__(self) -> int:
        return int(self.user.size)


@dataclass(frozen=True)
class Catalogue:
    """Which cluster each title belongs to and how popular it is, from the seed."""

    cluster: np.ndarray  # int32 per item
    global_cdf: np.ndarray  # float64 cumulative popularity over items
    members: np.ndarray  # int32 items grouped by cluster
    cluster_cdf: np.ndarray  # float64, cluster c's segment runs over (c, c + 1]
    user_cluster_seed: int


def catalogue(config: SyntheticConfig) -> Catalogue:
    rng = np.random.default_rng([config.seed, 0])
    n = config.n_items
    rank = rng.permutation(n)
    weight = 1.0 / np.power(rank + 1.0, config.zipf_exponent)
    cluster = rng.permutation(np.arange(n) % config.n_clusters).astype(np.int32)
    members = np.argsort(cluster, kind="stable").astype(np.int32)
    member_weight = weight[members]
    member_cluster = cluster[members]
    cumulative = np.cumsum(member_weight)
    starts = np.searchsorted(member_cluster, np.arange(config.n_clusters))
    before = np.concatenate(([0.0], cumulative))[starts]
    totals = np.bincount(member_cluster, weights=member_weight, minlength=config.n_clusters)
    cluster_cdf = member_cluster + (cumulative - before[member_cluster]) / totals[member_cluster]
    global_cdf = np.cumsum(weight) / weight.sum()
    return Catalogue(
        cluster=cluster,
        global_cdf=global_cdf,
        members=members,
        cluster_cdf=cluster_cdf,
        user_cluster_seed=int(rng.integers(2**31)),
    )


def user_clusters(config: SyntheticConfig, cat: Catalogue, start: int, stop: int) -> np.ndarray:
    """The latent cluster of users start..stop-1 (a pure function of the seed and the index)."""
    index = np.arange(start, stop, dtype=np.uint64)
    mixed = (index + np.uint64(cat.user_cluster_seed)) * np.uint64(0x9E3779B97F4A7C15)
    mixed ^= mixed >> np.uint64(31)
    return (mixed % np.uint64(config.n_clusters)).astype(np.int32)


def _chunk(config: SyntheticConfig, cat: Catalogue, number: int) -> Chunk:
    start = number * config.chunk_users
    stop = min(config.n_users, start + config.chunk_users)
    rng = np.random.default_rng([config.seed, 1, number])
    sigma = config.activity_sigma
    mu = np.log(config.mean_per_user) - sigma**2 / 2
    cap = max(1, config.n_items // 2)
    counts = np.clip(np.rint(rng.lognormal(mu, sigma, stop - start)), 1, cap).astype(np.int64)
    users = np.repeat(np.arange(start, stop, dtype=np.int64), counts)
    clusters = np.repeat(user_clusters(config, cat, start, stop), counts)
    n = users.size
    own = rng.random(n) < config.cluster_share
    draw = rng.random(n)
    items = np.empty(n, dtype=np.int64)
    position = np.searchsorted(cat.cluster_cdf, clusters[own] + draw[own])
    items[own] = cat.members[np.minimum(position, cat.members.size - 1)]
    items[~own] = np.minimum(np.searchsorted(cat.global_cdf, draw[~own]), config.n_items - 1)
    # One signal per user and title: repeated draws of a popular title collapse.
    key, first = np.unique(users * config.n_items + items, return_index=True)
    users, items = key // config.n_items, key % config.n_items
    liked = cat.cluster[items] == clusters[first]
    n = users.size
    kind = np.where(rng.random(n) < config.rating_share, RATING, WATCHLIST).astype(np.int8)
    mean = np.where(liked, 7.5, 5.0)
    rating = np.clip(np.rint(rng.normal(mean, 1.5)), 1, 10).astype(np.float32)
    value = np.where(kind == RATING, rating, np.float32(WATCHLIST_VALUE)).astype(np.float32)
    stamp = rng.integers(START, END, n, dtype=np.int64)
    favourite = (kind == RATING) & (rating >= 9) & (rng.random(n) < config.favorite_share)
    fav_stamp = np.minimum(stamp[favourite] + rng.integers(0, 86_400, int(favourite.sum())), END)
    return Chunk(
        user=np.concatenate((users, users[favourite])).astype(np.int32),
        item=np.concatenate((items, items[favourite])).astype(np.int32),
        value=np.concatenate((value, np.full(int(favourite.sum()), FAVORITE_VALUE, np.float32))),
        kind=np.concatenate((kind, np.full(int(favourite.sum()), FAVORITE, np.int8))),
        timestamp=np.concatenate((stamp, fav_stamp)),
    )


def generate(config: SyntheticConfig) -> Iterator[Chunk]:
    """The SYNTHETIC signals, chunk by chunk of users (memory bounded by `chunk_users`)."""
    cat = catalogue(config)
    chunks = -(-config.n_users // config.chunk_users)
    for number in range(chunks):
        yield _chunk(config, cat, number)
