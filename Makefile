# The two commands that matter: `make run` and `make test`. Both work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements/*.txt | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/1

.PHONY: help venv run setup test test-browser test-services services lint format bench clean worker beat fuzz

help:
	@echo "make run            set up and serve the product with demo data on http://$(HOST):$(PORT)"
	@echo "make test           run the test suite (SQLite, local-memory cache, eager Celery)"
	@echo "make test-browser   the site's browser tests alone (headless chromium; screenshots in var/screenshots)"
	@echo "make test-services  run the test suite on PostgreSQL + Redis (DATABASE_URL/REDIS_URL)"
	@echo "make lint           ruff, ruff format --check, mypy, import contracts, makemigrations --check"
	@echo "make bench          offline recommender evaluation -> docs/benchmarks.md"
	@echo "make fuzz           schemathesis on the live API as anonymous, user and staff"

venv: $(STAMP)

$(STAMP): requirements/*.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/local.txt
	$(PY) -m pip install --quiet --no-deps -r requirements/geo.txt -r requirements/demo.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py analytics_rollup --all --if-missing
	$(PY) manage.py train_recommenders --if-missing
	$(PY) manage.py ensure_demo_admin

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	$(PY) -m pytest

test-browser: venv
	CINEREC_REQUIRE_BROWSER=1 $(PY) -m pytest -m browser apps/web/tests/browser

services:
	@bash .ci/services.sh

test-services: venv services
	$(PY) -m pip install --quiet -r requirements/spark.txt  # Spark ALS tests (about 450 MB)
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_ALLOWED_HOSTS=example.com \
	  EMAIL_HOST=smtp.example.com \
	  DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  $(PY) manage.py check --deploy --fail-level WARNING

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: venv
	$(VENV)/bin/celery -A config worker -Q default,ml -l info

beat: venv
	$(VENV)/bin/celery -A config beat -l info

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache staticfiles

bench: venv
	bash bench/run.sh

fuzz: venv
	bash scripts/fuzz.sh
