# Two entry points (see README): `make demo` and `make test`.  Everything else is plumbing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip

$(VENV)/.cli: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[cli]'
	@touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@

## demo: install the CLI, run the Python factory with the real sentry-sdk, capture and show its events
demo: $(VENV)/.cli
	$(BIN)/compat demo

## test: install the test dependencies (Python packages, and the Debian toolchains the error
## factories need: best effort, bounded in time) and run the whole suite
test: $(VENV)/.test
	bash scripts/install-toolchains.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.test
	$(BIN)/ruff check sentry_compat tests benchmarks
	$(BIN)/ruff format --check sentry_compat

bench: $(VENV)/.test
	$(BIN)/python benchmarks/capture_load.py
	$(BIN)/python benchmarks/normalize.py
	$(BIN)/python benchmarks/api.py
	$(BIN)/python benchmarks/diff.py

clean:
	rm -rf $(VENV) .pytest_cache
