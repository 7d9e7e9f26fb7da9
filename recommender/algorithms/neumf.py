"""Neural collaborative filtering (NeuMF, He et al. 2017): GMF and MLP towers over user and item
embeddings, trained in TensorFlow/Keras on implicit feedback with sampled negatives, then exported
as arrays; scoring is a numpy forward pass (no TensorFlow at serving time)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from recommender.algorithms.base import InteractionData, Recommender
from recommender.algorithms.tf_runtime import tensorflow


@dataclass(frozen=True)
class NeuMFConfig:
    gmf_factors: int = 32
    mlp_layers: tuple[int, ...] = (64, 32, 16)
    epochs: int = 8
    negatives: int = 4
    batch_size: int = 2048
    learning_rate: float = 0.002
    l2: float = 1e-6


def sample_training_pairs(
    binary_coo_rows: np.ndarray,
    binary_coo_cols: np.ndarray,
    n_items: int,
    negatives: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positives plus `negatives` uniformly drawn unseen items per positive (rejection sampling)."""
    seen = set((binary_coo_rows.astype(np.int64) * n_items + binary_coo_cols).tolist())
    users = np.repeat(binary_coo_rows, negatives)
    items = rng.integers(0, n_items, size=len(users))
    keys = users.astype(np.int64) * n_items + items
    clash = np.fromiter((k in seen for k in keys.tolist()), dtype=bool, count=len(keys))
    for _ in range(10):
        if not clash.any():
            break
        items[clash] = rng.integers(0, n_items, size=int(clash.sum()))
        keys = users.astype(np.int64) * n_items + items
        clash = np.fromiter((k in seen for k in keys.tolist()), dtype=bool, count=len(keys))
    keep = ~clash
    all_users = np.concatenate([binary_coo_rows, users[keep]])
    all_items = np.concatenate([binary_coo_cols, items[keep]])
    labels = np.concatenate([np.ones(len(binary_coo_rows)), np.zeros(int(keep.sum()))]).astype(
        np.float32
    )
    return all_users.astype(np.int32), all_items.astype(np.int32), labels


class NeuMFRecommender(Recommender):
    name = "neumf"
    family = "deep"
    serving_config = {"epochs": 3, "batch_size": 8192}
    Config = NeuMFConfig

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        tf = tensorflow(seed)
        cfg = self.config
        model = self._build(tf, data.n_users, data.n_items)
        coo = data.binary().tocoo()
        rng = np.random.default_rng(seed)
        for _epoch in range(cfg.epochs):
            users, items, labels = sample_training_pairs(
                coo.row, coo.col, data.n_items, cfg.negatives, rng
            )
            order = rng.permutation(len(labels))
            model.fit(
                [users[order], items[order]],
                labels[order],
                batch_size=cfg.batch_size,
                epochs=1,
                verbose=0,
                shuffle=False,
            )
        self._export(model)

    def _build(self, tf, n_users: int, n_items: int):  # type: ignore[no-untyped-def]
        cfg, layers = self.config, tf.keras.layers
        reg = tf.keras.regularizers.l2(cfg.l2)
        user = tf.keras.Input(shape=(), dtype="int32")
        item = tf.keras.Input(shape=(), dtype="int32")
        half = cfg.mlp_layers[0] // 2
        gu = layers.Embedding(
            n_users, cfg.gmf_factors, name="gmf_user", embeddings_regularizer=reg
        )(user)
        gi = layers.Embedding(
            n_items, cfg.gmf_factors, name="gmf_item", embeddings_regularizer=reg
        )(item)
        mu = layers.Embedding(n_users, half, name="mlp_user", embeddings_regularizer=reg)(user)
        mi = layers.Embedding(n_items, half, name="mlp_item", embeddings_regularizer=reg)(item)
        hidden = layers.Concatenate()([mu, mi])
        for n, width in enumerate(cfg.mlp_layers[1:]):
            hidden = layers.Dense(
                width, activation="relu", name=f"mlp_{n}", kernel_regularizer=reg
            )(hidden)
        joined = layers.Concatenate()([layers.Multiply()([gu, gi]), hidden])
        out = layers.Dense(1, activation="sigmoid", name="out")(joined)
        model = tf.keras.Model([user, item], out)
        model.compile(
            optimizer=tf.keras.optimizers.Adam(cfg.learning_rate), loss="binary_crossentropy"
        )
        return model

    def _export(self, model) -> None:  # type: ignore[no-untyped-def]
        def get(name: str) -> list[np.ndarray]:
            return [np.asarray(w, dtype=np.float32) for w in model.get_layer(name).get_weights()]

        (self.gmf_user_,) = get("gmf_user")
        (self.gmf_item_,) = get("gmf_item")
        (self.mlp_user_,) = get("mlp_user")
        (self.mlp_item_,) = get("mlp_item")
        self.dense_ = [tuple(get(f"mlp_{n}")) for n in range(len(self.config.mlp_layers) - 1)]
        self.out_w_, self.out_b_ = get("out")

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        return np.vstack([self._score_user(int(r)) for r in rows])

    def _score_user(self, row: int) -> np.ndarray:
        f = self.gmf_user_.shape[1]
        gmf = (self.gmf_item_ * self.gmf_user_[row]) @ self.out_w_[:f, 0]
        first_w, first_b = self.dense_[0]
        half = self.mlp_user_.shape[1]
        hidden = np.maximum(
            self.mlp_user_[row] @ first_w[:half] + self.mlp_item_ @ first_w[half:] + first_b, 0
        )
        for weights, bias in self.dense_[1:]:
            hidden = np.maximum(hidden @ weights + bias, 0)
        return gmf + hidden @ self.out_w_[f:, 0] + self.out_b_[0]

    def get_parameters(self) -> dict[str, np.ndarray]:
        params = {
            "gmf_user": self.gmf_user_,
            "gmf_item": self.gmf_item_,
            "mlp_user": self.mlp_user_,
            "mlp_item": self.mlp_item_,
            "out_w": self.out_w_,
            "out_b": self.out_b_,
        }
        for n, (weights, bias) in enumerate(self.dense_):
            params[f"dense_{n}_w"], params[f"dense_{n}_b"] = weights, bias
        return params

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.gmf_user_, self.gmf_item_ = params["gmf_user"], params["gmf_item"]
        self.mlp_user_, self.mlp_item_ = params["mlp_user"], params["mlp_item"]
        self.out_w_, self.out_b_ = params["out_w"], params["out_b"]
        n_dense = sum(1 for key in params if key.startswith("dense_") and key.endswith("_w"))
        self.dense_ = [(params[f"dense_{n}_w"], params[f"dense_{n}_b"]) for n in range(n_dense)]
