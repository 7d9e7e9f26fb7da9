#!/usr/bin/env bash
# Load benchmark (bench/load.py): wrk at ~2x the sustainable rate for 60 s on recommendations,
# trending and details against gunicorn on 127.0.0.1; fails on any 5xx or RSS growth > 1.2x.
# Uses the local database (CINEREC_VAR_DIR, DATABASE_URL), loading the demo data if it is empty.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
.venv/bin/python manage.py migrate --noinput -v0
exec .venv/bin/python bench/load.py "${1:-docs/benchmarks.md}"
