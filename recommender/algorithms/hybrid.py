"""The hybrid: weighted fusion of per-user standardised member scores. Every choice is made on
validation data cut from the training rows only (never the test data), by rules that scale with
the data rather than constants that describe one data set.

1. Validation: hold out `holdout` of each user's interactions (`validation_folds` draws) and fit
   the members on the rest. A member that cannot work on the data (no item features, no
   interaction times) raises ValueError and steps aside. A member whose own settings are left
   open (EASE's lambda, the kNN neighbour count) picks them first, by its own rule: candidates
   that scale with the data, chosen on a 20% holdout (Recommender.candidates,
   validation.resolve_settings); the draws below then use the chosen settings.
2. Weights: the member with the best validation NDCG@10 starts alone at weight 1; coordinate
   ascent over a grid changes one other weight at a time and keeps a change only when mean
   validation NDCG@10 rises. The fused weights are then kept only if their paired per-user gain
   over the best member alone exceeds `noise_se` standard errors of that gain (users of every
   draw); otherwise the best member stands alone. Never below the best member on validation.
3. Exposure (popularity-bias) control: the fused model's own top-10 lists give each title an
   exposure; the score subtracts beta x spread x penalty, spread being the mean per-user standard
   deviation of the fused scores and penalty z(log(1 + exposure)) refined EXPOSURE_REFINEMENTS
   times on the lists it produces (refined_penalty). beta is the largest on EXPOSURE_GRID whose
   validation NDCG@10 stays within `exposure_tolerance` (relative) of the unpenalised one and
   not below the best member's alone: it may buy coverage, never more than that tolerance of
   accuracy on validation, and never the fallback guarantee of 2.
4. The members are refitted on all the data with the settings chosen in 1; the exposure of the
   final model is counted (and refined) over every user's lists. Diversification (MMR) and cold
   start are applied at serving time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from recommender.algorithms.base import (
    FoldsIn,
    InteractionData,
    Recommender,
    UserState,
    standardise,
    top_n_rows,
)
from recommender.algorithms.ease import EaseRecommender
from recommender.algorithms.validation import (
    ValidationSplit,
    holdout_split,
    mask_seen,
    ndcg_and_coverage,
    ndcg_of_lists,
    ndcg_per_user,
    resolve_settings,
    validation_split,
)

logger = logging.getLogger(__name__)

__all__ = [
    "EXPOSURE_GRID",
    "GRID",
    "POPULARITY_GRID",
    "HybridConfig",
    "HybridRecommender",
    "holdout_split",
    "ndcg_and_coverage",
    "standardise",
]

DEFAULT_MEMBERS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("ease", {"dropout": 0.25, "rating_weight": 0.2}),  # lambda chosen on validation
    ("session", {"window": 5, "tau_seconds": 30.0}),
    ("user_knn", {"k": 0, "shrinkage": 10.0, "centred": False}),  # k chosen on validation
    ("content", {}),
    ("language", {}),
    ("popularity", {}),
)
GRID = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0)  # member weights (z-scores, best member 1)
POPULARITY_GRID = (-0.3, -0.2, -0.1, 0.0, 0.1)  # the popularity prior may also push down
EXPOSURE_GRID = tuple(round(0.05 * i, 2) for i in range(21))  # x the fused scores' spread
EXPOSURE_REFINEMENTS = 2  # damped updates of the exposure penalty from the lists it produces
TOP_K = 10

Stack = tuple[np.ndarray, sparse.csr_matrix, np.ndarray]  # member scores, seen, held out
# (member, the user's state, item columns) -> the member's raw scores of those columns
ColumnScorer = Callable[[Recommender, UserState, np.ndarray], np.ndarray]


def _own_columns(model: Recommender, state: UserState, cols: np.ndarray) -> np.ndarray:
    """The member's own `fold_in_columns` when it has one, else its whole fold-in, sliced."""
    columns = getattr(model, "fold_in_columns", None)
    if columns is not None:
        return np.asarray(columns(state, cols))
    return np.asarray(model.fold_in(state))[cols]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class HybridConfig:
    members: tuple[tuple[str, dict[str, Any]], ...] = DEFAULT_MEMBERS
    weights: tuple[float, ...] = ()  # fixed weights; empty = fit on validation
    exposure_tolerance: float = 0.02  # validation NDCG@10 the exposure penalty may cost (relative)
    noise_se: float = 2.0  # fusion kept only if its validation gain exceeds this many std errors
    holdout: float = 0.35
    validation_folds: int = 2
    rounds: int = 2
    validation_users: int = 1000  # a bound on the work of one validation draw
    exposure_users: int = 20_000  # a bound on memory when counting exposure over all users


