"""Regional speed numbers: offline geo lookup, regional lists, search across scripts.

Goals (issue 14): geo lookup < 0.1 ms; regional lists p50 < 10 ms in process; search p50 < 30 ms
over the demo catalogue, on SQLite and PostgreSQL. Runs against the configured database
(DATABASE_URL); `--load-titles` first loads the demo titles (no ratings) into an empty one.

    .venv/bin/python bench/regional.py [--load-titles] [--json var/bench/regional.json]

`make bench` may call `run(json_path)` after `load_demo`; it returns the numbers as a dict.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEARCHES = [
    "మగధీర", "magadira", "Magadheera", "दंगल", "Dangal", "மெர்சல்", "Mersal", "ರಣ ವಿಕ್ರಮ",
    "rana vikrama", "baahubali", "बाहुबली", "shingeki no kyojin", "naruto", "breaking bad",
    "dilwale", "kimi no na wa", "magadheeraa", "sholay", "3 idiots", "premam",
]  # fmt: skip
LANGUAGES = ["te", "hi", "ta", "kn", "ml", "en", "ja"]


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1e3, 4),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1e3, 4),
        "n": len(ordered),
    }


def _time(call: Callable[[], Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def bench_geo() -> dict[str, Any]:
    from apps.integrations.geo import geo_reader_get

    reader = geo_reader_get()
    if reader is None:
        return {"error": "no geolocation database"}
    addresses = [
        f"{a}.{b}.{c}.7"
        for a in (1, 14, 27, 49, 103, 117, 182)
        for b in range(0, 256, 4)
        for c in (0, 64, 128, 192)
    ]
    start = time.perf_counter()
    for ip in addresses:
        reader._lookup(ip)  # uncached: every address once
    cold = (time.perf_counter() - start) / len(addresses)
    return {
        "cold_mean_ms": round(cold * 1e3, 4),
        "lookups": len(addresses),
        "reader": type(reader._reader).__name__,
    }


def bench_lists(repeat: int) -> dict[str, Any]:
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    from apps.catalog.selectors import ContentFilters
    from apps.regional import selectors

    filters = ContentFilters()
    setup_test_environment()  # the test client's host ("testserver") is allowed
    client = Client()
    result: dict[str, Any] = {}
    for name, select in (
        ("trending", selectors.regional_trending),
        ("popular", selectors.regional_popular),
    ):

        def cold(select: Callable[..., list[int]] = select) -> None:
            cache.clear()
            for code in LANGUAGES:
                select(language=code, filters=filters)

        def api(name: str = name) -> None:
            for code in LANGUAGES:
                client.get(f"/api/regional/{name}/{code}")

        per_list = len(LANGUAGES)
        uncached = _ms([t / per_list for t in _time(cold, max(repeat // 5, 3))])
        result[f"{name}_selector_uncached"] = uncached
        result[f"{name}_api"] = _ms([t / per_list for t in _time(api, repeat)])
    return result


def bench_search(repeat: int) -> dict[str, Any]:
    from apps.catalog.selectors import ContentFilters, content_search

    filters = ContentFilters()
    content_search(query="warm up", filters=filters)  # builds the in-process index once
    samples: list[float] = []
    for _ in range(repeat):
        for query in SEARCHES:
            start = time.perf_counter()
            content_search(query=query, filters=filters)
            samples.append(time.perf_counter() - start)
    return {"search": _ms(samples)}


def run(json_path: str | None = None, repeat: int = 30) -> dict[str, Any]:
    from django.db import connection

    from apps.catalog.models import Content

    numbers = {
        "database": connection.vendor,
        "titles": Content.objects.count(),
        "geo": bench_geo(),
        **bench_lists(repeat),
        **bench_search(repeat // 3 or 1),
    }
    if json_path:
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(json.dumps(numbers, indent=2))
    return numbers


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load-titles", action="store_true", help="load the demo titles first")
    parser.add_argument("--json", default="", help="also write the numbers here")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if args.load_titles:
        from apps.catalog.demo_loader import (
            DemoStats,
            load_anime_titles,
            load_indian_films,
            load_tv_series,
        )
        from apps.catalog.models import Content

        if not Content.objects.exists():
            load_anime_titles()
            load_indian_films()
            load_tv_series(DemoStats())
    print(json.dumps(run(args.json or None, args.repeat), indent=2))  # noqa: T201 (bench output)


if __name__ == "__main__":
    main()
