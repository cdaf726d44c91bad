# seoul_se — two commands: `make run` (portal with demo data) and `make test` (lint + whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Tests and benchmarks run on PostgreSQL + Redis (this machine's defaults; override by env).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/seoul_se
TEST_BROKER_URL   ?= redis://127.0.0.1:6379/0
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/seoul_se_bench
MYPY_FILES := seoul_se/access.py seoul_se/core/money.py seoul_se/core/jobs.py seoul_se/core/workflow.py seoul_se/core/feedback.py \
              seoul_se/core/text.py seoul_se/core/discovery.py seoul_se/core/api.py $(wildcard kpis/measures/*.py) kpis/rates.py \
              funds/engine.py funds/kinds.py funds/schedule.py programs/rules.py reports/rules.py districts/rules.py \
              programs/calibration.py programs/ranking.py programs/steps.py \
              seoul_se/core/aggregates.py seoul_se/core/confirm.py opendata/datasets.py opendata/giving.py \
              seoul_se/core/evidence.py $(wildcard integrity/rules/*.py) \
              funds/report_selectors.py funds/history_plan.py funds/report_plan.py \
              seoul_se/core/imports/parsing.py seoul_se/core/imports/readers.py seoul_se/core/imports/kinds.py \
              seoul_se/core/imports/services.py seoul_se/core/bulk.py seoul_se/core/imports/xlsx_stream.py \
              seoul_se/audit/bulk.py seoul_se/core/excel.py \
              $(wildcard */services.py */services/*.py */selectors.py */selectors/*.py */workflow.py \
                         seoul_se/*/services.py seoul_se/*/selectors.py)

.PHONY: run test lint bench backup restore install dev-install messages assets clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev-install: $(VENV)/.dev-installed

run: install
	scripts/run-dev.sh

lint: dev-install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(MYPY_FILES)

test: lint
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(BIN)/pytest -n 2 --dist loadfile --create-db

bench: dev-install
	DATABASE_URL=$${BENCH_DATABASE_URL:-$(BENCH_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(BIN)/python benchmarks/run.py $(BENCH)

# Database (pg_dump -Fc, or SQLite's online backup) + private files + SHA-256 manifest; see README.
backup:
	scripts/backup.sh

restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/seoul_se-YYYYMMDD-HHMMSS"; exit 2; }
	scripts/restore.sh "$(BACKUP)"

messages: dev-install
	DJANGO_SETTINGS_MODULE=seoul_se.settings.development $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks --ignore=node_modules
	DJANGO_SETTINGS_MODULE=seoul_se.settings.development $(BIN)/python manage.py compilemessages -l en --ignore=.venv --ignore=node_modules

# Front-end assets (KRDS, Pretendard GOV) from the npm lockfile into static/vendor/, which is
# committed, so `make run` needs only Python; run after changing package.json.
assets: | $(BIN)/python
	npm ci --ignore-scripts --no-audit --no-fund
	$(BIN)/python scripts/copy_assets.py

clean:
	rm -rf $(VENV) var
