"""Find real addresses per Indian state in the geolocation database (for tests and checks).

Scans the IPv4 space systematically (every /19, one address each) through the configured reader
and prints, per state name the database uses, how many sampled blocks it covers and a few
addresses. The regional tests' addresses (Telangana, Tamil Nadu, Karnataka) came from this.

    .venv/bin/python scripts/geo_sample_ips.py
"""

from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def main() -> None:
    import django

    django.setup()
    from apps.integrations.geo import geo_reader_get

    reader = geo_reader_get()
    if reader is None:
        raise SystemExit("no geolocation database")
    counts: collections.Counter[str] = collections.Counter()
    samples: dict[str, list[str]] = collections.defaultdict(list)
    for a in range(1, 224):
        for b in range(256):
            for c in range(0, 256, 32):
                ip = f"{a}.{b}.{c}.1"
                found = reader.lookup(ip)
                if found is None or found.country != "IN":
                    continue
                counts[found.state] += 1
                if len(samples[found.state]) < 3:
                    samples[found.state].append(f"{ip} ({found.city})")
    for state, n in sorted(counts.items()):
        print(f"{state or '-':<30} {n:>5}  {', '.join(samples[state])}")  # noqa: T201 (maintainer tool)


if __name__ == "__main__":
    main()
