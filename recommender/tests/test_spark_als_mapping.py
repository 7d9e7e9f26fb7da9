"""Spark ALS's factors land at the matrix's own user and item indexes (a tiny data set).

The pure-numpy half (`factors_array`, the Parquet staging) always runs; the tiny fit needs
pyspark and Java and is skipped without them (CINEREC_REQUIRE_SPARK=1 turns the skip into a
failure, as .ci/run sets for make test-services). About 15-40 s: most of it the JVM starting.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from recommender.training.spark_als import (
    SparkAlsParams,
    SparkSettings,
    factors_array,
    fit_factors,
    spark_available,
    stage_parquet,
)

pa = pytest.importorskip("pyarrow")


def _require_spark() -> None:
    reason = spark_available()
    if reason is None:
        return
    if os.environ.get("CINEREC_REQUIRE_SPARK"):
        pytest.fail(f"Spark is required here: {reason}")
    pytest.skip(reason)


def test_factor_rows_land_at_their_ids_and_missing_ids_stay_zero() -> None:
    table = pa.table(
        {
            "id": pa.array([3, 0, 2], pa.int32()),
            "features": pa.array([[3.0, 3.5], [0.0, 0.5], [2.0, 2.5]], pa.list_(pa.float32())),
        }
    )
    out = factors_array(table, size=5, rank=2)
    assert out.dtype == np.float32
    assert out.shape == (5, 2)
    np.testing.assert_array_equal(out[[0, 2, 3]], [[0.0, 0.5], [2.0, 2.5], [3.0, 3.5]])
    np.testing.assert_array_equal(out[[1, 4]], np.zeros((2, 2)))


def test_factor_ids_out_of_range_or_wrong_width_are_refused() -> None:
    wide = pa.table({"id": pa.array([0], pa.int32()), "features": pa.array([[1.0, 2.0, 3.0]])})
    with pytest.raises(ValueError, match="expected 2 factors"):
        factors_array(wide, size=3, rank=2)
    far = pa.table({"id": pa.array([7], pa.int32()), "features": pa.array([[1.0, 2.0]])})
    with pytest.raises(ValueError, match="out of range"):
        factors_array(far, size=3, rank=2)


def test_staging_keeps_every_signal_at_its_row_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.parquet as pq

    monkeypatch.setattr("recommender.training.spark_als.PARQUET_ROWS", 4)  # several files
    rng = np.random.default_rng(0)
    matrix = sparse.random(30, 12, density=0.2, format="csr", random_state=rng, dtype=np.float32)
    written = stage_parquet(matrix, tmp_path)
    files = sorted(tmp_path.glob("*.parquet"))
    assert written == matrix.nnz
    assert len(files) > 1
    table = pa.concat_tables([pq.read_table(f) for f in files])
    back = sparse.csr_matrix(
        (table["value"].to_numpy(), (table["user"].to_numpy(), table["item"].to_numpy())),
        shape=matrix.shape,
    )
    assert (back != matrix).nnz == 0


def _two_blocks() -> sparse.csr_matrix:
    """Even users took only even titles, odd users only odd ones; user 9 and title 13 nothing."""
    rows, cols = [], []
    for user in range(9):
        for item in range(user % 2, 12, 2):
            if (user + item) % 5:  # not every title of the block, so the fit has work to do
                rows.append(user)
                cols.append(item)
    return sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(10, 14))


def test_spark_factors_follow_the_matrix_order_on_a_tiny_fit() -> None:
    _require_spark()
    matrix = _two_blocks()
    params = SparkAlsParams(rank=4, reg_param=0.1, alpha=5.0, max_iter=6, seed=0)
    factors = fit_factors(matrix, params, spark_settings=SparkSettings(master="local[2]"))
    assert factors.user_factors.shape == (10, 4)
    assert factors.item_factors.shape == (14, 4)
    assert factors.user_factors.dtype == factors.item_factors.dtype == np.float32
    scores = factors.user_factors @ factors.item_factors.T
    even, odd = np.arange(0, 12, 2), np.arange(1, 12, 2)
    for user in range(9):
        own, other = (even, odd) if user % 2 == 0 else (odd, even)
        assert scores[user, own].mean() > scores[user, other].mean() + 0.3, user
    # Rows and columns Spark never saw keep zero factors instead of borrowing a neighbour's.
    assert not factors.user_factors[9].any()
    assert not factors.item_factors[12:].any()