def fused_spread(fused: np.ndarray) -> float:
    """Mean per-user standard deviation of fused scores (finite entries): the unit of beta."""
    finite = np.where(np.isfinite(fused), fused, np.nan)
    spread = float(np.nanmean(np.nanstd(finite, axis=1))) if fused.size else 0.0
    return spread if np.isfinite(spread) and spread > 0 else 1.0


def exposure_penalty(top: np.ndarray, n_cols: int) -> np.ndarray:
    """z(log(1 + times each column appears in the lists))."""
    log_exposure = np.log1p(np.bincount(top.ravel(), minlength=n_cols).astype(np.float64))
    spread = log_exposure.std()
    return (log_exposure - log_exposure.mean()) / spread if spread > 0 else log_exposure * 0.0


def refined_penalty(
    lists: Callable[[np.ndarray], np.ndarray],
    n_cols: int,
    shift_per_unit: float,
    refinements: int = EXPOSURE_REFINEMENTS,
    start: np.ndarray | None = None,
) -> np.ndarray:
    """The exposure penalty of every column, refined on the lists it produces.

    lists(shift) gives the top-k columns of the fused scores minus shift (a vector over the
    columns). The penalty starts as z(log(1 + exposure)) of the unpenalised lists; each
    refinement averages it with the penalty that the lists penalised by shift_per_unit x it give.
    A title the first penalty already pushed out of most lists is pushed less, one that stays in
    them is pushed more: the same beta buys more coverage for the accuracy it costs. start: the
    penalty of the unpenalised lists when the caller has it already."""
    if start is None:
        start = exposure_penalty(lists(np.zeros(n_cols, np.float32)), n_cols)
    penalty = start
    if shift_per_unit == 0:
        return penalty
    for _ in range(refinements):
        shift = (shift_per_unit * penalty).astype(np.float32)
        penalty = 0.5 * penalty + 0.5 * exposure_penalty(lists(shift), n_cols)
    return penalty


