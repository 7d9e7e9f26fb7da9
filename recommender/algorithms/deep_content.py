"""Deep content analysis: a TensorFlow item encoder that learns embeddings from metadata and
overview text (genres, language, kind, decade, TF-IDF reduced by truncated SVD), trained so that
items consumed by the same user land close together (in-batch softmax, as in two-tower
retrieval models). Every catalogue item gets an embedding from its metadata alone, so cold
items with no interactions are recommendable and have similar titles. Exported as an array."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from recommender.algorithms.base import InteractionData, Recommender, UserState
from recommender.algorithms.features import content_matrix
from recommender.algorithms.tf_runtime import tensorflow


@dataclass(frozen=True)
class DeepContentConfig:
    input_dims: int = 128
    hidden: int = 256
    embedding: int = 64
    epochs: int = 5
    pairs_per_user: int = 40
    batch_size: int = 512
    temperature: float = 0.1
    learning_rate: float = 0.002


def co_consumption_pairs(
    indptr: np.ndarray, indices: np.ndarray, per_user: int, rng: np.random.Generator
) -> np.ndarray:
    """(n, 2) item pairs drawn from the same user's interactions."""
    pairs = []
    for user in range(len(indptr) - 1):
        items = indices[indptr[user] : indptr[user + 1]]
        if len(items) >= 2:
            a = rng.choice(items, size=per_user)
            b = rng.choice(items, size=per_user)
            keep = a != b
            pairs.append(np.column_stack([a[keep], b[keep]]))
    return np.vstack(pairs) if pairs else np.empty((0, 2), dtype=np.int64)


class DeepContentRecommender(Recommender):
    name = "deep_content"
    family = "deep"
    serving_config = {"epochs": 3}
    needs_item_features = True
    anchors_reasons = True
    Config = DeepContentConfig

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        if data.item_features is None:
            raise ValueError("deep content analysis needs item features")
        cfg = self.config
        raw = content_matrix(data.item_features)
        dims = max(2, min(cfg.input_dims, raw.shape[1] - 1, raw.shape[0] - 1))
        inputs = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(raw)
        inputs = (inputs / (np.abs(inputs).max(axis=0, keepdims=True) + 1e-9)).astype(np.float32)
        binary = data.binary()
        pairs = co_consumption_pairs(
            binary.indptr, binary.indices, cfg.pairs_per_user, np.random.default_rng(seed)
        )
        self.embeddings_ = self._train(inputs, pairs, seed) if len(pairs) else normalize(inputs)

    def _train(self, inputs: np.ndarray, pairs: np.ndarray, seed: int) -> np.ndarray:
        tf = tensorflow(seed)
        cfg = self.config
        encoder = tf.keras.Sequential(
            [
                tf.keras.Input(shape=(inputs.shape[1],)),
                tf.keras.layers.Dense(cfg.hidden, activation="relu"),
                tf.keras.layers.Dense(cfg.embedding),
                tf.keras.layers.UnitNormalization(),
            ]
        )
        optimizer = tf.keras.optimizers.Adam(cfg.learning_rate)
        features = tf.constant(inputs)

        @tf.function
        def step(anchor_ids, positive_ids):  # type: ignore[no-untyped-def]
            with tf.GradientTape() as tape:
                a = encoder(tf.gather(features, anchor_ids), training=True)
                p = encoder(tf.gather(features, positive_ids), training=True)
                logits = tf.matmul(a, p, transpose_b=True) / cfg.temperature
                labels = tf.range(tf.shape(logits)[0])
                loss = tf.reduce_mean(
                    tf.keras.losses.sparse_categorical_crossentropy(
                        labels, logits, from_logits=True
                    )
                )
            grads = tape.gradient(loss, encoder.trainable_variables)
            optimizer.apply_gradients(zip(grads, encoder.trainable_variables, strict=True))
            return loss

        rng = np.random.default_rng(seed)
        for _epoch in range(cfg.epochs):
            order = rng.permutation(len(pairs))
            for start in range(0, len(order) - 1, cfg.batch_size):
                batch = pairs[order[start : start + cfg.batch_size]]
                step(tf.constant(batch[:, 0]), tf.constant(batch[:, 1]))
        return np.asarray(encoder(features, training=False), dtype=np.float32)

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        assert self.seen_ is not None
        profiles = normalize(np.asarray(self.seen_[rows] @ self.embeddings_))
        return profiles @ self.embeddings_.T

    def score_items(self, items: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        w = np.ones(len(items), dtype=np.float32) if weights is None else weights.astype(np.float32)
        profile = w @ self.embeddings_[items]
        norm = np.linalg.norm(profile)
        return self.embeddings_ @ (profile / norm if norm else profile)

    def fold_in(self, state: UserState) -> np.ndarray:
        if state.empty:
            return np.zeros(len(self.embeddings_))
        return self.score_items(state.items).astype(np.float64)

    def similar_scores(self, col: int) -> np.ndarray:
        return (self.embeddings_ @ self.embeddings_[col]).astype(np.float64)

    def get_parameters(self) -> dict[str, np.ndarray]:
        return {"embeddings": self.embeddings_}

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.embeddings_ = np.asarray(params["embeddings"], dtype=np.float32)
