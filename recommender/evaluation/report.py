"""Writes docs/benchmarks.md from the JSON results of `make bench`, beside the peers' numbers.

The peers' numbers are those of the evaluation protocol (measured side by side on the same
splits, 2 cores): python -m recommender.evaluation.report RESULTS_DIR OUT.md
"""

from __future__ import annotations

import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RANK_COLUMNS = ("P@10", "R@10", "NDCG@10", "MAP@10", "HR@10", "coverage", "novelty")

PEERS_RANK = {
    "ml-100k": [
        ("most popular", (0.188, 0.111, 0.213, 0.109, 0.774, 0.035, 1.42), 0.1),
        ("EASE, lambda 500 (Steck 2019)", (0.374, 0.244, 0.449, 0.305, 0.937, 0.188, 1.97), 0.4),
        ("implicit ALS, 32 factors", (0.346, 0.233, 0.415, 0.269, 0.937, 0.262, 2.24), 0.2),
        ("implicit BM25 item-kNN", (0.320, 0.207, 0.380, 0.245, 0.910, 0.161, 2.18), 0.1),
        ("implicit BPR, 64 factors", (0.235, 0.158, 0.283, 0.158, 0.857, 0.520, 3.26), 0.8),
    ],
    "anime": [
        ("most popular", (0.127, 0.098, 0.160, 0.082, 0.619, 0.007, 1.82), 2.2),
        (
            "EASE, lambda 100 (best lambda on the test split)",
            (0.348, 0.286, 0.467, 0.332, 0.900, 0.173, 3.04),
            11.6,
        ),
        ("EASE, lambda 250", (0.345, 0.283, 0.461, 0.326, 0.898, 0.152, 2.91), 12.9),
        ("implicit ALS, 64 factors", (0.278, 0.218, 0.370, 0.243, 0.839, 0.113, 3.06), 0.6),
        ("implicit item-kNN cosine", (0.200, 0.161, 0.264, 0.158, 0.754, 0.115, 2.52), 0.4),
        ("implicit BPR, 64 factors", (0.179, 0.168, 0.248, 0.143, 0.756, 0.357, 4.42), 4.9),
    ],
}
PEERS_RATING = {
    "ml-100k": [
        ("BaselineOnly", 0.944, 0.749, 0.1),
        ("SVD", 0.937, 0.738, 0.9),
        ("SVD++", 0.919, 0.722, 10.1),
        ("KNNBaseline, item, pearson_baseline", 0.917, 0.719, 1.2),
        ("KNNWithMeans, user, cosine", 0.956, 0.755, 0.7),
        ("NMF", 0.964, 0.759, 1.9),
    ],
    "anime": [
        ("BaselineOnly", 1.214, 0.924, 0.4),
        ("SVD", 1.193, 0.902, 2.0),
        ("KNNBaseline, item, pearson_baseline", 1.145, 0.858, 7.3),
    ],
}


def _dataset_key(name: str) -> str:
    return "anime" if "anime" in name or name.startswith("ratings.csv") else "ml-100k"


def _load(results_dir: Path) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for path in sorted(results_dir.glob("*.json")):
        payload = json.loads(path.read_text())
        key = _dataset_key(path.stem)
        entry = merged.setdefault(
            key, {"dataset": payload["dataset"], "results": [], "skipped": {}}
        )
        entry["results"] += payload["results"]
        entry["skipped"] |= payload.get("skipped", {})
    return merged


def _rank_table(key: str, results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| algorithm | " + " | ".join(RANK_COLUMNS) + " | fit + score s | peak MB |",
        "|---" * (len(RANK_COLUMNS) + 3) + "|",
    ]
    for r in (r for r in results if r["protocol"] == "rank-v1"):
        cells = [
            f"{r['metrics'][c]:.3f}" if c != "novelty" else f"{r['metrics'][c]:.2f}"
            for c in RANK_COLUMNS
        ]
        name = f"**{r['algorithm']}**" if r["algorithm"] == "hybrid" else r["algorithm"]
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {r['seconds']:.1f} | {r['peak_mb']:.0f} |"
        )
    for name, values, seconds in PEERS_RANK.get(key, []):
        cells = [f"{v:.3f}" if i < 6 else f"{v:.2f}" for i, v in enumerate(values)]
        lines.append(f"| peer: {name} | " + " | ".join(cells) + f" | {seconds} | |")
    return lines


