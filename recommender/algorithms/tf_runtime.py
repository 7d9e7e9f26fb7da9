"""TensorFlow is imported only here, only inside training (Celery tasks, the evaluation command):
the web process serves deep models from exported numpy arrays and never imports it."""

from __future__ import annotations

import contextlib
import os
from typing import Any


def tensorflow(seed: int) -> Any:
    """Import TensorFlow quietly with deterministic ops and the given seed."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf

    tf.keras.utils.set_random_seed(seed)
    with contextlib.suppress(AttributeError, RuntimeError):  # older builds; already initialised
        tf.config.experimental.enable_op_determinism()
    return tf
