"""Implicit-feedback ALS on Apache Spark (pyspark MLlib), for when one machine is outgrown.

Optional (requirements/spark.txt, Java 17): nothing here is imported unless training asks for
the Spark backend, and pyspark itself is imported only inside the functions that start it.
The user x item matrix goes to Spark as Parquet files of (row, column, value) triples, where
the row and column *are* the matrix indexes; `pyspark.ml.recommendation.ALS` fits them, and
the factors come back as Arrow tables that land in float32 arrays at the same indexes. So the
factor matrices line up with `InteractionData.user_ids` / `item_ids` exactly as a local fit's
do, and the model saved from them is the same artifact the web already serves.

Spark's implicit ALS weighs a signal r with confidence 1 + alpha * r and scales the
regularisation by each user's and title's number of signals; the local ALS (`implicit`) uses
the confidence it is given and a fixed regularisation. The factors agree closely but not
bit for bit (docs/scale.md, "Spark", measures how closely).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from scipy import sparse

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[2]"
PARQUET_ROWS = 5_000_000  # triples per Parquet file (60 MB of int32, int32, float32)


@dataclass(frozen=True)
class SparkAlsParams:
    """The ALS hyper-parameters, named as Spark names them."""

    rank: int
    reg_param: float
    alpha: float
    max_iter: int
    seed: int = 0


@dataclass(frozen=True)
class SparkSettings:
    """Where Spark runs: `SPARK_MASTER` (settings, then the environment; local[2] by default),
    the driver's heap, and a directory every executor can read for the staged signals."""

    master: str = DEFAULT_MASTER
    driver_memory: str = "2g"
    staging_dir: str | None = None

    @classmethod
    def from_environment(cls) -> SparkSettings:
        def pick(name: str, default: str | None) -> str | None:
            return getattr(settings, name, None) or os.environ.get(name) or default

        return cls(
            master=pick("SPARK_MASTER", DEFAULT_MASTER) or DEFAULT_MASTER,
            driver_memory=pick("SPARK_DRIVER_MEMORY", "2g") or "2g",
            staging_dir=pick("SPARK_STAGING_DIR", None),
        )


@dataclass(frozen=True)
class SparkFactors:
    """Factors at the matrix's own indexes (float32); rows Spark never saw stay zero."""

    user_factors: np.ndarray
    item_factors: np.ndarray
    fit_seconds: float  # Spark's fit alone (not the session start, staging or collection)
    seconds: float  # everything from staging the signals to the factors in numpy
    jvm_peak_rss_bytes: int | None  # the driver JVM's high-water mark (local mode: all of Spark)
    jvm_cpu_seconds: float | None = None  # the driver JVM's user + system CPU so far (Linux)


def spark_available() -> str | None:
    """None when Spark can run here, else why not (for skips and error messages)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install -r requirements/spark.txt)"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (Debian: apt-get install openjdk-17-jre-headless)"
    return None


@contextmanager
def spark_session(spark_settings: SparkSettings | None = None) -> Iterator[SparkSession]:
    """A Spark session for one training run, stopped afterwards (its JVM with it)."""
    from pyspark.sql import SparkSession

    chosen = spark_settings or SparkSettings.from_environment()
    session = (
        SparkSession.builder.master(chosen.master)
        .appName("cinerec-als")
        .config("spark.driver.memory", chosen.driver_memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    # py4j logs its goodbye at interpreter exit, after pytest or the command closed the streams.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    try:
        yield session
    finally:
        session.stop()


def implicit_triples(matrix: sparse.spmatrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, value) of every stored signal: int32, int32, float32."""
    coo = sparse.coo_matrix(matrix)
    return (
        coo.row.astype(np.int32),
        coo.col.astype(np.int32),
        coo.data.astype(np.float32),
    )