def fusion_gain(
    fused: list[tuple[np.ndarray, np.ndarray]], alone: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[float, float]:
    """(mean per-user validation NDCG@10 gain of the fused scores over the best member alone,
    its standard error), paired over the users of every draw: (scores with seen items at -inf,
    held-out bool) per draw for each."""
    diffs = np.concatenate(
        [
            ndcg_per_user(top_n_rows(f, TOP_K), held) - ndcg_per_user(top_n_rows(a, TOP_K), held)
            for (f, held), (a, _) in zip(fused, alone, strict=True)
        ]
    )
    if len(diffs) < 2:
        return float(diffs.mean()) if len(diffs) else 0.0, 0.0
    return float(diffs.mean()), float(diffs.std(ddof=1) / np.sqrt(len(diffs)))


def choose_beta(
    folds: list[tuple[np.ndarray, np.ndarray]],
    tolerance: float,
    grid: tuple[float, ...],
    keep_at_least: float = 0.0,
) -> tuple[float, dict[float, float]]:
    """folds: (fused scores with seen items at -inf, held-out bool) per validation draw.
    Returns the largest beta on grid whose mean NDCG@10 is at least (1 - tolerance) x the
    unpenalised one (beta 0, the first on the grid) and at least keep_at_least (the best
    member's alone, so the penalty never takes the hybrid below it on validation), and the
    NDCG of every beta tried."""
    prepared = [  # per draw: the spread and the penalty of the unpenalised lists (every beta's)
        (
            fused,
            held,
            fused_spread(fused),
            exposure_penalty(top_n_rows(fused, TOP_K), fused.shape[1]),
        )
        for fused, held in folds
    ]
    curve: dict[float, float] = {}
    for beta in grid:
        values = []
        for fused, held, spread, start in prepared:

            def lists(shift: np.ndarray, fused: np.ndarray = fused) -> np.ndarray:
                return top_n_rows(fused - shift, TOP_K)

            penalty = refined_penalty(lists, fused.shape[1], beta * spread, start=start)
            values.append(ndcg_of_lists(lists((beta * spread * penalty).astype(np.float32)), held))
        curve[beta] = float(np.mean(values))
    floor = min(max((1.0 - tolerance) * curve[grid[0]], keep_at_least), curve[grid[0]])
    chosen = max((b for b in grid if curve[b] >= floor - 1e-12), default=grid[0])
    return chosen, curve


class HybridRecommender(Recommender):
    name = "hybrid"
    Config = HybridConfig
    family = "hybrid"
    anchors_reasons = True
    serving_config = {
        "members": (
            (EaseRecommender.name, dict(EaseRecommender.serving_config)),  # reuses the trained EASE
            ("session", {"window": 5, "tau_seconds": 30.0}),
            ("content", {}),
            ("language", {}),
            ("popularity", {}),
        ),
        "validation_folds": 1,
    }

    def reuse(
        self, fitted: Mapping[tuple[str, Any], Recommender], data: InteractionData, seed: int
    ) -> None:
        """Models already fitted on `data` with `seed`, keyed by (name, config): a member with the
        same name and configuration is taken as it is instead of being fitted again (a training
        run fits EASE, content and language on its own before the hybrid)."""
        self._reusable = (data, seed, dict(fitted))

    def _member_configs(self) -> list[tuple[str, type[Recommender], Any]]:
        from recommender.algorithms import algorithm_get

        out = []
        for name, params in self.config.members:
            cls = algorithm_get(name)
            out.append((name, cls, cls.Config(**params)))
        return out

    def _make_members(
        self, data: InteractionData, seed: int, resolved: Mapping[str, Any] | None = None
    ) -> list[tuple[str, Recommender]]:
        """Members fitted on `data` (with the settings chosen on validation when given); the
        ones that cannot run on the data are left out."""
        reuse: tuple[InteractionData | None, int | None, dict[tuple[str, Any], Recommender]] = (
            getattr(self, "_reusable", (None, None, {}))
        )
        reuse_data, reuse_seed, reusable = reuse
        members = []
        for name, cls, config in self._member_configs():
            if resolved is not None and name not in resolved:
                continue
            if data is reuse_data and seed == reuse_seed and (name, config) in reusable:
                members.append((name, reusable[(name, config)]))
                continue
            model = cls(resolved[name] if resolved is not None else config)
            try:
                model.fit(data, seed=seed)
            except ValueError as exc:  # e.g. no item features or no interaction times
                logger.info("hybrid: member %s steps aside: %s", name, exc)
                continue
            members.append((name, model))
        return members

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        resolved, names, stacks = self._validation_scores(data, seed)
        if not names:
            raise ValueError("no hybrid member can run on this data")
        member_ndcg = {
            name: float(
                np.mean([ndcg_and_coverage(st[m], seen, held)[0] for st, seen, held in stacks])
            )
            for m, name in enumerate(names)
        }
        best = max(names, key=lambda n: member_ndcg[n]) if names else ""
        if self.config.weights:
            weights = np.zeros(len(names))
            fixed = dict(
                zip([n for n, _ in self.config.members], self.config.weights, strict=False)
            )
            weights[:] = [fixed.get(n, 0.0) for n in names]
            ndcg = self._validation_ndcg(weights, stacks)
        gain, noise = 0.0, 0.0
        if not self.config.weights:
            weights, ndcg = self._fit_weights(names, stacks, start=names.index(best))
            alone = np.zeros(len(names))
            alone[names.index(best)] = 1.0
            gain, noise = fusion_gain(
                [self._fused_validation(weights, st) for st in stacks],
                [self._fused_validation(alone, st) for st in stacks],
            )
            if gain <= self.config.noise_se * noise:  # fusion not distinguishable from best alone
                weights, ndcg = alone, member_ndcg[best]
        multiple, curve = choose_beta(
            [self._fused_validation(weights, st) for st in stacks],
            self.config.exposure_tolerance,
            EXPOSURE_GRID,
            keep_at_least=member_ndcg[best],
        )
        self.validation_ = {
            "ndcg": ndcg,
            "best_member": best,
            "members": member_ndcg,
            "fusion_gain": gain,
            "fusion_gain_se": noise,
            "exposure_beta": multiple,
            "ndcg_with_exposure_control": curve.get(multiple, ndcg),
        }
        final = self._make_members(data, seed, resolved)
        kept = {n for n, _ in final}
        self.members_ = final
        self.weights_ = np.array([w for n, w in zip(names, weights, strict=True) if n in kept])
        self.__dict__.pop("_reusable", None)  # do not keep the training run's data alive
        self.exposure_multiple_ = multiple
        self._fit_exposure_control(data)
        logger.info(
            "hybrid: weights %s, exposure beta %.2f (validation NDCG@10 %.4f, best member %s %.4f)",
            self.weights(),
            multiple,
            ndcg,
            best,
            member_ndcg.get(best, 0.0),
        )

    def _validation_scores(
        self, data: InteractionData, seed: int
    ) -> tuple[dict[str, Any], list[str], list[Stack]]:
        """Member settings resolved first; per draw the standardised member scores (members x
        users x titles with interactions), the seen and the held-out matrices. A member that
        cannot run on one draw is out of every draw."""
        resolved: dict[str, Any] = {}
        reuse: tuple[InteractionData | None, int | None, dict[tuple[str, Any], Recommender]] = (
            getattr(self, "_reusable", (None, None, {}))
        )
        reuse_data, reuse_seed, reusable = reuse
        for name, cls, config in self._member_configs():  # each member's own settings rule
            fitted = (
                reusable.get((name, config)) if data is reuse_data and seed == reuse_seed else None
            )
            if fitted is not None and hasattr(fitted, "settings_"):
                resolved[name] = fitted.settings_  # the same rule already ran in this training run
                continue
            try:
                resolved[name] = resolve_settings(cls, config, data, seed)
            except ValueError as exc:
                logger.info("hybrid: member %s steps aside: %s", name, exc)
        draws: list[tuple[dict[str, np.ndarray], ValidationSplit]] = []
        for fold in range(self.config.validation_folds):
            split = validation_split(
                data, seed + 1 + fold, self.config.holdout, self.config.validation_users
            )
            models = dict(self._make_members(split.train, seed, resolved))
            scores = {n: standardise(split.scores(m)).astype(np.float32) for n, m in models.items()}
            draws.append((scores, split))
        names = [n for n in resolved if all(n in scores for scores, _ in draws)]
        stacks: list[Stack] = [
            (np.stack([scores[n] for n in names]), split.seen, split.held)
            for scores, split in draws
            if names
        ]
        return {n: resolved[n] for n in names}, names, stacks

    @staticmethod
    def _fused_validation(weights: np.ndarray, stack: Stack) -> tuple[np.ndarray, np.ndarray]:
        stacked, seen, held = stack
        fused = np.tensordot(weights, stacked, axes=1).astype(np.float32)
        mask_seen(fused, seen)
        return fused, held

    def _validation_ndcg(self, weights: np.ndarray, stacks: list[Stack]) -> float:
        folds = [self._fused_validation(weights, st) for st in stacks]
        return float(np.mean([ndcg_of_lists(top_n_rows(f, TOP_K), h) for f, h in folds]))

    def _fit_weights(
        self, names: list[str], stacks: list[Stack], start: int = 0
    ) -> tuple[np.ndarray, float]:
        """Coordinate ascent from (best member = 1, others 0). A trial changes one weight, so its
        fused scores are the current ones plus (new - old) x that member's scores: one pass over
        the matrix per trial instead of a weighted sum of every member. A change is kept only
        when it raises mean validation NDCG@10, so the result never falls below the start."""

        def ndcg(fused: list[np.ndarray]) -> float:
            return float(
                np.mean(
                    [
                        ndcg_of_lists(top_n_rows(f, TOP_K), held)
                        for f, (_, _, held) in zip(fused, stacks, strict=True)
                    ]
                )
            )

        weights = np.zeros(len(names))
        if not names:
            return weights, 0.0
        weights[start] = 1.0
        current = []
        for stacked, seen, _ in stacks:  # -inf on seen items stays -inf under the updates
            first = stacked[start].astype(np.float64)
            mask_seen(first, seen)
            current.append(first)
        best = ndcg(current)
        for _round in range(self.config.rounds):
            for m, name in enumerate(names):
                if m == start:
                    continue
                for value in POPULARITY_GRID if name == "popularity" else GRID:
                    delta = value - weights[m]
                    if delta == 0:
                        continue
                    trial = [
                        c + np.multiply(stacked[m], delta, dtype=np.float64)
                        for c, (stacked, _, _) in zip(current, stacks, strict=True)
                    ]
                    score = ndcg(trial)
                    if score > best + 1e-6:
                        best, current = score, trial
                        weights = weights.copy()
                        weights[m] = value
        return weights, best

    def _fit_exposure_control(self, data: InteractionData) -> None:
        """The exposure of every title in the fitted model's own top-10 lists over all users
        (a sample only above exposure_users, for memory): a sample of users underestimates
        everyone's coverage. Only titles with interactions are ranked."""
        seen = data.binary()
        interacted = np.flatnonzero(np.asarray(seen.sum(axis=0)).ravel() > 0)
        users = np.arange(data.n_users)
        if len(users) > self.config.exposure_users:  # bounded memory: users x interacted titles
            users = np.sort(
                np.random.default_rng(0).choice(users, self.config.exposure_users, replace=False)
            )
        seen_cols = seen[:, interacted].tocsr()

        def batch(rows: np.ndarray) -> np.ndarray:
            fused = self._fused(rows)[:, interacted]
            mask_seen(fused, seen_cols[rows])
            return fused

        # float32 scores over the interacted titles, a batch of users at a time, two batches at
        # once (numpy and scipy's sparse products release the GIL)
        with ThreadPoolExecutor(max_workers=2) as pool:
            fused_batches = list(
                pool.map(batch, [users[i : i + 512] for i in range(0, len(users), 512)])
            )

        def lists(shift: np.ndarray) -> np.ndarray:
            tops = [top_n_rows(fused - shift, TOP_K) for fused in fused_batches]
            return np.vstack(tops) if tops else np.empty((0, TOP_K), dtype=np.int64)

        spread = float(np.mean([fused_spread(f) for f in fused_batches])) if fused_batches else 1.0
        self.beta_ = self.exposure_multiple_ * spread
        penalty = np.zeros(data.n_items)
        penalty[interacted] = refined_penalty(lists, len(interacted), self.beta_)
        self.exposure_ = penalty
        shift = (self.beta_ * penalty[interacted]).astype(np.float32)
        self.training_coverage_ = len(np.unique(lists(shift))) / max(len(interacted), 1)
        logger.info(
            "hybrid exposure control beta=%.2f x %.3f, coverage of the training lists %.3f",
            self.exposure_multiple_,
            spread,
            self.training_coverage_,
        )

    def member_names(self) -> list[str]:
        return [name for name, _ in self.members_]

    def member_scores(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        return {
            name: standardise(np.asarray(m.score_rows(rows), dtype=np.float64))
            for name, m in self.members_
        }

    def _fused(self, rows: np.ndarray) -> np.ndarray:
        total = np.zeros((len(rows), len(self.item_ids_)), dtype=np.float32)
        for weight, (_, model) in zip(self.weights_, self.members_, strict=True):
            if weight:
                total += weight * standardise(model.score_rows(rows))
        return total

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        return self._fused(rows) - self.beta_ * self.exposure_[None, :]

    def fold_in_members(self, state: UserState) -> dict[str, np.ndarray]:
        """Each weighted member's standardised scores for the user as they are now."""
        return {
            name: standardise(model.fold_in(state))
            for (name, model), weight in zip(self.members_, self.weights_, strict=True)
            if weight and isinstance(model, FoldsIn)
        }

    def fold_in_pool(
        self,
        state: UserState,
        pool: np.ndarray,
        sample: np.ndarray,
        columns: ColumnScorer | None = None,
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """fold_in_scored restricted to the item columns `pool` (two-stage serving): each
        member's scores of the pool, standardised with their mean and spread over the columns
        `sample` (the whole catalogue's when it is every column). `columns(member, state, cols)`
        scores a member's columns (serving passes recommender/retrieval/pool_scores.py's);
        without it a member with `fold_in_columns` scores only the columns asked for and any
        other is folded in whole and sliced. Arrays are over the pool's columns, in its order."""
        cols = np.concatenate([np.asarray(pool, dtype=np.int64), np.asarray(sample, np.int64)])
        n = len(pool)
        weights = dict(zip(self.member_names(), self.weights_, strict=True))
        members: dict[str, np.ndarray] = {}
        for name, model in self.members_:
            if not weights[name] or not isinstance(model, FoldsIn):
                continue
            score = columns or _own_columns
            values = np.asarray(score(model, state, cols), dtype=np.float64)
            reference = values[n:]
            spread = float(reference.std()) if len(reference) else 0.0
            mean = float(reference.mean()) if len(reference) else 0.0
            members[name] = (values[:n] - mean) / (spread if spread > 0 else 1.0)
        total = np.zeros(n)
        for name, scores in members.items():
            total += weights[name] * scores
        return total - self.beta_ * np.asarray(self.exposure_)[pool], members

    def fold_in_scored(self, state: UserState) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """(fused real-time score, each weighted member's standardised scores), one fold-in."""
        members = self.fold_in_members(state)
        weights = dict(zip(self.member_names(), self.weights_, strict=True))
        total = np.zeros(len(self.item_ids_))
        for name, scores in members.items():
            total += weights[name] * scores
        return total - self.beta_ * self.exposure_, members

    def fold_in(self, state: UserState) -> np.ndarray:
        """Real-time hybrid score: members folded in with the user's current interactions."""
        return self.fold_in_scored(state)[0]

    def weights(self) -> dict[str, float]:
        weights = {
            name: float(w) for (name, _), w in zip(self.members_, self.weights_, strict=True)
        }
        return weights | {"exposure_beta": float(getattr(self, "exposure_multiple_", 0.0))}

    def get_parameters(self) -> dict[str, np.ndarray]:
        params: dict[str, np.ndarray] = {
            "weights": self.weights_,
            "names": np.array(self.member_names(), dtype="U32"),
            "exposure": self.exposure_,
            "beta": np.array(self.beta_),
            "exposure_multiple": np.array(getattr(self, "exposure_multiple_", 0.0)),
        }
        for name, model in self.members_:
            params |= {f"{name}.{key}": value for key, value in model.get_parameters().items()}
        return params

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        from recommender.algorithms import algorithm_get

        self.weights_ = np.asarray(params["weights"], dtype=np.float64)
        self.exposure_ = np.asarray(params["exposure"], dtype=np.float64)
        self.beta_ = float(params["beta"])
        self.exposure_multiple_ = float(params.get("exposure_multiple", 0.0))
        configs = dict(self.config.members)
        self.members_ = []
        for name in (str(n) for n in params["names"]):
            cls = algorithm_get(name)
            model = cls(cls.Config(**configs.get(name, {})))
            model.user_index_, model.item_ids_, model.seen_ = (
                self.user_index_,
                self.item_ids_,
                self.seen_,
            )
            model.load_parameters(
                {k.split(".", 1)[1]: v for k, v in params.items() if k.startswith(f"{name}.")}
            )
            self.members_.append((name, model))
