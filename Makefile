# audiatur — the two commands are `make run` and `make test`; everything else is a helper.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= audiatur.db
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run install dev demo serve test test-fast pin-eval lint format typecheck bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "audiatur needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed  ## create .venv and install audiatur

dev: $(VENV)/.installed-dev  ## create .venv with every extra and the test tools

demo: install  ## build the demo ledger into $(DB) and print its summary
	$(BIN)/audiatur --db $(DB) demo --rebuild

serve: install  ## serve the web app on $(HOST):$(PORT)
	$(BIN)/audiatur --db $(DB) serve --host $(HOST) --port $(PORT) --local-admin

run: demo serve  ## build the demo ledger, then serve it at http://127.0.0.1:8000 (Ctrl-C stops)

test: dev  ## run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: dev  ## run the tests that need no browser, server or model
	$(BIN)/python -m pytest -m "not browser and not postgres and not model and not slow" $(PYTEST_ARGS)

pin-eval: dev  ## re-measure the extraction scores and pin them in the quality gate (after an improvement)
	AUDIATUR_PIN_EVAL=1 $(BIN)/python -m pytest tests/golden/test_quality_gate.py -q

lint: dev  ## ruff (lint + format check) and mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: dev  ## apply ruff's formatting and fixes
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

typecheck: dev
	$(BIN)/mypy

bench: dev  ## print throughput, latency and memory figures (writes bench/results.json)
	$(BIN)/python -m bench

clean:  ## remove the virtualenv, caches and the demo database
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info src/*.egg-info $(DB) $(DB)-wal $(DB)-shm
