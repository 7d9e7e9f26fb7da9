"""Regional (issue 14) and site (issue 17) speed numbers in docs/benchmarks.md, after load_demo.

Runs bench/regional.py (geo lookup, regional lists, search across scripts) and bench/site.py
(homepage server time with rows cached, first-load weight) against the configured database, then
bench/regional.py again on PostgreSQL (`BENCH_PG_URL`, default a `cinerec_bench` database on the
local server, created and loaded with the demo titles when missing; skipped when no server
answers), and writes their section between `<!-- product:start -->` and `<!-- product:end -->`.

    .venv/bin/python bench/product.py docs/benchmarks.md
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- product:start -->", "<!-- product:end -->"


def _site(json_path: Path) -> dict[str, Any]:
    subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [
            sys.executable,
            str(ROOT / "bench" / "site.py"),
            "--runs",
            "100",
            "--json",
            str(json_path),
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return json.loads(json_path.read_text())


PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/cinerec_bench")


def _postgres(json_path: Path) -> dict[str, Any]:
    """bench/regional.py on PostgreSQL, in its own process and database; {} with the reason
    when no server answers (the SQLite numbers still stand)."""
    import psycopg

    name = PG_URL.rsplit("/", 1)[-1]
    try:
        with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        return {"error": f"PostgreSQL not measured: {exc}".splitlines()[0]}
    env = {**os.environ, "DATABASE_URL": PG_URL}
    for command in (
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        [
            sys.executable,
            str(ROOT / "bench" / "regional.py"),
            "--load-titles",
            "--json",
            str(json_path),
        ],
    ):
        subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    return json.loads(json_path.read_text())


def render(
    regional: dict[str, Any], site: dict[str, Any], postgres: dict[str, Any] | None = None
) -> str:
    geo = regional.get("geo", {})
    geo_row = (
        f"| geo lookup, uncached (mean of {geo['lookups']}, {geo['reader']}) | "
        f"{geo['cold_mean_ms']} | - |"
        if "cold_mean_ms" in geo
        else f"| geo lookup | {geo.get('error', 'not measured')} | - |"
    )
    postgres = postgres or {}
    pg_geo = postgres.get("geo", {})

    def pg(name: str) -> str:
        value = postgres.get(name)
        return f"{value['p50_ms']} | {value['p95_ms']}" if isinstance(value, dict) else "- | -"

    geo_row += f" {pg_geo['cold_mean_ms']} | - |" if "cold_mean_ms" in pg_geo else " - | - |"
    lists = "\n".join(
        f"| {name} | {value['p50_ms']} | {value['p95_ms']} | {pg(name)} |"
        for name, value in regional.items()
        if isinstance(value, dict) and "p50_ms" in value
    )
    pg_note = (
        f"PostgreSQL: {postgres.get('titles')} titles (the demo titles, no ratings), trigram index."
        if "titles" in postgres
        else postgres.get("error", "PostgreSQL: not measured.")
    )
    pages = "\n".join(
        f"| {name} | {value['p50_ms']} | {value['p95_ms']} | {value['first_ms']} |"
        for name, value in site.items()
        if isinstance(value, dict) and "p50_ms" in value
    )
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""{START}
## Regional and site ({when}, {regional.get("database")}, {regional.get("titles")} titles)

In process, on this shared 2-core machine. Goals: geo lookup < 0.1 ms, regional lists p50
< 10 ms, search p50 < 30 ms (issue 14); homepage p50 < 50 ms with rows cached, first load
< 150 KB (issue 17).

| measure | {regional.get("database")} p50 ms | p95 ms | postgresql p50 ms | p95 ms |
|---|---|---|---|---|
{geo_row}
{lists}

{pg_note}

| page | p50 ms | p95 ms | first request ms |
|---|---|---|---|
{pages}

First load (HTML, CSS, JS): {site.get("first_load_total_kb")} KB.
{END}"""


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    sys.path.insert(0, str(ROOT / "bench"))
    import regional  # bench/regional.py
    from sections import replace_section  # bench/sections.py

    target = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "benchmarks.md")
    out = ROOT / "var" / "bench" / "product"  # not beside the protocol results report.py reads
    numbers = regional.run(str(out / "regional.json"))
    section = render(numbers, _site(out / "site.json"), _postgres(out / "regional-pg.json"))
    replace_section(target, START, END, section)
    sys.stdout.write(section + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
