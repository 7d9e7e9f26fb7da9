"""The protocol's split and metrics, checked on hand-made data, and the command end to end."""

import json
from typing import Any

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from recommender.evaluation.data import read_ratings
from recommender.evaluation.metrics import rank_metrics
from recommender.evaluation.protocols import rank_v1_split, rating_v1_folds


@pytest.fixture
def ratings_file(tmp_path):
    """20 users x 30 items, each user rated 10 items (user u: items u..u+9 mod 30)."""
    lines = ["user\titem\trating\ttimestamp"]
    for u in range(20):
        for j in range(10):
            lines.append(
                f"{u + 1}\t{(u + j) % 30 + 1}\t{1 + (u + j) % 5}\t{1_000_000 + 60 * (u * 10 + j)}"
            )
    path = tmp_path / "ratings.tsv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_rank_split_follows_the_protocol_exactly(ratings_file):
    data = read_ratings(ratings_file)
    train, test = rank_v1_split(data)

    # The reference: visit users in ascending id order with one default_rng(0).
    rng = np.random.default_rng(0)
    expected = []
    for user in range(data.n_users):
        rows = np.flatnonzero(data.users == user)
        expected.extend(rng.permutation(rows)[: round(0.2 * len(rows))].tolist())
    assert sorted(test.tolist()) == sorted(expected)
    assert len(train) + len(test) == len(data)
    assert np.bincount(data.users[test]).tolist() == [2] * 20


def test_user_ids_sort_as_integers_when_all_are_integers(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("user,item,rating\n10,1,5\n9,1,4\n100,2,3\n")
    data = read_ratings(path)
    assert data.user_ids.tolist() == [9, 10, 100]
    assert data.timestamps.tolist() == [0, 0, 0]


def test_rating_folds_are_five_equal_consecutive_cuts_of_the_permutation():
    folds = rating_v1_folds(100)
    perm = np.random.default_rng(0).permutation(100)
    assert [len(test) for _, test in folds] == [20] * 5
    assert folds[2][1].tolist() == perm[40:60].tolist()
    assert sorted(np.concatenate([t for _, t in folds]).tolist()) == list(range(100))


def test_rank_metrics_match_a_hand_computed_example():
    recommended = np.array([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]])
    relevant = [np.array([0, 2, 20])]  # hits at positions 1 and 3; 3 relevant
    counts = np.zeros(30)
    m = rank_metrics(recommended, relevant, n_items=30, train_counts=counts, n_users=4)

    dcg = 1 / np.log2(2) + 1 / np.log2(4)
    idcg = 1 / np.log2(2) + 1 / np.log2(3) + 1 / np.log2(4)
    assert m.precision == pytest.approx(0.2)
    assert m.recall == pytest.approx(2 / 3)
    assert m.ndcg == pytest.approx(dcg / idcg)
    assert m.map == pytest.approx((1 / 1 + 2 / 3) / 3)
    assert m.hit_rate == 1.0
    assert m.coverage == pytest.approx(10 / 30)
    assert m.novelty == pytest.approx(-np.log2(1 / 4))


@pytest.mark.django_db
def test_command_prints_tables_and_writes_json(ratings_file, tmp_path, capsys):
    out = tmp_path / "results.json"
    call_command(
        "evaluate_recommenders",
        ratings=str(ratings_file),
        algorithms="popularity,ease,svd,item_knn",
        json_out=str(out),
    )
    printed = capsys.readouterr().out
    assert "| popularity |" in printed
    assert "rating-v1" in printed
    payload = json.loads(out.read_text())
    protocols = {(r["algorithm"], r["protocol"]) for r in payload["results"]}
    assert ("ease", "rank-v1") in protocols
    assert ("svd", "rating-v1") in protocols
    assert payload["dataset"]["ratings"] == 200


def test_command_skips_content_models_without_item_features(ratings_file, tmp_path):
    out = tmp_path / "r.json"
    call_command(
        "evaluate_recommenders",
        ratings=str(ratings_file),
        algorithms="content",
        protocol="rank-v1",
        json_out=str(out),
    )
    assert json.loads(out.read_text())["skipped"] == {
        "rank-v1/content": "needs item features (--items)"
    }


