#!/usr/bin/env bash
# make fuzz: schemathesis against the live OpenAPI schema of a gunicorn on 127.0.0.1, as an
# anonymous caller, a signed-in user and staff; any 5xx fails the run. Throttles are off (they
# would hide the surface behind 429s) and the broker is unreachable on purpose: training
# requests are recorded in the outbox instead of training in the web process.
# FUZZ_EXAMPLES (default 25) and FUZZ_MAX_TIME (seconds per role, default 50) bound the
# schemathesis runs; the deterministic sweep after them reaches every operation regardless.
# The embedded default (SQLite, local-memory cache) unless FUZZ_DATABASE_URL (PostgreSQL, made
# anew) and FUZZ_REDIS_URL are given. Staff is a curator (the Curators group), so the admin API's
# handlers are reached rather than answered 403.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
EXAMPLES="${FUZZ_EXAMPLES:-25}"
MAX_TIME="${FUZZ_MAX_TIME:-50}"
free_port() { $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT="$(free_port)"
WORK="$(mktemp -d)"
export CINEREC_VAR_DIR="$WORK" DJANGO_SETTINGS_MODULE=config.settings.local
export API_THROTTLE_ANON=off API_THROTTLE_USER=off
export ACCOUNT_EMAIL_RATE=100000/m ACCOUNT_EMAIL_RATE_PER_IP=100000/m
export CELERY_TASK_ALWAYS_EAGER=false CELERY_BROKER_URL="redis://127.0.0.1:$(free_port)/0"
export LOG_LEVEL=WARNING
export IMPORT_RATE=off IMPORT_RATE_PER_ADDRESS=off  # scripts/fuzz_imports.py uploads ~150 files
if [ -n "${FUZZ_DATABASE_URL:-}" ]; then
  # The same run on PostgreSQL (a throwaway database, dropped and made anew) with Redis as the
  # cache (FUZZ_REDIS_URL); the broker stays unreachable as above.
  export DATABASE_URL="$FUZZ_DATABASE_URL" REDIS_URL="${FUZZ_REDIS_URL:-}"
  $PY - <<'PYEOF'
import os
from urllib.parse import urlsplit

import psycopg

url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
admin = url._replace(path="/postgres").geturl()
with psycopg.connect(admin, autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{name}"')
PYEOF
  echo "== fuzzing on PostgreSQL ($FUZZ_DATABASE_URL) with the cache on ${REDIS_URL:-local memory}"
else
  unset REDIS_URL DATABASE_URL
fi
GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

$PY manage.py migrate --noinput -v0
$PY manage.py shell < scripts/fuzz_seed.py
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
  --error-logfile "$WORK/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

token() {
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"fuzz-Passphrase-42\"}" \
    "http://127.0.0.1:$PORT/api/auth/login" | $PY -c 'import json, sys; print(json.load(sys.stdin)["access"])'
}
USER_TOKEN="$(token fuzz-user@example.com)"
STAFF_TOKEN="$(token fuzz-staff@example.com)"

run_as() {
  local role="$1" rc=0; shift
  echo "== schemathesis as $role ($EXAMPLES examples per operation, at most ${MAX_TIME}s)"
  .venv/bin/st run "http://127.0.0.1:$PORT/api/schema/?format=json" \
    --checks not_a_server_error --max-examples "$EXAMPLES" --max-time "$MAX_TIME" \
    --request-timeout 30 --workers 2 --seed 19 --no-color --warnings off \
    --exclude-path-regex '^/api/auth/logout$' "$@" 2>&1 | tee "$WORK/st-$role.log" || rc=$?
  # A failed check (a 5xx) is listed under FAILURES and fails the run. One error of
  # schemathesis's own is let through: hypothesis's "AST constructor recursion depth mismatch",
  # raised while it describes a filter to generate one operation's cases; it depends on the run's
  # state (the same operation passes alone), not on our answers, and schemathesis reports it
  # under ERRORS with exit 1 or 2. The sweep below calls every operation as every role regardless.
  if [ "$rc" != 0 ] && ! grep -q "= FAILURES =" "$WORK/st-$role.log" \
    && grep -q "^AST constructor recursion depth mismatch" "$WORK/st-$role.log" \
    && [ "$(grep -cE "^[A-Z][A-Za-z ]*(Error|Timeout)$" "$WORK/st-$role.log")" \
      = "$(grep -c "^AST constructor recursion depth mismatch" "$WORK/st-$role.log")" ]; then
    echo "== schemathesis as $role: errors of its own and no failed check (see above)"
    return 0
  fi
  return "$rc"
}
status=0
run_as anonymous || status=1
run_as user -H "Authorization: Bearer $USER_TOKEN" || status=1
run_as staff -H "Authorization: Bearer $STAFF_TOKEN" || status=1
# Every method of every path as each role, whatever FUZZ_EXAMPLES is (scripts/fuzz_sweep.py).
$PY scripts/fuzz_sweep.py "http://127.0.0.1:$PORT" "$USER_TOKEN" "$STAFF_TOKEN" || status=1
$PY scripts/fuzz_imports.py "http://127.0.0.1:$PORT" "$USER_TOKEN" || status=1
if [ "$status" != 0 ]; then
  echo "server errors found; gunicorn log:"; tail -50 "$WORK/gunicorn.log"
fi
exit "$status"
