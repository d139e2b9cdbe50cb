# Two entry points: `make run` (the service on the embedded store) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when pyproject.toml changes; pip's cache keeps torch from downloading twice.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Front-end assets served by Passerelle itself (Swagger UI for /docs); no install scripts run
# (swagger-ui-dist's analytics dependency would report the install otherwise).
ASSETS := node_modules/.installed
$(ASSETS): package.json package-lock.json
	SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

run: $(INSTALLED) $(ASSETS)
	$(BIN)/passerelle seed --if-empty
	$(BIN)/passerelle serve

# Debian's Chromium for tests/browser, which Playwright drives (it never downloads a browser).
# Installed only when missing; without root (or if apt fails) the browser tests skip with the
# reason, except under CI=true, where they fail.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" != 0 ]; then \
		echo "note: $@ is missing and installing it needs root (apt-get install chromium chromium-driver): the browser tests will skip"; \
	else \
		echo "== installing Debian's chromium and chromium-driver"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } \
			|| echo "warning: apt-get could not install chromium: the browser tests will skip"; \
	fi

chromium: | $(CHROMIUM)

test: $(INSTALLED) $(ASSETS) | $(CHROMIUM)
	$(BIN)/python tests/suite.py

clean:
	rm -rf $(VENV) var tests/neo4j-server/target node_modules