def test_command_rejects_a_missing_file_and_unknown_algorithms(ratings_file):
    with pytest.raises(CommandError, match="no ratings file"):
        call_command("evaluate_recommenders", ratings="/nonexistent.tsv")
    with pytest.raises(CommandError, match="unknown algorithms"):
        call_command("evaluate_recommenders", ratings=str(ratings_file), algorithms="nope")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("u1,i1,5\nu1,i2,x\n", r"line 3: rating 'x' is not a number"),
        ("u1,i1,5\nu2,i1\n", r"line 3: expected 3 fields"),
        ("u1,i1,5\n,i2,4\n", r"line 3: empty user id"),
        ("u1,i1,5\nu1,i2,4,5\n", r"line 3"),
        ("u1,i1,5,100\n\nu1,i2,4,soon\n", r"line 4: timestamp 'soon' is not a number"),
    ],
)
def test_command_refuses_a_malformed_file_naming_the_line(tmp_path, body, message):
    path = tmp_path / "bad.csv"
    header = "user,item,rating,timestamp\n" if "100" in body else "user,item,rating\n"
    path.write_text(header + body)
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_recommenders", ratings=str(path), algorithms="popularity")


@pytest.mark.django_db
def test_command_accepts_a_1_to_10_scale_with_string_ids(tmp_path):
    """MyAnimeList-style ratings (1-10) keyed by string ids; rating-v1 clips to the data's own
    scale and rank-v1 ignores the values."""
    rng = np.random.default_rng(0)
    lines = ["user_id,anime_id,rating"]
    for u in range(30):
        for i in rng.choice(40, 12, replace=False):
            lines.append(f"user-{u},title-{i:02d},{1 + (u + i) % 10}")
    path = tmp_path / "anime.csv"
    path.write_text("\n".join(lines) + "\n")
    data = read_ratings(path)
    assert data.user_ids[0] == "user-0"
    assert (data.ratings.min(), data.ratings.max()) == (1, 10)
    out = tmp_path / "r.json"
    call_command(
        "evaluate_recommenders",
        ratings=str(path),
        algorithms="popularity,ease,item_knn",
        json_out=str(out),
    )
    results = {(r["algorithm"], r["protocol"]): r for r in json.loads(out.read_text())["results"]}
    assert results[("ease", "rank-v1")]["metrics"]["NDCG@10"] > 0
    rmse = results[("item_knn", "rating-v1")]["metrics"]["RMSE"]
    # no worse than predicting the mean rating (a broken scale, e.g. 0-1 predictions, is ~5.5)
    assert 0 < rmse <= 1.05 * float(np.std(data.ratings))


def test_read_ratings_accepts_a_half_star_scale(tmp_path):
    path = tmp_path / "r.tsv"
    path.write_text("userId\tmovieId\trating\ttimestamp\n1\t31\t2.5\t1260759144\n1\t1029\t0.5\t1\n")
    data = read_ratings(path)
    assert data.ratings.tolist() == [2.5, 0.5]


def test_robustness_sets_change_size_and_density_and_losses_are_reported(ratings_file):
    from recommender.evaluation.robustness import (
        high_ratings,
        losses,
        min_item_ratings,
        rating_sets,
        sample_users,
    )

    data = read_ratings(ratings_file)  # 20 users x 30 items, ratings 1-5
    quarter = sample_users(data, 5)
    assert quarter.n_users == 5
    assert quarter.n_items == len(np.unique(quarter.items))  # coverage over its own titles
    assert set(high_ratings(data).ratings.tolist()) == {4.0, 5.0}
    counts = np.bincount(min_item_ratings(data, 7).items)
    assert counts.min() >= 7
    assert [s.name for s in rating_sets(data, None)][1:] == [
        "ML 100K, 25% of the users",
        "ML 100K, titles with >= 5 ratings",
        "ML 100K, ratings >= 4 only",
    ]
    rows: list[dict[str, Any]] = [
        {"set": "a", "hybrid": {"NDCG@10": 0.40}, "best_member": {"name": "ease", "NDCG@10": 0.41}},
        {
            "set": "b",
            "hybrid": {"NDCG@10": 0.40},
            "best_member": {"name": "ease", "NDCG@10": 0.404},
        },
    ]
    for row in rows:
        row["loss"] = row["best_member"]["NDCG@10"] - row["hybrid"]["NDCG@10"]
    assert [line.split(" the hybrid")[0] for line in losses(rows)] == ["LOSS: on a"]


def test_robustness_table_prints_a_tie_with_its_best_member_as_plus_zero():
    from recommender.evaluation.robustness import markdown

    score = {"NDCG@10": 0.485, "coverage": 0.24}
    row: dict[str, Any] = {
        "set": "Anime",
        "users": 3,
        "items": 4,
        "ratings": 5,
        "density": 5 / 12,
        "hybrid": score,
        "best_member": {"name": "ease"} | score,
        "peer EASE lambda 250": {"NDCG@10": 0.461, "coverage": 0.152},
        "loss": 0.0,
    }
    line = markdown([row])[-1]
    assert line.endswith("| +0.000 |")
    assert "ease 0.485 / 0.240" in line
