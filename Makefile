# Two commands a new user needs: `make demo` and `make test`. Both build .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= auto

.PHONY: install demo test lint unit integration e2e browser chromium bench fidelity foreign-gspread foreign-pygsheets clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/oneonone demo

lint: $(STAMP)
	$(BIN)/ruff check service workspace_emulator tests bench
	$(BIN)/ruff format --check service workspace_emulator tests bench
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q tests/unit

integration: $(STAMP)
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests/integration

e2e: $(STAMP)
	$(BIN)/pytest -q tests/e2e

# The browser tests use Debian's chromium (no browser download): installed here when missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium package for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

browser: $(STAMP) chromium
	$(BIN)/pytest -q tests/browser

test: lint unit integration e2e browser

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

fidelity: $(STAMP)
	$(BIN)/python -m bench.fidelity

# gspread's own test suite live against the emulator; needs a gspread checkout (see the runner)
GSPREAD ?= /tmp/gspread
foreign-gspread: $(STAMP)
	$(BIN)/python -m bench.foreign_gspread $(GSPREAD)

# pygsheets' own online tests live against the emulator; needs a pygsheets checkout (see the runner)
PYGSHEETS ?= /tmp/pygsheets
foreign-pygsheets: $(STAMP)
	$(BIN)/python -m bench.foreign_pygsheets $(PYGSHEETS)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