def _rating_table(key: str, results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| algorithm | RMSE | MAE | fit s (mean per fold) | peak MB |",
        "|---|---|---|---|---|",
    ]
    for r in (r for r in results if r["protocol"] == "rating-v1"):
        lines.append(
            f"| {r['algorithm']} | {r['metrics']['RMSE']:.4f} | {r['metrics']['MAE']:.4f} | {r['seconds']:.1f} | {r['peak_mb']:.0f} |"
        )
    for name, rmse, mae, seconds in PEERS_RATING.get(key, []):
        lines.append(f"| peer: scikit-surprise {name} | {rmse:.3f} | {mae:.3f} | {seconds} | |")
    return lines


def render(results_dir: Path) -> str:
    merged = _load(results_dir)
    out = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.now(tz=UTC):%Y-%m-%d} ({platform.machine()}, "
        f"Python {platform.python_version()}). Protocols and split: docs/algorithms.md (the project's copy of "
        "the evaluation protocol). Peers' rows are the protocol's reference numbers, measured side by side "
        "on the same split and 2 cores. Peak MB is the peak of memory allocated through Python and numpy "
        "during fit and scoring (tracemalloc), not the process RSS. Measured on a shared 2-core "
        "machine: seconds vary with the load of the other processes.",
    ]
    titles = {"ml-100k": "MovieLens 100K", "anime": "Anime (MyAnimeList ratings)"}
    for key, entry in sorted(merged.items(), key=lambda pair: pair[0] != "ml-100k"):
        ds = entry["dataset"]
        out += [
            "",
            f"## {titles[key]}: {ds['users']} users, {ds['items']} items, {ds['ratings']} ratings",
        ]
        if any(r["protocol"] == "rank-v1" for r in entry["results"]):
            out += ["", "### rank-v1 (top-10)", "", *_rank_table(key, entry["results"])]
            hybrid = next((r for r in entry["results"] if r["algorithm"] == "hybrid"), None)
            if hybrid and "weights" in hybrid.get("extra", {}):
                out += [
                    "",
                    f"Hybrid weights fitted on validation data: `{hybrid['extra']['weights']}`",
                ]
        if any(r["protocol"] == "rating-v1" for r in entry["results"]):
            out += [
                "",
                "### rating-v1 (5-fold RMSE / MAE)",
                "",
                *_rating_table(key, entry["results"]),
            ]
        for what, why in entry["skipped"].items():
            out.append(f"\n- skipped {what}: {why}")
    out += robustness_section(results_dir / "robustness" / "robustness.json")
    return "\n".join(out) + "\n"


def robustness_section(path: Path) -> list[str]:
    """The robustness table (recommender.evaluation.robustness), when make bench wrote it."""
    if not path.exists():
        return []
    from recommender.evaluation.robustness import LOSS_MARGIN, losses, markdown

    rows = json.loads(path.read_text())
    out = [
        "",
        "## Robustness: the hybrid against its best member and the peers on every set",
        "",
        "rank-v1 on each set; NDCG@10 / catalogue coverage. The best member is the best of the "
        "hybrid's own members (fitted inside it, with the settings it chose) on the test split; "
        "the peers are fitted on the same training rows.",
        "",
        *markdown(rows),
        "",
    ]
    lost = losses(rows)
    out += [f"- {line}" for line in lost] or [
        f"The hybrid is within {LOSS_MARGIN} NDCG@10 of its best member on every set."
    ]
    return out


def main(argv: list[str]) -> None:
    """Rewrite the protocol tables; keep the serving section (bench/serving.py writes it)."""
    results_dir, target = Path(argv[1]), Path(argv[2])
    existing = target.read_text() if target.exists() else ""
    marker = "<!-- serving:begin -->"
    serving = existing[existing.index(marker) :] if marker in existing else ""
    target.write_text(render(results_dir) + ("\n" + serving if serving else ""))


if __name__ == "__main__":
    main(sys.argv)
