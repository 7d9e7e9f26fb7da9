"""Where a warm recommendation request's time goes, beside the catalogue's trending list:
cProfile over many in-process requests (Django's test client, the whole middleware stack, JWT
auth as a real client sends it) against the demo data, after every list is cached.
Run after `make setup`: python bench/serving_profile.py [users]"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ["API_THROTTLE_ANON"] = os.environ["API_THROTTLE_USER"] = "off"
django.setup()

import numpy as np
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework_simplejwt.tokens import RefreshToken

from apps.accounts.models import User
from apps.catalog.demo_loader import DEMO_EMAIL_DOMAIN

ROUNDS = 5
# (label, a piece of the file's path, the function's name): cumulative time inside each
STEPS = [
    ("whole request (test client)", "django/test/client.py", "request"),
    ("view (DRF dispatch)", "rest_framework/views.py", "dispatch"),
    ("authentication (JWT)", "rest_framework_simplejwt/authentication.py", "authenticate"),
    ("- the user's row (a query)", "rest_framework_simplejwt/authentication.py", "get_user"),
    ("- token decode", "rest_framework_simplejwt/authentication.py", "get_validated_token"),
    ("- token (cached_auth: verified once)", "apps/accounts/cached_auth.py", "get_validated_token"),
    ("- the user (cached_auth: cache entry)", "apps/accounts/cached_auth.py", "get_user"),
    ("throttles", "rest_framework/views.py", "check_throttles"),
    ("body validation", "rest_framework/serializers.py", "is_valid"),
    ("viewing context", "apps/core/viewing.py", "viewing_of"),
    ("experiment (cached)", "recommender/experiments.py", "active_experiment"),
    ("list key", "recommender/serving/keys.py", "list_key"),
    ("- activity version", "apps/analytics/activity.py", "user_activity_version"),
    ("cache reads (locmem get)", "django/core/cache/backends/locmem.py", "get"),
    ("hidden titles", "apps/curation/selectors.py", "hidden_content_ids"),
    ("stored bytes (rendered_get)", "recommender/api/rendered.py", "rendered_get"),
    ("output serializer", "recommender/api/serializers.py", "to_representation"),
    ("JSON rendering", "rest_framework/renderers.py", "render"),
    ("exposure logging", "recommender/serving/service.py", "exposures_log"),
]


def per_request(stats: pstats.Stats, requests: int) -> dict[str, float]:
    found: dict[str, float] = {}
    entries = stats.stats  # type: ignore[attr-defined]
    for label, path, name in STEPS:
        total = sum(
            cumulative
            for (filename, _, function), (_, _, _, cumulative, _) in entries.items()
            if path in filename and function == name
        )
        if total:
            found[label] = total / requests * 1000
    return found


def measure(call: Callable[[int], None], n: int) -> tuple[float, dict[str, float]]:
    samples = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(ROUNDS):
            for i in range(n):
                started = time.perf_counter()
                call(i)
                samples.append(time.perf_counter() - started)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(ROUNDS):
        for i in range(n):
            call(i)
    profile.disable()
    steps = per_request(pstats.Stats(profile), ROUNDS * n)
    steps["database queries"] = len(queries) / (ROUNDS * n)
    return float(np.percentile(np.array(samples) * 1000, 50)), steps


def main(count: int) -> None:
    users = list(
        User.objects.filter(
            email__endswith=f"@{DEMO_EMAIL_DOMAIN}", email__startswith="ml"
        ).order_by("id")[:count]
    )
    if not users:
        raise SystemExit("load the demo data first (make setup)")
    tokens = [str(RefreshToken.for_user(u).access_token) for u in users]
    client = Client(SERVER_NAME="localhost")
    languages = ["te", "hi", "ta", "kn", "ml", "en"]

    def reco(i: int) -> None:
        response = client.post(
            f"/api/ml/recommendations/user/{users[i].pk}",
            '{"k": 20}',
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {tokens[i]}",
        )
        assert response.status_code == 200, response.content

    def trending(i: int) -> None:
        response = client.get("/api/content/trending", {"language": languages[i % 6]})
        assert response.status_code == 200, response.content

    for i in range(len(users)):  # compute, then the first cached answer
        reco(i)
        reco(i)
    for i in range(len(languages)):
        trending(i)
    results = {"warm recommendations": measure(reco, len(users))}
    results["trending"] = measure(trending, len(users))
    labels = [label for label, _, _ in STEPS] + ["database queries"]
    print("| ms per request (cProfile inflates these) |", " | ".join(results), "|")  # noqa: T201
    print("|---|" + "---|" * len(results))  # noqa: T201
    print(  # noqa: T201
        "| p50 without the profiler |", " | ".join(f"{p:.2f}" for p, _ in results.values()), "|"
    )
    for label in labels:
        cells = [f"{steps[label]:.3f}" if label in steps else "-" for _, steps in results.values()]
        print(f"| {label} |", " | ".join(cells), "|")  # noqa: T201


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
