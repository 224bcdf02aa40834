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
## With SENTRY_COMPAT_WITH_ORACLE=1 (as .ci/run sets it) a real Sentry 9.1.2 is brought up first
## (about 3 minutes on a fresh machine, bounded to 20) so the oracle-marked tests run too; if it
## cannot start they skip with the reason.
ORACLE_STATE := $(HOME)/.cache/sentry-compat/oracle/state.json

test: $(VENV)/.test
	bash scripts/install-toolchains.sh
	@if [ -n "$$SENTRY_COMPAT_WITH_ORACLE" ]; then \
	  timeout 1200 $(BIN)/compat reference up || echo "oracle could not start: its tests will skip"; \
	fi
	@if [ -n "$$SENTRY_COMPAT_WITH_ORACLE" ] && [ -f "$(ORACLE_STATE)" ]; then \
	  export SENTRY_COMPAT_ORACLE="$(ORACLE_STATE)"; fi; \
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.test
	$(BIN)/ruff check sentry_compat tests benchmarks
	$(BIN)/ruff format --check sentry_compat tests benchmarks
	$(BIN)/mypy

bench: $(VENV)/.test
	$(BIN)/python benchmarks/capture_load.py
	$(BIN)/python benchmarks/normalize.py
	$(BIN)/python benchmarks/api.py
	$(BIN)/python benchmarks/diff.py

clean:
	rm -rf $(VENV) .pytest_cache