def stage_parquet(matrix: sparse.spmatrix, directory: Path) -> int:
    """The matrix as Parquet files of (user, item, value) under `directory`; returns the count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    csr = sparse.csr_matrix(matrix)
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    part = 0
    # Whole rows per file, at most about PARQUET_ROWS signals each: no copy of the whole matrix.
    bounds = np.searchsorted(csr.indptr, np.arange(0, csr.nnz, PARQUET_ROWS), side="right") - 1
    starts = sorted({*bounds.tolist(), 0})
    for start, stop in zip(starts, [*starts[1:], csr.shape[0]], strict=True):
        row, col, value = implicit_triples(csr[start:stop])
        if not row.size:
            continue
        table = pa.table({"user": row + np.int32(start), "item": col, "value": value})
        pq.write_table(table, directory / f"part-{part:05d}.parquet")
        written += row.size
        part += 1
    return written


def factors_array(table: Any, size: int, rank: int) -> np.ndarray:
    """A Spark factor table (id, features: list<float>) as float32 rows at index `id`."""
    out = np.zeros((size, rank), dtype=np.float32)
    if not table.num_rows:
        return out
    ids = table.column("id").to_numpy()
    features = table.column("features").combine_chunks()
    values = features.flatten().to_numpy(zero_copy_only=False).astype(np.float32)
    if values.size != ids.size * rank:
        raise ValueError(f"expected {rank} factors per id, got {values.size / ids.size:.1f}")
    if ids.size and (ids.min() < 0 or ids.max() >= size):
        raise ValueError(f"factor id out of range 0..{size - 1}")
    out[ids] = values.reshape(ids.size, rank)
    return out


def _jvm_proc(session: SparkSession, name: str) -> str | None:
    """/proc/<driver JVM>/<name> (Linux only; None elsewhere)."""
    try:
        jvm: Any = session.sparkContext._jvm
        pid = int(jvm.java.lang.ProcessHandle.current().pid())
        return Path(f"/proc/{pid}/{name}").read_text()
    except (OSError, AttributeError, ValueError, TypeError):
        return None


def _jvm_peak_rss(session: SparkSession) -> int | None:
    """VmHWM of the driver JVM."""
    for line in (_jvm_proc(session, "status") or "").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def _jvm_cpu_seconds(session: SparkSession) -> float | None:
    """User + system CPU seconds of the driver JVM (fields 14 and 15 of /proc/<pid>/stat)."""
    stat = _jvm_proc(session, "stat")
    if stat is None:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fit_factors(
    matrix: sparse.spmatrix,
    params: SparkAlsParams,
    *,
    session: SparkSession | None = None,
    spark_settings: SparkSettings | None = None,
) -> SparkFactors:
    """Fit implicit ALS on Spark; the factors come back at the matrix's row and column indexes.
    Uses `session` when given (it stays open), else starts one and stops it afterwards."""
    if session is None:
        with spark_session(spark_settings) as own:
            return fit_factors(matrix, params, session=own, spark_settings=spark_settings)
    from pyspark.ml.recommendation import ALS

    chosen = spark_settings or SparkSettings.from_environment()
    n_users, n_items = (int(n) for n in matrix.shape)
    if not matrix.nnz:
        raise ValueError("no signals to train on")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="spark-als-", dir=chosen.staging_dir) as scratch:
        root = Path(scratch)
        stage_parquet(matrix, root / "signals")
        session.sparkContext.setCheckpointDir(str(root / "checkpoints"))
        frame = session.read.parquet(str(root / "signals"))
        # One block per core: fewer, larger blocks than Spark's default 10 on a small master.
        blocks = max(1, int(session.sparkContext.defaultParallelism))
        als = ALS(
            rank=params.rank,
            maxIter=params.max_iter,
            regParam=params.reg_param,
            alpha=params.alpha,
            implicitPrefs=True,
            userCol="user",
            itemCol="item",
            ratingCol="value",
            seed=params.seed,
            numUserBlocks=blocks,
            numItemBlocks=blocks,
        )
        fit_started = time.perf_counter()
        model = als.fit(frame)
        user_table = model.userFactors.toArrow()
        item_table = model.itemFactors.toArrow()
        fit_seconds = time.perf_counter() - fit_started
    users = factors_array(user_table, n_users, params.rank)
    items = factors_array(item_table, n_items, params.rank)
    return SparkFactors(
        user_factors=users,
        item_factors=items,
        fit_seconds=fit_seconds,
        seconds=time.perf_counter() - started,
        jvm_peak_rss_bytes=_jvm_peak_rss(session),
        jvm_cpu_seconds=_jvm_cpu_seconds(session),
    )


def python_peak_rss_bytes() -> int:
    """This process's high-water mark (ru_maxrss is in KiB on Linux)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def describe(factors: SparkFactors) -> str:
    """One line for logs and the command's output."""
    return json.dumps(
        {
            "users": int(factors.user_factors.shape[0]),
            "items": int(factors.item_factors.shape[0]),
            "rank": int(factors.user_factors.shape[1]),
            "fit_seconds": round(factors.fit_seconds, 1),
            "seconds": round(factors.seconds, 1),
            "jvm_peak_rss_mb": None
            if factors.jvm_peak_rss_bytes is None
            else round(factors.jvm_peak_rss_bytes / 2**20),
        }
    )
