# seoul_se — two commands: `make run` (portal with demo data) and `make test` (lint + whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Tests and benchmarks run on PostgreSQL + Redis (this machine's defaults; override by env).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/seoul_se
TEST_BROKER_URL   ?= redis://127.0.0.1:6379/0
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/seoul_se_bench
MYPY_FILES := seoul_se/access.py seoul_se/core/money.py seoul_se/core/jobs.py seoul_se/core/workflow.py seoul_se/core/feedback.py \
              $(wildcard */services.py */selectors.py seoul_se/*/services.py seoul_se/*/selectors.py)

.PHONY: run test lint bench install dev-install messages clean

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
	DEBUG=true $(BIN)/mypy $(MYPY_FILES)

test: lint
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(BIN)/pytest -n 2 --dist loadfile --create-db

bench: dev-install
	DATABASE_URL=$${BENCH_DATABASE_URL:-$(BENCH_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(BIN)/python benchmarks/run.py $(BENCH)

messages: dev-install
	DEBUG=true $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks
	DEBUG=true $(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var
