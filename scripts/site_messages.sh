#!/usr/bin/env bash
# Refresh the site's catalogues (apps/web/locale) from apps/web/*.py and templates/, keeping
# existing translations, then compile them. New strings arrive untranslated, and
# apps/web/tests/test_catalogues.py fails until someone translates them.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
LANGS=(te hi ta kn)
trap 'rm -rf locale' EXIT
for l in "${LANGS[@]}"; do
  mkdir -p "locale/$l/LC_MESSAGES"
  cp "apps/web/locale/$l/LC_MESSAGES/django.po" "locale/$l/LC_MESSAGES/django.po"
done
ignore=()
for d in .venv var staticfiles docs bench scripts config recommender apps/accounts apps/analytics \
         apps/catalog apps/core apps/integrations apps/web/tests; do
  ignore+=(-i "$d/*")
done
# Top-level apps other branches add (regional, ott, curation, ...) are skipped too.
for d in apps/*/; do
  [[ "$d" == apps/web/ ]] || ignore+=(-i "${d}*")
done
args=()
for l in "${LANGS[@]}"; do args+=(-l "$l"); done
"$PY" manage.py makemessages "${args[@]}" "${ignore[@]}" >/dev/null
for l in "${LANGS[@]}"; do
  po="apps/web/locale/$l/LC_MESSAGES/django.po"
  msgattrib --no-obsolete -o "$po" "$po"
  msgattrib --no-obsolete -o "locale/$l/LC_MESSAGES/django.po" "locale/$l/LC_MESSAGES/django.po"
  msgcat --use-first -o "$po" "$po" "locale/$l/LC_MESSAGES/django.po"
  msgfmt --check -o "${po%.po}.mo" "$po"
done
echo "catalogues updated: apps/web/locale/{${LANGS[*]}}"
