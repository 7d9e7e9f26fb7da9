"""Homepage bench: server time with rows cached, and the first load's weight.

    .venv/bin/python bench/site.py [--runs 200] [--json var/bench/site.json]

Runs in-process with Django's test client against the configured database (the demo data that
`make run` loads), so the time is the server's own (URL routing, middleware, rows, template), not
the network's. The first request of each kind fills the row caches and is reported apart. The
weight is what a browser fetches on a first visit: the HTML plus every stylesheet and script it
links (images aside; the demo data has no posters). Targets (issue 17): p50 < 50 ms, < 150 KB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.test import Client
    from django.test.utils import setup_test_environment

    from apps.accounts.models import Rating, User
    from apps.catalog.models import Content

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not Content.objects.exists():
        sys.stderr.write("No titles in the database: run `make setup` (demo data) first.\n")
        return 1
    setup_test_environment()  # the test client's ALLOWED_HOSTS ('testserver')
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    results: dict[str, object] = {"titles": Content.objects.count()}
    member = User.objects.filter(pk__in=Rating.objects.values("user_id")[:1]).first()
    for label, path, language in (
        ("visitor", "/", "en"),
        ("visitor-telugu-filter", "/?lang=te", "te"),
        ("member", "/", "en"),
    ):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        if label == "member":
            if member is None:
                continue
            client.force_login(member)
        started = time.perf_counter()
        first = client.get(path)
        cold_ms = (time.perf_counter() - started) * 1000
        assert first.status_code == 200, first.status_code
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times.sort()
        results[label] = {
            "first_ms": round(cold_ms, 1),
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
            "runs": args.runs,
        }

    html = Client().get("/").content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    weights = {"html": len(html)}
    for asset in assets:
        found = finders.find(asset.decode())
        assert found, asset
        weights[asset.decode()] = Path(str(found)).stat().st_size
    results["first_load_bytes"] = weights
    results["first_load_total_kb"] = round(sum(weights.values()) / 1024, 1)

    sys.stdout.write(json.dumps(results, indent=2) + "\n")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
