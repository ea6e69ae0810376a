# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/raffinaderij/web/static/vendor
# The demo folder: RAFF_DATA_DIR when set, else var/. RAFF_HOST and RAFF_PORT say where it serves.
DEMO_DIR ?= $(or $(RAFF_DATA_DIR),var)
DEMO_PERSONS ?= 2000

.PHONY: install assets system-deps demo demo-reset test lint typecheck pytest bench screenshots clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv

$(BIN)/raff: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet --all-extras
	touch $(BIN)/raff

install: $(BIN)/raff assets

# Front-end libraries come from the npm registry, pinned in frontend/package-lock.json, and are
# copied into the package: the workbench never loads anything from elsewhere (LAW-17).
assets: $(VENDOR)/VERSIONS.tsv
$(VENDOR)/VERSIONS.tsv: frontend/package.json frontend/package-lock.json frontend/vendor.mjs
	cd frontend && npm ci --silent --no-audit --no-fund
	cd frontend && node vendor.mjs ../$(VENDOR)

# Debian packages the tests use: chromium for the browser tests (browsers cannot be downloaded
# here), the PostgreSQL server, which the PostgreSQL connector test starts on its own, and a Java
# runtime for resolution on Spark (local mode in the tests).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Builds the demo store once and keeps it (and what you did in it) on later runs.
demo: install
	$(BIN)/raff demo run --out $(DEMO_DIR) --persons $(DEMO_PERSONS)

# Wipes what the demo built (never a store it did not build) and builds it anew.
demo-reset: install
	$(BIN)/raff demo run --out $(DEMO_DIR) --persons $(DEMO_PERSONS) --reset

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

pytest: install system-deps
	$(BIN)/pytest -n 2 -q

test: lint typecheck pytest

# Screenshots of every page for docs/ (the browser tests take them).
screenshots: install system-deps
	RAFF_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/pytest -q -m browser

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(TOOLS) var .pytest_cache .mypy_cache .ruff_cache frontend/node_modules $(VENDOR)
